/**
 * The command's entry (bin/podpath.js runs it, bundled): a `podpath run` starts its worker pool
 * (cli/early-pool.ts) before the command line, its validation and the report code are loaded,
 * then the command (cli/main.ts) runs.
 */
import { startEarlyPool } from './early-pool.ts';

startEarlyPool(process.argv.slice(2));
await import('./main.ts');
