/**
 * The metric registry: every metric and series a replication can return, with its unit, the
 * report family (section) it is drawn in, how it aggregates across replications and what it
 * means. It is plain data and lives in reports/ because the report's sections read it and
 * reports/ imports only reports/; experiments/ imports it (the one way the layers allow) so the
 * collectors may write only registered names, the aggregate step takes each metric's aggregation
 * from here, and results.json lists a point's metrics in the order of this table. A new metric is
 * one entry here and the lines of its collector in experiments/collectors/.
 */

/** The report's sections, in page order. */
export const FAMILIES = [
  { id: 'latency', title: 'Latency' },
  { id: 'latency-cdf', title: 'Latency distributions' },
  { id: 'throughput', title: 'Throughput' },
  { id: 'connections', title: 'Connections' },
  { id: 'cpu', title: 'CPU per node role and station' },
  { id: 'crossings', title: 'Kernel/user crossings and copies' },
  { id: 'encapsulation', title: 'Encapsulation' },
  { id: 'routing', title: 'Routes and tunnel tables' },
  { id: 'drops', title: 'Drops, offered load and queues' },
  { id: 'conntrack', title: 'Conntrack' },
  { id: 'control-plane', title: 'Rules and control plane' },
] as const;

export type FamilyId = (typeof FAMILIES)[number]['id'];

/**
 * Across replications: `mean` — the mean and a Student-t 95% interval; `distribution` — each
 * summary statistic averaged, counts added, maxima the largest, the interval of the means;
 * `per-key mean` — a family of numbers keyed by role or station, each key as `mean`.
 */
export type Aggregation = 'mean' | 'distribution' | 'per-key mean';

export interface MetricInfo {
  /** Unit of the value ('' for a count or a ratio); where the name's suffix gives a unit
   *  (units.ts), the same one. */
  unit: string;
  family: FamilyId;
  aggregation: Aggregation;
  description: string;
  /** false: not drawn as a chart of its own (conntrack_max is the limit line of its series). */
  chart?: false;
}

export interface SeriesInfo {
  /** Unit of each column, in column order. */
  units: string[];
  family: FamilyId;
  /** Series are not averaged: a point keeps the first replication's. */
  description: string;
  /** A time series of the run a rolling update's phases (rollout_phases_s) are marked on. */
  rolloutPhases?: true;
}

const ms = (family: FamilyId, description: string): MetricInfo => ({ unit: 'ms', family, aggregation: 'distribution', description });
const mean = (unit: string, family: FamilyId, description: string): MetricInfo => ({ unit, family, aggregation: 'mean', description });
const perKey = (unit: string, family: FamilyId, description: string): MetricInfo => ({ unit, family, aggregation: 'per-key mean', description });

