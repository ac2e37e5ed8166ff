// The second step of `npm run build`: bundles the compiled command (dist/cli/start.js) and the
// pool's worker thread (dist/experiments/replication-worker.js) into dist/bundle/, what
// bin/podpath.js runs. Loading ~160 modules one by one (and zod, yaml, commander, hdr-histogram-js
// and Vega's ~40 packages as files of their own) costs the main process and every worker thread
// more CPU than the code itself; a bundle reads a few files. Code shared by the two entries and the
// parts loaded on demand (the model, which the main thread does not run; Vega, which only the
// threads rendering charts load) are chunks of their own. piscina stays outside: it starts its
// threads from its own files. The code is the same as in dist/ (no minification), less two
// packages' parts that podpath never runs (below), so results and reports are byte for byte those
// of the unbundled build.
import { build } from 'esbuild';
import { bundleOptions } from './bundle-options.mjs';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

// zod's `z` namespace re-exports every one of its ~50 message locales (`z.locales`), 360 kB of the
// 2.1 MB the main thread parses at start; podpath uses none of them (zod registers English, the
// messages podpath states, from its own import of locales/en.js). The bundle keeps `z.locales.en`
// alone.
const zodEnglish = createRequire(import.meta.url).resolve('zod/v4/locales/en.js');
const englishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (a) => (/[\\/]zod[\\/]/.test(a.importer) ? { path: 'zod-locales', namespace: 'zod-locales' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, () => ({ contents: `export { default as en } from ${JSON.stringify(zodEnglish)};`, resolveDir: dirname(zodEnglish), loader: 'js' }));
  },
};

// hdr-histogram-js (sim/stats.ts, in the main thread and every worker) loads, with its JavaScript
// histograms, a WebAssembly build (a base64 module, its loader) and pako for compressed encodings:
// 190 kB podpath never runs (it builds JavaScript histograms and encodes none). The bundle leaves
// them out; calling them there throws, naming this file.
const leftOut = (what) => `throw new Error('podpath bundle: hdr-histogram-js ${what} is left out (scripts/bundle.mjs)')`;
const hdrJsOnly = {
  name: 'hdr-histogram-js-only',
  setup(b) {
    b.onResolve({ filter: /^(\.\/wasm|\.\.\/wasm|pako)$/ }, (a) => (/[\\/]hdr-histogram-js[\\/]/.test(a.importer) ? { path: a.path === 'pako' ? 'pako' : 'wasm', namespace: 'hdr-left-out' } : undefined));
    b.onLoad({ filter: /^pako$/, namespace: 'hdr-left-out' }, () => ({ contents: 'module.exports = null;', loader: 'js' }));
    b.onLoad({ filter: /^wasm$/, namespace: 'hdr-left-out' }, () => ({
      contents: [
        `class WasmHistogram { static build() { ${leftOut('WebAssembly')}; } static decode() { ${leftOut('WebAssembly')}; } }`,
        'exports.WasmHistogram = WasmHistogram;',
        'exports.webAssemblyAvailable = false;',
        `exports.initWebAssembly = async () => { ${leftOut('WebAssembly')}; };`,
        `exports.initWebAssemblySync = () => { ${leftOut('WebAssembly')}; };`,
        'exports.webAssemblyReady = () => false;',
      ].join('\n'),
      loader: 'js',
    }));
  },
};

const outdir = new URL('../dist/bundle/', import.meta.url).pathname;
await rm(outdir, { recursive: true, force: true });
await build({
  ...bundleOptions(
    {
      // The command's entry starts a run's pool before the rest loads (cli/start.ts).
      podpath: 'dist/cli/start.js',
      // The pool loads './replication-worker.js' beside its own (bundled) module.
      'replication-worker': 'dist/experiments/replication-worker.js',
    },
    outdir,
  ),
  chunkNames: 'chunk-[hash]',
  plugins: [englishOnly, hdrJsOnly],
});
