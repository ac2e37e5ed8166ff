// The second step of `npm run build`: bundles the compiled command (dist/cli/start.js) and the
// pool's worker thread (dist/experiments/replication-worker.js) into dist/bundle/, what
// bin/podpath.js runs. Loading ~160 modules one by one (and zod, yaml, commander, hdr-histogram-js
// and Vega's ~40 packages as files of their own) costs the main process and every worker thread
// more CPU than the code itself; a bundle reads a few files. Code shared by the two entries and the
// parts loaded on demand (the model, which the main thread does not run; Vega, which only the
// threads rendering charts load) are chunks of their own. piscina stays outside: it starts its
// threads from its own files. The code is the same as in dist/ (no minification, no other
// transform), so results and reports are byte for byte those of the unbundled build.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';

const outdir = new URL('../dist/bundle/', import.meta.url).pathname;
await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: {
    // The command's entry starts a run's pool before the rest loads (cli/start.ts).
    podpath: 'dist/cli/start.js',
    // The pool loads './replication-worker.js' beside its own (bundled) module.
    'replication-worker': 'dist/experiments/replication-worker.js',
  },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir,
  chunkNames: 'chunk-[hash]',
  external: ['piscina'],
  // Bundled CommonJS packages call require() for Node's own modules; an ES module has none.
  banner: { js: "import { createRequire as __podpathRequire } from 'node:module'; const require = __podpathRequire(import.meta.url);" },
  logLevel: 'warning',
});