/** Every metric, in the order results.json lists a point's metrics. */
export const METRICS: Record<string, MetricInfo> = {
  first_packet_latency_ms: ms('latency', 'A new connection\'s SYN from connect() until it has left the client\'s node (conntrack and the proxy\'s selection included), per connection opened for a measured request.'),
  connect_latency_ms: ms('latency', 'connect() until the client has the SYN-ACK and the connection is established, per connection opened for a measured request.'),
  request_latency_ms: ms('latency', 'A request\'s issue until the client application has the whole response, per request issued in the measured period and answered by its end.'),
  requests_per_s: mean('/s', 'throughput', 'Measured requests answered, per second of the measured period.'),
  throughput_mbps: mean('Mbit/s', 'throughput', 'Goodput: payload delivered to the receiving sockets (bulk streams), else the measured requests\' and responses\' bytes, per second.'),
  cpu_cores: perKey('cores', 'cpu', 'Cores busy on average in the measured period, per node role (kube_proxy_*: the control plane\'s syncs per node and over the cluster).'),
  kube_proxy_cpu_cores: perKey('cores', 'cpu', 'Beside Service traffic: cores kube-proxy\'s syncs kept busy on average in the measured period, per node (mean, max) and over the cluster.'),
  cpu_cores_by_station: perKey('cores', 'cpu', 'Cores busy on average, per node role and station (task-context cpu, softirq per receive queue, daemons).'),
  utilization: perKey('', 'cpu', 'Busy fraction of each station\'s servers, per node role and station.'),
  crossings_per_packet: mean('/packet', 'crossings', 'Kernel/user crossings per packet delivered in the measured period.'),
  copied_bytes_per_packet: mean('bytes/packet', 'crossings', 'Bytes copied between user and kernel space per packet delivered.'),
  encap_bytes: mean('bytes', 'encapsulation', 'Bytes of encapsulation the backend adds per packet.'),
  wire_efficiency: mean('', 'encapsulation', 'Payload bytes delivered per byte put on the wire.'),
  mss_bytes: mean('bytes', 'encapsulation', 'Payload per segment on pod interfaces (MTU less headers).'),
  routes: mean('', 'routing', 'Routes per node the backend programs for the other nodes.'),
  fdb_entries: mean('', 'routing', 'VXLAN forwarding-database entries per node.'),
  arp_entries: mean('', 'routing', 'Neighbour (ARP) entries per node for the tunnel.'),
  sync_ms: ms('control-plane', 'Duration of kube-proxy syncs started in the measured period, per sync and node.'),
  programming_latency_ms: ms('control-plane', 'Network programming latency: an endpoint change at the API server until a node has programmed it, per measured change and node.'),
  cluster_programming_latency_ms: ms('control-plane', 'A measured change until the last node has programmed it.'),
  rules: mean('', 'control-plane', 'iptables rules the proxy mode keeps (the ruleset generator\'s count); with externalTrafficPolicy Local or topology hints, whose rulesets differ by node, the mean over the nodes.'),
  rules_by_node: perKey('', 'control-plane', 'With externalTrafficPolicy Local or topology hints: each node\'s rules (node-i), which differ by node.'),
  rules_evaluated_per_connection: mean('', 'control-plane', 'Rules walked by the proxy\'s selection, per new connection of a measured request.'),
  restore_lines: mean('', 'control-plane', 'Lines of a full iptables-restore input.'),
  add_service_ms: mean('ms', 'control-plane', 'CPU time of a sync adding one Service.'),
  full_sync_ms: mean('ms', 'control-plane', 'CPU time of a start-up sync of every Service (with nftables\' table listing and whole-table transaction, IPVS\'s full resync).'),
  first_sync_ms: ms('control-plane', 'A restarted (or joining) kube-proxy: from its start until its start-up sync has programmed every rule, per restarted node.'),
  syncs_per_node_per_s: mean('/s', 'control-plane', 'Syncs started in the measured period, per node and second.'),
  endpoint_changes_per_s: mean('/s', 'control-plane', 'Endpoint changes published in the measured period, per second.'),
  unprogrammed_fraction: mean('', 'control-plane', 'Fraction of (measured change, node) pairs not programmed by the end of the run.'),
  ingress_requests_per_s: mean('/s', 'throughput', 'Requests the Ingress controller replicas forwarded (their responses written to the client leg) per second of the measured period; 0 straight to the Service.'),
  ingress_worker_cores: mean('cores', 'cpu', "The Ingress controller's nginx worker CPU requested in the measured period per second, over all replicas (cores)."),
  ingress_cpu_per_request_us: mean('µs', 'cpu', 'Ingress worker CPU per forwarded request (accept, TLS, parse, Lua, upstream connect, both sides of the proxying).'),
  ingress_ceiling_requests_per_s: mean('/s', 'throughput', "The L7 hop's throughput ceiling its workers' CPU gives: the replicas' workers / the worker CPU per request."),
  ingress_upstream_connections_per_request: mean('', 'connections', 'Upstream connections the Ingress controller opened per forwarded request (1 with upstreamKeepalive 0).'),
  ingress_tls_handshakes_per_s: mean('/s', 'connections', 'Full TLS handshakes at the Ingress controller per second (one per new client connection with tls).'),
  ingress_upstream_failures: mean('', 'drops', 'Requests whose upstream connection failed for good (SYN retries or tcp_retries2 exhausted), answered by the controller itself.'),
  crossings_per_request: mean('/request', 'crossings', 'Kernel/user crossings of the measured period per answered request (with an ingress section).'),
  policy_rules: mean('', 'control-plane', 'NetworkPolicy state on each node: iptables rules of the policy chains (iptables) or policy map entries (eBPF).'),
  policy_rules_evaluated_per_connection: mean('', 'control-plane', 'iptables rules a new connection\'s first packet walks into a policed pod (0 for the eBPF map lookup).'),
  policy_full_sync_ms: mean('ms', 'control-plane', 'CPU time of programming every NetworkPolicy on one node (agent start-up or resync).'),
  policy_update_ms: mean('ms', 'control-plane', 'CPU time of programming one NetworkPolicy update on one node.'),
  policy_programming_latency_ms: ms('control-plane', 'A NetworkPolicy update at the API server until a node has programmed it, per measured update and node.'),
  offered_requests_per_s: mean('/s', 'drops', 'Requests the open-loop generators were offered (issued and shed), per second of the measured period: goodput (requests_per_s) against it shows the plateau.'),
  requests_shed_per_s: mean('/s', 'drops', 'Open-loop arrivals shed because the generator held its maximum outstanding (workload.arrival.maxOutstanding), per second.'),
  requests_lost_per_s: mean('/s', 'drops', 'Requests given up (`timeout`) because a segment of theirs was dropped at kernel queues tcp_retries2 + 1 (16) times, per second.'),
  retransmits_per_s: perKey('/s', 'drops', 'Segments TCP senders retransmitted in the measured period per second, by kind: syn (a SYN after its 1 s, 2 s … timeout), rto (a data segment after its retransmission timeout, at least 200 ms), fast (a bulk segment on three duplicate ACKs, or a NewReno partial ACK). Bulk points count their streams only (no syn).'),
  drops_per_s: perKey('/s', 'drops', 'Packets dropped in the measured period per second, by reason (rx_ring_full, qdisc_drop, tun_queue_full, rcvbuf_full, backlog_full, listen_overflow, conntrack_full, insert_failed at conntrack confirm, ipvs_conn_reuse; with a rolling update node_gone, a packet lost with its endpoint\'s node, pod_gone, a UDP datagram at an exited pod\'s address, and no_endpoints, a SYN or datagram the client\'s node rejects for want of a programmed endpoint).'),
  drops_by_station_per_s: perKey('/s', 'drops', 'Packets dropped per second, by node role and station (server_node.softirq-0, client_node.nic-tx, server_node.flanneld); elsewhere: at a node\'s conntrack table or listening socket, or on another node.'),
  queue_occupancy_p99: perKey('packets', 'drops', 'Time-weighted 99th percentile of the packets waiting at a station in the measured period, per node role and station.'),
  queue_occupancy_max: perKey('packets', 'drops', 'Most packets waiting at a station in the measured period, per node role and station.'),
  conntrack_entries: mean('', 'conntrack', 'Live conntrack entries on the first client node at the end of the run.'),
  conntrack_max: { ...mean('', 'conntrack', 'nf_conntrack_max of every node.'), chart: false },
  conntrack_memory_bytes: mean('bytes', 'conntrack', 'Memory of the first client node\'s conntrack entries at the end of the run.'),
  conntrack_drops: mean('', 'conntrack', 'New connections\' packets dropped because a table was full, on all nodes, in the measured period.'),
  conntrack_inserts_per_s: mean('/s', 'conntrack', 'Entries inserted in the first client node\'s table per second of the measured period (new connections, DNS lookups): with a timeout, the entries a table must hold.'),
  conntrack_insert_failed: mean('/s', 'conntrack', 'Packets dropped at conntrack confirm because a racing packet\'s entry took their tuple first (insert_failed, unresolved clashes), on all nodes, per second of the measured period.'),
  dns_latency_ms: ms('latency', 'A DNS lookup (getaddrinfo(): the A and, by default, AAAA answers) from its start until its answers are in, per lookup started in the measured period; its 5 s steps are the resolver\'s timeouts.'),
  dns_stalled_fraction: mean('', 'connections', 'Fraction of the measured DNS lookups with a query dropped (insert_failed at confirm, a full table or queue): each waits out a resolver timeout (5 s).'),
  dns_lookups_failed: mean('', 'connections', 'Measured DNS lookups that got no answer in their attempts.'),
  connections_opened: mean('', 'connections', 'Connections opened over the whole run, warm-up included.'),
  connections_failed: mean('', 'connections', 'Connections given up (SYN retries or DNS lookup exhausted) over the whole run, warm-up included.'),
  masqueraded_fraction: mean('', 'connections', 'With Service options: fraction of measured new connections masqueraded (SNAT to the entry node, externalTrafficPolicy Cluster through a NodePort).'),
  second_hop_fraction: mean('', 'connections', 'With Service options: fraction of measured new connections whose endpoint is on another node than the one they entered at.'),
  sticky_fraction: mean('', 'connections', 'With session affinity: fraction of measured new connections sent to their client\'s remembered endpoint.'),
  endpoint_share: perKey('', 'connections', 'With Service options: share of the first Service\'s measured new connections per endpoint (endpoint-j).'),
  endpoint_imbalance: mean('', 'connections', 'With Service options: the busiest endpoint\'s share of the first Service\'s connections over the mean share (1: even).'),
  cross_zone_fraction: mean('', 'connections', 'With zones: fraction of measured new connections whose endpoint is in another zone than their entry node.'),
  cross_zone_bytes_per_s: mean('/s', 'connections', 'With zones: request and response bytes (payload) of measured requests on cross-zone connections, per second: the traffic clouds bill between zones.'),
  connect_stall_fraction: mean('', 'connections', 'Share of the measured connections whose connect() took 1 s or more: at least one SYN retransmitted (insert_failed, exhausted SNAT ports, a full table or a lost SYN).'),
  snat_port_exhaustion_failures: mean('', 'conntrack', 'SYNs in the measured period that found every port of MASQUERADE\'s range in use toward the destination (the confirm fails; the SYN is retried).'),
  requests_failed: perKey('', 'connections', 'With a rolling update: measured requests that failed for good, by cause: refused (a RST to the SYN from a pod that has exited), timeout (SYNs or segments unanswered: the SYN lost at a node that is gone, 6 retransmissions), reset (a request on an established connection to a pod that has exited).'),
  stale_endpoint_connections: perKey('', 'connections', 'With a rolling update: new connections in the measured period sent to an endpoint the API server no longer listed as ready (all), and those to a pod that had exited (to_exited_pods), because the client node had not programmed the change yet.'),
  rollout_phases_s: { ...perKey('s', 'control-plane', 'When the rolling update started, its first new pod was ready, its last old pod was deleted, its last new pod was ready and its last old pod exited, from the start of the run (-1: not by the end).'), chart: false },
  node_cpu_share: perKey('', 'cpu', 'With a rolling update: share of the cores of the client nodes and of the rolled Service\'s endpoint nodes taken in the measured period by kube-proxy\'s syncs (client_sync, endpoint_sync) and by packet work (task-context cpu less the syncs, plus softirq).'),
  request_latency_during_sync_ms: ms('latency', 'Beside the control plane: request_latency_ms of the measured requests issued while their client node ran a kube-proxy sync (from the sync asking for a core to its end): the packet work\'s contention with the sync on the node\'s cores.'),
  request_latency_outside_sync_ms: ms('latency', 'Beside the control plane: request_latency_ms of the measured requests issued while their client node ran no sync.'),
  udp_datagrams: perKey('', 'drops', 'With traffic.udpFlows: datagrams the UDP flows sent in the measured period, delivered, lost by cause (stale_entry: on a conntrack entry to a pod that had exited; stale_rules: on a new entry to one, from rules the node had not reprogrammed; in_flight: to a pod that exited on the way; other: a full table or queue), and still on their way at the end; with replies, replies sent and received.'),
  udp_blackhole_window_ms: ms('conntrack', 'With traffic.udpFlows: per blackhole window begun in the measured period, how long a flow\'s conntrack entry pointed to an exited pod until kube-proxy deleted it after its node\'s sync (or it timed out).'),
  udp_flows_blackholed: perKey('', 'conntrack', 'With traffic.udpFlows: flows hit by a blackhole window begun in the measured period (of the flows), the windows closed, those still open at the end, and the datagrams sent into the closed ones.'),
  udp_conntrack_entries_deleted: mean('', 'conntrack', 'With traffic.udpFlows: UDP conntrack entries kube-proxy deleted on the client nodes in the measured period (entries whose endpoint the node\'s programmed view no longer kept).'),
  requests_unfinished: mean('', 'connections', 'Requests issued in the measured period but not answered by its end (their SYN still retransmitting, or failed): missing from request_latency_ms.'),
};

