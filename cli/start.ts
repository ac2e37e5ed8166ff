/**
 * The command's entry (bin/podpath.js runs it, bundled): a `podpath run` starts its worker pool
 * (cli/early-pool.ts) before the command line, its validation and the report code are loaded,
 * then the command (cli/main.ts) runs. Only from built JavaScript: from the TypeScript sources
 * (`npm run podpath`, the CLI tests) a thread that registers tsx costs about 0.7 s of CPU, which a
 * run on bad input would pay for nothing (a bad `run` through tsx took 2.2 s with the early pool,
 * 1.0 s without); from the bundle a thread costs about 0.1 s.
 */
import { startEarlyPool } from './early-pool.ts';

if (import.meta.url.endsWith('.js')) startEarlyPool(process.argv.slice(2));
await import('./main.ts');
