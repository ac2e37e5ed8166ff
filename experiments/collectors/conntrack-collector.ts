/**
 * Conntrack on a Service point: the first client node's table sampled every `sampleNs` from the
 * start of the run (entries, and drops at a full table so far), and at the end of the run its
 * entries, their memory and the table limit; drops at a full table on every node in the measured
 * period. The sampler is an event of its own, scheduled when the collector is built.
 */
import type { Simulation } from '../../sim/index.ts';
import type { ConntrackTable } from '../../models/netfilter/conntrack-table.ts';
import type { Collector, MeasuredPeriod } from '../replication.ts';
import type { ReplicationOutput } from '../replication-output.ts';

export class ConntrackCollector implements Collector {
  private readonly entriesRows: number[][] = [];
  private readonly dropRows: number[][] = [];
  private dropsBefore = 0;
  private insertsBefore = 0;

  /** `tables`: every node's table, by node, as the model creates them; `watched`: the one sampled. */
  constructor(
    private readonly sim: Simulation,
    private readonly tables: ReadonlyMap<number, ConntrackTable>,
    private readonly watched: ConntrackTable,
    private readonly sampleNs: number,
    private readonly period: MeasuredPeriod,
  ) {
    sim.schedule(0, this.sample);
  }

  private readonly sample = (): void => {
    const { sim, watched } = this;
    watched.expire(sim.now);
    this.entriesRows.push([sim.now / 1e9, watched.entries]);
    this.dropRows.push([sim.now / 1e9, watched.drops]);
    sim.schedule(this.sampleNs, this.sample);
  };

  private drops(): number {
    let n = 0;
    for (const t of this.tables.values()) n += t.drops;
    return n;
  }

  reset(): void {
    this.dropsBefore = this.drops();
    this.insertsBefore = this.watched.inserts;
  }

  collect(out: ReplicationOutput): void {
    const w = this.watched;
    w.expire(this.sim.now);
    out.metric('conntrack_entries', w.entries);
    out.metric('conntrack_max', w.config.max);
    out.metric('conntrack_memory_bytes', w.memoryBytes);
    out.metric('conntrack_drops', this.drops() - this.dropsBefore);
    out.metric('conntrack_inserts_per_s', (w.inserts - this.insertsBefore) / this.period.seconds);
    out.addSeries('conntrack_entries', ['t_s', 'entries'], this.entriesRows);
    out.addSeries('conntrack_drops', ['t_s', 'drops'], this.dropRows);
  }
}
