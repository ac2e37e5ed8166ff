/**
 * An nginx-like Ingress controller (ingress-nginx) in front of the Services: one controller pod
 * per node of `nodes`, each with `workers` worker processes as a station of that many servers on
 * its node. A client's connection is terminated there: clients reach the replicas at their pod
 * addresses (as a cloud load balancer sending to the controller pods does), a new client
 * connection goes to the next replica in turn, and the replica's worker accepts it (and runs the
 * TLS handshake with `tls`), reads and parses each request, matches it to its Service and lets the
 * Lua balancer pick an endpoint; the request then goes upstream straight to that endpoint's pod IP
 * on a pooled keepalive connection or a new one (ingress-upstream.ts), and the response comes back
 * through the same worker to the client. So a request crosses user space twice more than straight
 * to the Service (into the worker and out, each way: 4 more kernel/user crossings, with their
 * copies), pays the worker's CPU, and its throughput ceiling is the workers': replicas × workers /
 * (the worker CPU per request). The worker costs are the profile's (models/profiles/ingress-costs.ts).
 * Where it knowingly simplifies: the workers are their own station (they do not take the node's
 * cores from its softirq and task work, as node.ts says of every application) unless
 * `onNodeCores`, when their jobs queue on the node's cores with everything else that runs there
 * (a backend on the same node included) and `workers` only sizes the keepalive cache; the TLS handshake is
 * CPU only (its round trips are not sent); the Service in front of the controller pods (a
 * LoadBalancer's NodePort and its DNAT) is not modelled.
 */
import { type Simulation, type Station, TraceSource } from '../../sim/index.ts';
import type { Cluster, Pod } from '../datapath/cluster.ts';
import type { ConntrackTable } from '../netfilter/conntrack-table.ts';
import type { Parameters } from '../parameters.ts';
import type { Selection, ServiceProxy } from './proxier.ts';
import type { ServiceCatalogue } from './service-catalogue.ts';
import { type UpstreamJob, UpstreamLegs, type UpstreamPool } from './ingress-upstream.ts';

/** The scenario's `ingress:` knobs, declared once. */
export const ingressParameters = {
  workers: {
    unit: 'processes', min: 1, integer: true, absent: "one per core of the controller's node (worker-processes: auto)",
    doc: 'nginx worker processes of each controller replica: the servers of its station.',
    source: "ingress-nginx's ConfigMap worker-processes defaults to the number of CPUs (nginx worker_processes auto).",
  },
  upstreamKeepalive: {
    value: 320, unit: 'connections', min: 0, integer: true,
    doc: 'Idle keepalive connections to the upstreams each worker keeps (nginx keepalive N); 0: a new upstream connection per request.',
    source: "ingress-nginx's ConfigMap upstream-keepalive-connections, default 320 (the upstream block's keepalive directive).",
  },
} as const satisfies Parameters;

export interface IngressConfig {
  /** false: the same scenario straight to the Service (the baseline; the ingress metrics are 0). */
  enabled: boolean;
  /** Nodes holding a controller replica, one each. */
  nodes: number[];
  /** Worker processes per replica; null: the node's cores. */
  workers: number | null;
  upstreamKeepalive: number;
  tls: boolean;
  /** The workers' jobs run on the node's cores instead of a station of their own. */
  onNodeCores: boolean;
}

/** The per-job worker CPU of a replica, ns (integers, from the profile and the message sizes). */
export interface IngressWork {
  /** A request's client side (read, parse, route, Lua, write upstream; TLS record and decryption). */
  requestNs: number;
  /** Its upstream side (read the response, write it to the client; TLS record and encryption). */
  responseNs: number;
  /** A new client connection (accept, close; the full TLS handshake with `tls`). */
  acceptNs: number;
  /** A new upstream connection. */
  connectNs: number;
}

export function ingressWork(cluster: Cluster, tls: boolean, requestBytes: number, responseBytes: number): IngressWork {
  const p = cluster.profile;
  const half = tls ? p.tlsRecordNs / 2 : 0;
  const byte = p.nginxProxyNsPerByte + (tls ? p.aesGcmNsPerByte : 0);
  return {
    requestNs: Math.round(p.nginxRequestNs + p.ingressLuaNs + half + requestBytes * byte),
    responseNs: Math.round(p.nginxResponseNs + half + responseBytes * byte),
    acceptNs: p.nginxAcceptNs + (tls ? p.tlsHandshakeNs : 0),
    connectNs: p.nginxUpstreamConnectNs,
  };
}

/**
 * kube-proxy's rules as a flow to a pod IP meets them: no selection, no translation; its first
 * packet walks the nat chains without a match (unmatchedNs) and every packet the filter rules.
 * The client leg's "selection" is the next controller replica.
 */
