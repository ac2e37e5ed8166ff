/**
 * The UDP flows' knobs (`traffic.udpFlows`) and the records udp-service-flows.ts keeps and its
 * trace sinks read: a flow, a datagram on its way, a blackhole window, a loss's cause.
 */
import type { Pod } from '../datapath/cluster.ts';
import type { ConntrackEntry } from '../netfilter/conntrack-table.ts';
import type { Parameters, ValuesOf } from '../parameters.ts';

/** The flows' knobs (`traffic.udpFlows`), declared once. */
export const udpServiceFlowParameters = {
  flowsPerClient: {
    value: 10, unit: 'flows', min: 1, integer: true,
    doc: 'Long-lived UDP flows (connected sockets, one source port each) every client pod keeps to the rolled Service.',
    source: 'A choice: a handful of senders per pod (metrics, logs, a resolver socket).',
  },
  datagramsPerS: {
    value: 50, unit: 'datagrams/s', min: 0, minExclusive: true,
    doc: 'Datagrams each flow sends per second, at a constant rate.',
    source: 'A choice, not a measurement: a statsd client flushing every 20 ms.',
  },
  datagramBytes: {
    value: 200, unit: 'bytes', min: 1, max: 1472, integer: true,
    doc: 'UDP payload of each datagram (within one 1500-byte frame).',
    source: 'A choice: a few statsd metric lines.',
  },
  replyBytes: {
    value: 0, unit: 'bytes', min: 0, max: 1472, integer: true,
    doc: 'UDP payload of the answer to each datagram; 0: one-way flows, never answered (statsd, syslog).',
    source: 'A choice: one-way, whose entries stay UNREPLIED (30 s timeout, refreshed by each datagram).',
  },
} as const satisfies Parameters;

/** The flows' settings, one number per knob. */
export type UdpFlowsConfig = ValuesOf<typeof udpServiceFlowParameters>;

/** Why a datagram was lost: on an entry to a pod that had exited when it was sent (`stale_entry`),
 *  on a new entry to one from rules the node had not reprogrammed (`stale_rules`), to a pod that
 *  exited while it was on its way (`in_flight`), or elsewhere (`other`: a full table, a queue). */
export type UdpLossCause = 'stale_entry' | 'stale_rules' | 'in_flight' | 'other';

/** A flow as trace sinks see it (they read, never write). */
export interface UdpFlow {
  readonly id: number;
  readonly node: number;
  readonly pod: Pod;
  readonly addr: number;
  readonly ports: readonly [number, number];
  entry: ConntrackEntry | null;
  expiresNs: number;
  createdNs: number;
  replied: boolean;
  endpoint: number;
  server: Pod;
  /** Its entry on the endpoint's node (the DNATed flow's), that node, and when the entry expires. */
  serverEntry: ConntrackEntry | null;
  serverNode: number;
  serverExpiresNs: number;
  /** Since when its entry has pointed to an exited pod; -1: it does not. */
  blackholeFromNs: number;
  /** Datagrams it sent into the current blackhole. */
  blackholeSent: number;
}

/** One datagram on its way: the flow's ends as they were when it was sent. */
export interface Datagram {
  flow: UdpFlow;
  client: UdpFlow;
  sentNs: number;
  endpoint: number;
  node: number;
  server: Pod;
  ports: readonly [number, number];
  /** It followed an existing entry (no selection). */
  onEntry: boolean;
}

/** A blackhole window of one flow: its entry pointed to an exited pod from `fromNs` until kube-proxy
 *  deleted it (`deleted`) or it timed out (`expired`) at `toNs`; `sent` datagrams went into it. */
export interface BlackholeWindow {
  flow: number;
  node: number;
  fromNs: number;
  toNs: number;
  sent: number;
  end: 'deleted' | 'expired';
}
