/**
 * What the pod-network backend costs in headers and tables: encapsulation bytes per packet, the
 * MSS it leaves, and the routes, FDB and neighbour entries a node holds for the cluster's size (and,
 * for a stream through a Service, the proxy mode's rules).
 * Facts of the configuration, the same at every instant of the run.
 */
import type { Backend } from '../../models/backends/backend.ts';
import type { Cluster } from '../../models/datapath/cluster.ts';
import type { Collector } from '../replication.ts';
import type { ReplicationOutput } from '../replication-output.ts';

export class BackendCollector implements Collector {
  constructor(
    private readonly cluster: Cluster,
    private readonly backend: Backend,
    private readonly rules: number | null = null,
  ) {}

  collect(out: ReplicationOutput): void {
    const nodes = this.cluster.config.nodes;
    out.metric('encap_bytes', this.backend.encapBytes);
    out.metric('mss_bytes', this.cluster.mssBytes);
    out.metric('routes', this.backend.routes(nodes));
    out.metric('fdb_entries', this.backend.fdbEntries(nodes));
    out.metric('arp_entries', this.backend.arpEntries(nodes));
    if (this.rules !== null) out.metric('rules', this.rules);
  }
}
