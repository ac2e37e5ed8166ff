/**
 * What a Service request and the TCP connection carrying it are, as the traffic model
 * (service-traffic.ts, connection-lifecycle.ts) builds them and its trace sinks read them: sinks
 * read, never write. Plain records, no behaviour.
 */
import type { RandomStream, Station } from '../../sim/index.ts';
import type { Pod } from '../datapath/cluster.ts';
import type { ConntrackEntry } from '../netfilter/conntrack-table.ts';
import type { RetransmissionTimer } from '../tcp/retransmission-timer.ts';
import type { Selection } from '../services/proxier.ts';
import type { ClosedLoopClient } from './closed-loop-client.ts';
import type { OpenLoopGenerator } from './open-loop-generator.ts';

/** A client pod (one per client node) and what it keeps: its idle pooled connections by Service. */
export interface Client {
  node: number;
  pod: Pod;
  addr: number;
  pick: RandomStream;
  serve: () => number;
  idle: Map<number, Connection[]>;
  /** The load generator's threads. */
  app: Station;
  users: ClosedLoopClient | null;
  /** The open-loop generator (null for closed-loop users). */
  generator: OpenLoopGenerator | null;
  /** Connections opened so far (the next ephemeral port). */
  opened: number;
}

/** A connection as trace sinks see it (they read, never write). */
export interface Connection {
  client: Client;
  service: number;
  endpoint: number;
  node: number;
  server: Pod;
  uses: number;
  attempts: number;
  connectNs: number;
  synSentNs: number;
  ctClient: ConntrackEntry | null;
  ctServer: ConntrackEntry | null;
  /** The request it carries next: until it is established, the one that opened it. */
  waiting: Request;
  /** Rules the proxy's selection walked for it (0 until selected). */
  rulesWalked: number;
  /** The proxy's selection (null until selected). */
  selection: Selection | null;
  ports: readonly [number, number];
  /** Its data segments' retransmission timer (both directions). */
  timer: RetransmissionTimer;
  /** Its server's pod has exited and closed its socket (FIN when idle, RST when busy). */
  closedByServer: boolean;
}

/** Why a request failed: connect() refused (RST to its SYN), timed out (SYNs or segments
 *  unanswered), or its established connection reset. */
export type FailureCause = 'refused' | 'timeout' | 'reset';

/** A request as trace sinks see it. */
export interface Request {
  issuedNs: number;
  clientNode: number;
  service: number;
  serviceNs: number;
  client: Client;
  /** The client whose node it enters the cluster at (its own unless a load balancer moved it). */
  entry: Client;
  /** The closed-loop user that issued it; -1 for open-loop arrivals. */
  user: number;
  /** Given up after tcp_retries2 retransmissions of a segment: it ended unanswered. */
  lost: boolean;
  /** When it left, reached the server whole, and its response left, ns; a segment of either
   *  retransmitted (no RTT sample, Karn's rule); what an arriving segment of the message on its
   *  way calls. */
  sentNs: number;
  atServerNs: number;
  respondedNs: number;
  retransmitted: boolean;
  arrived: (conn: Connection) => void;
}
