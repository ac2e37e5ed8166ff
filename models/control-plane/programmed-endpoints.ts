/**
 * What a client node's kube-proxy has programmed for the Service a Deployment rolls, and what a
 * connection meets there. It wraps the proxy mode (any ServiceProxy): for every other Service it
 * only forwards, one comparison on the hot path. For the rolled Service a new connection's endpoint
 * comes from the node's programmed view, the endpoints as of the last sync that node completed
 * (its KubeProxySync's `syncedUpTo`: a version number per node), not from the API server's state:
 * the ready endpoints, else the serving terminating ones (kube-proxy's fallback since 1.26), drawn
 * uniformly from the stream `rollout/endpoint-pick`. The mode's own selection still runs and costs
 * what it costs with the Service's endpoint count; its choice is replaced. Where the SYN arrives:
 * an endpoint still serving (ready or within its termination grace) accepts it; a pod that has
 * exited, its IP unassigned, answers RST (connection refused); if its node is gone the SYN is lost
 * and retransmitted until connect() times out. A request on an established connection to an exited
 * pod meets a RST (reset). A selection of an endpoint the API server no longer lists as ready is a
 * stale-endpoint connection. With no ready or serving endpoint in a node's view the node itself
 * answers a new connection's SYN, without a trip to any endpoint node (`rejects`, `rejectNs`):
 * iptables writes no nat rule for the Service and a `-j REJECT` "has no endpoints" rule in the
 * filter table's KUBE-SERVICES (reached from FORWARD for pod traffic, ctstate NEW); nftables puts
 * the Service's address in the no-endpoint-services vmap (filter-forward → service-endpoints-check
 * → goto reject-chain: `reject`); IPVS keeps the virtual server with no real server, and the
 * kernel's ip_vs_leave answers (ICMP port unreachable "no matter it is TCP/UDP",
 * net/netfilter/ipvs/ip_vs_core.c; kube-proxy's IPVS mode needs no rule of its own, kubernetes
 * PR #72534). Each sends ICMP port unreachable, which the client's TCP takes as ECONNREFUSED. A
 * pod that exits with its node up closes its sockets (`exited`). `instant`: every node's view is
 * the API server's (a test switch). Known simplifications: the mode's per-endpoint state (IPVS's
 * connection counts, affinity) is not told about the rolled Service's connections; the filter
 * rules of other no-endpoint Services are not walked (the rolled one is the only one).
 */
import { type RandomStream, TraceSource } from '../../sim/index.ts';
import type { Selection, ServiceProxy } from '../services/proxier.ts';
import type { CostProfile } from '../profiles/cost-profile.ts';
import type { ControlPlane } from './control-plane.ts';
import type { PodState, RollingUpdate } from './rolling-update.ts';

/** What a SYN meets at its endpoint. */
export type SynFate = 'served' | 'refused' | 'lost';

/** The endpoints' side of a connection, as the traffic model asks it. */
export interface EndpointFate {
  /** The Service whose endpoints may exit. */
  readonly service: number;
  /** An endpoint of `service` whose pod exits while its node stays: its sockets close. */
  readonly exited: TraceSource<number>;
  /** CPU of kube-proxy's no-endpoint verdict on the client's node (the mode's walk to it), ns. */
  readonly rejectNs: number;
  /** Whether node `node`'s programmed view holds no ready or serving endpoint of `service`: the
   *  no-endpoint verdict answers a new connection there. */
  rejects(node: number, service: number): boolean;
  /** A SYN to endpoint `endpoint` of Service `service` arrives at the endpoint's node now. */
  synArrives(service: number, endpoint: number): SynFate;
  /** Whether endpoint `endpoint` of `service` has exited (a request to it meets a RST). */
  gone(service: number, endpoint: number): boolean;
}

/** A new connection sent to an endpoint the API server no longer lists as ready. */
export interface StaleSelection {
  node: number;
  endpoint: number;
  /** The endpoint's state at the API server when it was chosen. */
  state: PodState;
}

interface View {
  ready: number[];
  serving: number[];
}

export class ProgrammedEndpoints implements ServiceProxy, EndpointFate {
  readonly stale = new TraceSource<StaleSelection>();
  readonly exited = new TraceSource<number>();
  readonly service: number;
  readonly rejectNs: number;
  /** Views after the first k of the rollout's changes, k = index. */
  private readonly views: View[];
  /** The pods' states after the changes the last view holds. */
  private readonly replayed: PodState[];

