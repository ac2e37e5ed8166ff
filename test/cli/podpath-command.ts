/**
 * How the command-line tests start podpath: node with tsx on the TypeScript sources, from the
 * command's entry (cli/start.ts, which bin/podpath.js runs built), so a test always runs the code
 * as it is in the tree (dist/ may be stale while a developer works). The built command,
 * bin/podpath.js on dist/, is tested from the packed package (test/package/).
 */
import { join } from 'node:path';

/** node's arguments before podpath's own: `spawn(process.execPath, [...podpathArgs, 'run', …])`. */
export const podpathArgs = ['--import', import.meta.resolve('tsx'), join(import.meta.dirname, '../../cli/start.ts')];
