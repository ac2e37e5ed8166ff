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
 * node's kernel) and per Service. Simplifications: xt_recent's per-list bound (ip_list_tot, 100
 * addresses, the oldest evicted) and IPVS's re-arming of a template that still controls open
 * connections are not modelled.
 */
import type { Parameters } from '../parameters.ts';

export const sessionAffinityParameters = {
  timeoutSeconds: {
    value: 10800, unit: 's', min: 1, max: 86400, integer: true,
    doc: 'sessionAffinityConfig.clientIP.timeoutSeconds: how long a client address sticks to its endpoint after its last new connection.',
    source: 'Kubernetes API: default 10800 (3 h, DefaultClientIPServiceAffinitySeconds), valid 1 to 86400 (MaxClientIPServiceAffinitySeconds).',
  },
} as const satisfies Parameters;

interface Remembered {
  endpoint: number;
  lastNs: number;
}

export class ClientIpAffinity {
  private readonly remembered = new Map<string, Remembered>();

  constructor(readonly timeoutNs: number) {}

  /** The endpoint `source` was last sent to by `node` for Service `s`, if less than the timeout
   *  ago; -1 otherwise (an expired memory is reaped). */
  lookup(node: number, s: number, source: number, nowNs: number): number {
    const key = `${node}/${s}/${source}`;
    const r = this.remembered.get(key);
    if (!r) return -1;
    if (nowNs - r.lastNs < this.timeoutNs) return r.endpoint;
    this.remembered.delete(key);
    return -1;
  }

  /** A new connection from `source` went to `endpoint`: remembered from now (`--set`, `update`,
   *  the template's timer restarted). */
  record(node: number, s: number, source: number, endpoint: number, nowNs: number): void {
    this.remembered.set(`${node}/${s}/${source}`, { endpoint, lastNs: nowNs });
  }
}
