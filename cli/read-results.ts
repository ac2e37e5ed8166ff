/**
 * Reads a results.json written earlier — a partial run to resume, a shard to merge — and tells
 * whether two results come from the same run (same podpath version, the same results contract and
 * the same scenario as run, seed included), which is what makes their points interchangeable.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CONTRACT_VERSION, type PointResult, type Results } from '../reports/results.ts';
import { pointKey } from '../scenarios/expand.ts';
import { InputError, messages } from '../scenarios/messages.ts';
import type { Scenario } from '../scenarios/schema.ts';
import { version } from './version.ts';
import { asRun } from './results-of.ts';

/** The results in `file`, or undefined when there is no such file. */
export async function readResults(file: string): Promise<Results | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new InputError(messages.unreadable(file, code ?? String(e)));
  }
  let data: Results;
  try {
    data = JSON.parse(text);
  } catch {
    throw new InputError(messages.notResults(file, 'not valid JSON'));
  }
  if (typeof data !== 'object' || data === null || typeof data.podpath !== 'string' || !Array.isArray(data.points) || typeof data.scenario !== 'object') {
    throw new InputError(messages.notResults(file, 'needs podpath, scenario and points'));
  }
  return data;
}

export function sameRun(a: Pick<Results, 'podpath' | 'contract' | 'scenario'>, b: Pick<Results, 'podpath' | 'contract' | 'scenario'>): boolean {
  return a.podpath === b.podpath && a.contract === b.contract && JSON.stringify(a.scenario) === JSON.stringify(b.scenario);
}

/** The points a run of `scenario` into `outDir` already finished, by point key; a results.json of
 *  another run is bad input. */
export async function finishedPoints(outDir: string, scenario: Scenario): Promise<Map<string, PointResult>> {
  const file = join(outDir, 'results.json');
  const previous = await readResults(file);
  if (!previous) return new Map();
  if (!sameRun(previous, { podpath: version, contract: CONTRACT_VERSION, scenario: asRun(scenario) })) throw new InputError(messages.resumeMismatch(file));
  return new Map(previous.points.map((p) => [pointKey(p), p]));
}
