/**
 * Writes a run's outputs: results.json, results.csv and report.html, atomically (temp folder, then
 * renames). Placeholder until the full report lands.
 */
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Results, RunMeta } from './results.ts';

export async function writeOutputs(outDir: string, results: Results, _meta: RunMeta, _opts: { svg?: boolean } = {}): Promise<void> {
  const dir = resolve(outDir);
  await mkdir(dirname(dir), { recursive: true });
  const tmp = await mkdtemp(join(dirname(dir), '.podpath-'));
  try {
    await writeFile(join(tmp, 'results.json'), JSON.stringify(results, null, 2) + '\n');
    await mkdir(dir, { recursive: true });
    await rename(join(tmp, 'results.json'), join(dir, 'results.json'));
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
