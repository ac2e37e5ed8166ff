/**
 * Writes results.json alone, atomically (a temporary file in the same folder, then a rename), so
 * a reader — or a run stopped half-way — only ever sees a whole file. Used for the partial results
 * of a run in progress or interrupted; the finished run's outputs come from reports/write.ts.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Results } from '../reports/results.ts';

export async function writeResultsJson(outDir: string, results: Results): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const file = join(outDir, 'results.json');
  const tmp = join(outDir, `.results.json.${process.pid}.tmp`);
  await writeFile(tmp, JSON.stringify(results, null, 2) + '\n');
  await rename(tmp, file);
}
