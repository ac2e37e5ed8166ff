/**
 * A worker thread of the pool: answers one task (point model, seed, replication) with its
 * ReplicationResult. Built into dist/ it loads as plain JavaScript; run from the sources, the
 * thread first goes through replication-worker-source.mjs, which registers tsx.
 */
import { runReplication } from './experiment.ts';
import type { ReplicationTask } from './pool.ts';
import type { ReplicationResult } from './replication-result.ts';

export default function replicate({ model, seed, replication }: ReplicationTask): ReplicationResult {
  return runReplication(model, seed, replication);
}
