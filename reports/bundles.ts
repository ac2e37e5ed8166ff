/**
 * The browser builds of Vega, Vega-Lite and vega-embed, read from node_modules so the report can
 * inline them and open offline from file://. The packages do not export their build folders, so
 * the folder is found from the resolved entry point.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BUNDLES = [
  ['vega', 'vega.min.js'],
  ['vega-lite', 'vega-lite.min.js'],
  ['vega-embed', 'vega-embed.min.js'],
] as const;

let cached: Promise<string[]> | undefined;

async function readBundle(pkg: string, file: string): Promise<string> {
  // Every entry point of these packages sits in their build/ folder, beside the minified bundle.
  const path = join(dirname(fileURLToPath(import.meta.resolve(pkg))), file);
  const code = await readFile(path, 'utf8');
  if (/<\/script|<!--/i.test(code)) throw new Error(`${path} contains "</script" or "<!--" and cannot be inlined`);
  return code;
}

/** The three bundles' source, in load order (vega, vega-lite, vega-embed). */
export function browserBundles(): Promise<string[]> {
  cached ??= Promise.all(BUNDLES.map(([pkg, file]) => readBundle(pkg, file)));
  return cached;
}