  constructor(
    private readonly inner: ServiceProxy,
    private readonly cp: ControlPlane,
    private readonly rollout: RollingUpdate,
    private readonly pick: RandomStream,
    private readonly instant: boolean,
    costs: CostProfile,
  ) {
    this.service = rollout.config.service;
    this.replayed = [...rollout.state];
    this.views = [viewOf(this.replayed)];
    this.rejectNs = rejectNs(inner, costs);
    const { nodesGone, pods } = rollout.config;
    rollout.changed.subscribe((c) => {
      if (c.state === 'gone' && !(nodesGone && c.pod < pods) && this.exited.active) this.exited.emit(c.pod);
    });
  }

  get mode() { return this.inner.mode; }
  get rules() { return this.inner.rules; }
  get connectNs() { return this.inner.connectNs; }
  get translates() { return this.inner.translates; }
  get unmatchedNs() { return this.inner.unmatchedNs; }
  get translateNs() { return this.inner.translateNs; }
  get filterNs() { return this.inner.filterNs; }
  get reuse() { return this.inner.reuse; }

  select(node: number, s: number, sourceAddr: number, nowNs: number): Selection {
    const sel = this.inner.select(node, s, sourceAddr, nowNs);
    if (s !== this.service) return sel;
    const view = this.programmed(node);
    const pool = view.ready.length > 0 ? view.ready : view.serving;
    if (pool.length === 0) throw new Error(`internal: node ${node} has no endpoint of Service ${s} programmed; ask rejects() before select()`);
    const endpoint = pool[this.pick.integer(pool.length)];
    const state = this.rollout.state[endpoint];
    if (state !== 'ready' && this.stale.active) this.stale.emit({ node, endpoint, state });
    return { ...sel, endpoint };
  }

  closed(node: number, s: number, endpoint: number, nowNs: number): void {
    if (s !== this.service) this.inner.closed(node, s, endpoint, nowNs);
  }

  rejects(node: number, service: number): boolean {
    if (service !== this.service) return false;
    const view = this.programmed(node);
    return view.ready.length === 0 && view.serving.length === 0;
  }

  synArrives(service: number, endpoint: number): SynFate {
    if (service !== this.service || this.rollout.state[endpoint] !== 'gone') return 'served';
    return this.rollout.config.nodesGone && endpoint < this.rollout.config.pods ? 'lost' : 'refused';
  }

  gone(service: number, endpoint: number): boolean {
    return service === this.service && this.rollout.state[endpoint] === 'gone';
  }

  /** The view of `node`: the rollout's changes below the node's programmed version. */
  programmed(node: number): View {
    const version = this.instant ? this.cp.publishedChanges : this.cp.proxies[node].syncedUpTo;
    const changes = this.rollout.changes;
    let lo = 0, hi = changes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (changes[mid].change < version) lo = mid + 1;
      else hi = mid;
    }
    while (this.views.length <= lo) {
      const c = changes[this.views.length - 1];
      this.replayed[c.pod] = c.state;
      this.views.push(viewOf(this.replayed));
    }
    return this.views[lo];
  }
}

/**
 * The mode's walk to its no-endpoint verdict on the client's node, ns (the reply it sends is the
 * connection model's): iptables walks the nat table's KUBE-SERVICES without a match (its
 * `unmatchedNs`), then the filter table (FORWARD) to the Service's REJECT rule; nftables misses in
 * the service-ips vmap, then filter-forward's endpoints check hits no-endpoint-services and its
 * reject rule runs; IPVS's nat rules as for any packet, then at LOCAL_IN the virtual-service lookup
 * and a scheduler that finds no real server: ipvsNewConnectionNs without the ip_vs_conn it would
 * have made (that constant's source: a conntrack insert plus a lookup).
 */
function rejectNs(inner: ServiceProxy, c: CostProfile): number {
  switch (inner.mode) {
    case 'iptables': return inner.unmatchedNs + inner.filterNs + c.iptablesRuleNs;
    case 'nftables': return inner.unmatchedNs + inner.filterNs + c.nftVmapLookupNs + c.nftRuleNs;
    case 'ipvs': return inner.unmatchedNs + inner.filterNs + c.ipvsNewConnectionNs - c.conntrackInsertNs;
    default: throw new Error(`internal: a rollout runs with iptables, nftables or ipvs, not ${inner.mode}`);
  }
}

function viewOf(states: readonly PodState[]): View {
  const ready: number[] = [];
  const serving: number[] = [];
  states.forEach((st, p) => {
    if (st === 'ready') ready.push(p);
    else if (st === 'terminating') serving.push(p);
  });
  return { ready, serving };
}
