// A worker thread of the pool: registers tsx (hooks are per thread) so the TypeScript model runs
// as it is, then answers one task (point model, seed, replication) with its ReplicationResult.
import { register } from 'tsx/esm/api';

register();
const { runReplication } = await import('./experiment.ts');

export default function replicate({ model, seed, replication }) {
  return runReplication(model, seed, replication);
}
