/**
 * Checks `--out` before anything runs, so a run does not spend an hour and then fail to write:
 * the folder (or the nearest folder above it that exists, where it would be created) must be a
 * folder this process can create entries in, and so must the one above it (the outputs are first
 * written into a temporary folder beside the output folder, reports/write.ts). Whether a folder
 * is writable is found by creating and removing an empty folder in it: access(2) answers "yes"
 * to root even where creating fails (/proc, /sys, a read-only mount).
 */
import { mkdtempSync, rmdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InputError, messages } from '../scenarios/messages.ts';

/** The nearest path at or above `path` that exists, and whether it is a folder. */
function nearestExisting(path: string): { at: string; folder: boolean } {
  for (let at = path; ; at = dirname(at)) {
    try {
      return { at, folder: statSync(at).isDirectory() };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || dirname(at) === at) throw e;
    }
  }
}

function checkWritable(dir: string, folder: string): void {
  let probe: string;
  try {
    probe = mkdtempSync(join(folder, '.podpath-probe-'));
  } catch (e) {
    throw new InputError(messages.outputUnwritable(dir, folder, (e as NodeJS.ErrnoException).code ?? String(e)));
  }
  rmdirSync(probe);
}

export function checkOutputFolder(dir: string): void {
  const full = resolve(dir);
  const checked = new Set<string>();
  for (const path of [full, dirname(full)]) {
    const { at, folder } = nearestExisting(path);
    if (!folder) throw new InputError(at === full ? messages.outputNotDirectory(dir) : messages.outputUnderFile(dir, at));
    if (!checked.has(at)) checkWritable(dir, at);
    checked.add(at);
  }
}
