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
 * stale-endpoint connection. `instant`: every node's view is the API server's (a test switch).
 * Known simplifications: with no ready or serving endpoint in the view kube-proxy rejects the
 * connection; here it goes to old pod 0, which has exited by then (refused, or lost with its
 * node gone); the mode's per-endpoint state (IPVS's connection counts, affinity) is not told about
 * the rolled Service's connections.
 */
import { type RandomStream, TraceSource } from '../../sim/index.ts';
import type { Selection, ServiceProxy } from '../services/proxier.ts';
import type { ControlPlane } from './control-plane.ts';
import type { PodState, RollingUpdate } from './rolling-update.ts';

/** What a SYN meets at its endpoint. */
export type SynFate = 'served' | 'refused' | 'lost';

/** The endpoints' side of a connection, as the traffic model asks it. */
export interface EndpointFate {
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
  readonly service: number;
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
  ) {
    this.service = rollout.config.service;
    this.replayed = [...rollout.state];
    this.views = [viewOf(this.replayed)];
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
    const endpoint = pool.length > 0 ? pool[this.pick.integer(pool.length)] : 0;
    const state = this.rollout.state[endpoint];
    if (state !== 'ready' && this.stale.active) this.stale.emit({ node, endpoint, state });
    return { ...sel, endpoint };
  }

  closed(node: number, s: number, endpoint: number, nowNs: number): void {
    if (s !== this.service) this.inner.closed(node, s, endpoint, nowNs);
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

function viewOf(states: readonly PodState[]): View {
  const ready: number[] = [];
  const serving: number[] = [];
  states.forEach((st, p) => {
    if (st === 'ready') ready.push(p);
    else if (st === 'terminating') serving.push(p);
  });
  return { ready, serving };
}