/** Every series, in the order results.json lists a point's series. */
export const SERIES: Record<string, SeriesInfo> = {
  conntrack_entries: { units: ['s', ''], family: 'conntrack', description: 'Live conntrack entries on the first client node over the whole run.' },
  conntrack_drops: { units: ['s', ''], family: 'conntrack', description: 'Drops at a full table on the first client node since the start of the run.' },
  congestion_window: { units: ['s', 'segments'], family: 'throughput', description: 'The first bulk stream\'s congestion window (NewReno), sampled over the whole run: slow start, then halvings at losses and linear growth between them.' },
  connect_latency_steps: { units: ['s', ''], family: 'latency-cdf', description: 'Share of the measured connections established within each step of the SYN timer: at step 0 (the first SYN), 1 (after one retransmission, 1-3 s), 3 (3-7 s) …' },
  request_latency_cdf: { units: ['ms', ''], family: 'latency-cdf', description: 'The empirical CDF of request_latency_ms.' },
  requests_failed: { units: ['s', '', '', ''], family: 'connections', description: 'Requests that failed for good, by the second of the run they were issued in, by cause (refused, timeout, reset).', rolloutPhases: true },
  udp_datagrams_lost: { units: ['s', '', '', '', ''], family: 'drops', description: 'UDP flows\' datagrams lost, by the second of the run they were sent in, by cause (stale_entry, stale_rules, in_flight, other).', rolloutPhases: true },
  request_latency_over_time: { units: ['s', 'ms', 'ms'], family: 'latency', description: 'Mean and p99 latency of the requests answered, by the second of the run they were issued in.', rolloutPhases: true },
  programming_latency_cdf: { units: ['ms', ''], family: 'latency-cdf', description: 'The empirical CDF of programming_latency_ms.' },
};
