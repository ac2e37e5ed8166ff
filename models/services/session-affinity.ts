/**
 * `sessionAffinity: ClientIP`: the per-node memory of which endpoint a client address was last
 * sent to for a Service, as the kernel keeps it for each proxy mode:
 * - iptables: one xt_recent list per endpoint chain; KUBE-SVC-* opens with one
 *   `-m recent --name KUBE-SEP-X --rcheck --seconds T --reap -j KUBE-SEP-X` rule per endpoint and
 *   the DNAT rule of KUBE-SEP-X adds `-m recent --set` (pkg/proxy/iptables/proxier.go,
 *   writeServiceToEndpointRules);
 * - nftables: one `affinity-*` set per endpoint with a timeout of T; the service chain opens with
 *   `ip saddr @affinity-X goto endpoint-X` per endpoint and the endpoint chain
 *   `update @affinity-X { ip saddr }` (pkg/proxy/nftables/proxier.go);
 * - IPVS: a persistent virtual service (`-p T`): a template connection per client address whose
 *   timer restarts at each connection it controls (ip_vs_sched_persist, ip_vs_conn_put).
 * In all three a client stays on its endpoint while its new connections come less than T apart;
 * its first connection after a gap of T or more is balanced afresh. The state is per node (each
 * node's kernel) and per Service. iptables' lists are bounded (`listBound`): xt_recent keeps at
 * most ip_list_tot = 100 addresses per list (per endpoint chain here), in least-recently-set order
 * (`--set` moves an address to the tail); adding one more to a full list evicts the head
 * (recent_entry_init), so a client whose address fell out is balanced afresh although it came
 * back within T. `--rcheck --reap` on a list where the client's address is found also removes that
 * list's head if it is older than T (recent_entry_reap; the model reaps the client's remembered
 * endpoint's list, not the stale entries it may have left in others). nftables' affinity sets and
 * IPVS's templates have no such bound here. Simplification: IPVS's re-arming of a template that
 * still controls open connections is not modelled.
 */
import type { Parameters } from '../parameters.ts';

export const sessionAffinityParameters = {
  timeoutSeconds: {
    value: 10800, unit: 's', min: 1, max: 86400, integer: true,
    doc: 'sessionAffinityConfig.clientIP.timeoutSeconds: how long a client address sticks to its endpoint after its last new connection.',
    source: 'Kubernetes API: default 10800 (3 h, DefaultClientIPServiceAffinitySeconds), valid 1 to 86400 (MaxClientIPServiceAffinitySeconds).',
  },
} as const satisfies Parameters;

/** xt_recent's module parameters, as kube-proxy's iptables mode meets them. */
export const xtRecentParameters = {
  listTot: {
    value: 100, unit: 'addresses', min: 1, integer: true,
    doc: 'Addresses one xt_recent list holds (one list per endpoint chain with session affinity); the least recently set is evicted by the next new one.',
    source: 'Linux net/netfilter/xt_recent.c: module parameter ip_list_tot, default 100 (recent_entry_init evicts the LRU head when t->entries >= ip_list_tot).',
  },
} as const satisfies Parameters;

interface Remembered {
  endpoint: number;
  lastNs: number;
}

export class ClientIpAffinity {
  private readonly remembered = new Map<string, Remembered>();
  /** With a bound: each endpoint's list (node/Service/endpoint), its addresses and their last
   *  `--set` in least-recently-set order (a Map keeps insertion order). */
  private readonly lists = new Map<string, Map<number, number>>();
  /** Addresses evicted from a full list so far. */
  evictions = 0;

  /** `listBound`: addresses per endpoint's list (iptables' xt_recent); null: unbounded. */
  constructor(readonly timeoutNs: number, readonly listBound: number | null = null) {}

  /** The endpoint `source` was last sent to by `node` for Service `s`, if less than the timeout
   *  ago and (with a bound) still in that endpoint's list; -1 otherwise (an expired memory is
   *  reaped). */
  lookup(node: number, s: number, source: number, nowNs: number): number {
    const key = `${node}/${s}/${source}`;
    const r = this.remembered.get(key);
    if (!r) return -1;
    if (this.listBound !== null) {
      const list = this.lists.get(`${node}/${s}/${r.endpoint}`)!;
      if (!list.has(source)) {
        this.remembered.delete(key);
        return -1;
      }
      // --reap: the list's oldest address goes if it is T old.
      const [head, lastNs] = list.entries().next().value!;
      if (nowNs - lastNs >= this.timeoutNs) list.delete(head);
    }
    if (nowNs - r.lastNs < this.timeoutNs) return r.endpoint;
    this.remembered.delete(key);
    return -1;
  }

  /** A new connection from `source` went to `endpoint`: remembered from now (`--set`, `update`,
   *  the template's timer restarted). */
  record(node: number, s: number, source: number, endpoint: number, nowNs: number): void {
    this.remembered.set(`${node}/${s}/${source}`, { endpoint, lastNs: nowNs });
    if (this.listBound === null) return;
    const name = `${node}/${s}/${endpoint}`;
    let list = this.lists.get(name);
    if (!list) {
      list = new Map();
      this.lists.set(name, list);
    }
    if (list.has(source)) list.delete(source);
    else if (list.size >= this.listBound) {
      list.delete(list.keys().next().value!);
      this.evictions++;
    }
    list.set(source, nowNs);
  }
}
