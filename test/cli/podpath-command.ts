/**
 * How the command-line tests start podpath: the TypeScript sources as they are in the tree (dist/
 * may be stale while a developer works), bundled once per test process by esbuild from the
 * command's entry (cli/start.ts) and the pool's worker, as scripts/bundle.mjs bundles the built
 * ones for bin/podpath.js. A spawned `node --import tsx` costs about 2 s of CPU to load ~160
 * modules through loader hooks, and the command-line tests spawn podpath about 40 times; the
 * bundle of the same sources starts in a fraction of it. esbuild is also what tsx transpiles
 * with, so the code run is the same. The bundle sits in the checkout, outside dist/ (which `npm
 * pack` in test/package/ rebuilds) and outside node_modules/ (the command finds its package.json
 * by its own name from there), in .test-bundles/, and goes when the test process exits. The built
 * command, bin/podpath.js on dist/, is tested from the packed package (test/package/).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { bundleOptions } from '../../scripts/bundle-options.mjs';

const root = join(import.meta.dirname, '../..');
const outdir = join(root, '.test-bundles', String(process.pid));
process.on('exit', () => rmSync(outdir, { recursive: true, force: true }));
await build(bundleOptions({ podpath: join(root, 'cli/start.ts'), 'replication-worker': join(root, 'experiments/replication-worker.ts') }, outdir));

/** node's arguments before podpath's own: `spawn(process.execPath, [...podpathArgs, 'run', …])`. */
export const podpathArgs = [join(outdir, 'podpath.js')];
