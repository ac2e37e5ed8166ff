/**
 * What one replication of one point returns: its metrics (numbers, distribution summaries or
 * per-role maps), its series and the number of events it fired. The aggregate step reduces these
 * across replications into the results contract.
 */
import type { Summary } from '../sim/index.ts';

export type ReplicationMetrics = Record<string, number | Summary | Record<string, number>>;

export interface ReplicationResult {
  metrics: ReplicationMetrics;
  series: Record<string, { columns: string[]; rows: number[][] }>;
  events: number;
}