export class PodIpFront implements ServiceProxy {
  readonly mode: ServiceProxy['mode'];
  readonly rules: number;
  readonly connectNs = 0;
  readonly translates = false;
  readonly unmatchedNs: number;
  readonly translateNs = 0;
  readonly filterNs: number;
  private readonly next = new Map<number, number>();

  constructor(kubeProxy: ServiceProxy, private readonly replicas: number) {
    this.mode = kubeProxy.mode;
    this.rules = kubeProxy.rules;
    this.unmatchedNs = kubeProxy.unmatchedNs;
    this.filterNs = kubeProxy.filterNs;
  }

  select(node: number): Selection {
    const i = this.next.get(node) ?? 0;
    this.next.set(node, i + 1);
    return { endpoint: i % this.replicas, ns: this.unmatchedNs, rulesWalked: 0, masquerade: false };
  }

  closed(): void {}
}

/** What the connection model hands a replica: the client connection (its request is `waiting`). */
export interface FrontConnection {
  endpoint: number;
  uses: number;
  waiting: { service: number; serviceNs: number };
}

interface Replica {
  pod: Pod;
  workers: Station;
  pool: UpstreamPool;
  /** The Lua balancer's next endpoint per Service. */
  next: Map<number, number>;
}

export class IngressController {
  /** A request whose response the replica has sent on to the client leg. */
  readonly forwarded = new TraceSource<FrontConnection>();
  /** A full TLS handshake run for a new client connection. */
  readonly handshake = new TraceSource<FrontConnection>();
  readonly front: PodIpFront;
  readonly upstream: UpstreamLegs;
  readonly work: IngressWork;
  /** Worker CPU requested since the start of the run, ns. */
  workNs = 0;
  private readonly replicas: Replica[];

  constructor(
    sim: Simulation,
    cluster: Cluster,
    private readonly catalogue: ServiceCatalogue,
    kubeProxy: ServiceProxy,
    conntrack: (node: number) => ConntrackTable,
    readonly config: IngressConfig,
    traffic: { requestBytes: number; responseBytes: number; serverThreads: number | null },
  ) {
    this.front = new PodIpFront(kubeProxy, config.nodes.length);
    this.upstream = new UpstreamLegs(sim, cluster, catalogue, this.front, conntrack, traffic);
    this.work = ingressWork(cluster, config.tls, traffic.requestBytes, traffic.responseBytes);
    const n = config.workers ?? cluster.config.coresPerNode;
    this.workerCount = n * config.nodes.length;
    this.replicas = config.nodes.map((node) => {
      const pod = { name: `ingress-nginx@node-${node}`, node };
      const workers = config.onNodeCores ? cluster.node(node).cpu : cluster.node(node).application('ingress-nginx', n);
      return { pod, workers, pool: this.upstream.pool(pod, n * config.upstreamKeepalive), next: new Map() };
    });
  }

  /** The controller pod of replica `i`. */
  pod(i: number): Pod {
    return this.replicas[i].pod;
  }

  /** Worker processes over all replicas. */
  readonly workerCount: number;

  /** The worker station of the replica on node `node` (its queue stands for the accept queue). */
  workersOn(node: number): Station {
    return this.replicas[this.config.nodes.indexOf(node)].workers;
  }

  /** Request `conn.waiting` has reached replica `conn.endpoint`: through its worker, upstream
   *  and back; `done(conn)` when the replica writes the response to the client. */
  forward<C extends FrontConnection>(conn: C, done: (c: C) => void): void {
    const rep = this.replicas[conn.endpoint];
    const r = conn.waiting;
    const fresh = conn.uses === 0;
    if (fresh && this.config.tls && this.handshake.active) this.handshake.emit(conn);
    const job: UpstreamJob = {
      service: r.service, serviceNs: r.serviceNs, failed: false, sentNs: 0, atServerNs: 0, respondedNs: 0, retransmitted: false, arrived: noop,
      done: () => this.run(rep, this.work.responseNs, () => {
        if (this.forwarded.active) this.forwarded.emit(conn);
        done(conn);
      }),
    };
    this.run(rep, this.work.requestNs + (fresh ? this.work.acceptNs : 0), () => this.upstreamOf(rep, job));
  }

  /** A worker job of `ns` on replica `rep`. */
  private run(rep: Replica, ns: number, then: () => void): void {
    this.workNs += ns;
    rep.workers.request(ns, then);
  }

  /** The balancer's pick, then the keepalive cache or a new connection (the worker's connect). */
  private upstreamOf(rep: Replica, job: UpstreamJob): void {
    const s = job.service;
    const n = this.catalogue.groups.endpointsOf(s);
    const i = rep.next.get(s) ?? 0;
    rep.next.set(s, i + 1);
    const endpoint = i % n;
    if (rep.pool.take(s, endpoint, job)) return;
    this.run(rep, this.work.connectNs, () => this.upstream.open(rep.pool, s, endpoint, job));
  }
}

function noop(): void {}
