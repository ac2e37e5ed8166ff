/**
 * The userspace proxy (kube-proxy before 1.2) on one packet: a new connection's first packet walks
 * KUBE-PORTALS-CONTAINER (one REDIRECT rule per Service, position uniform, first or last as in iptables mode) and
 * is redirected to the kube-proxy process's port on the node. kube-proxy accepts, picks an
 * endpoint round-robin and connects to it; the connection model then passes every segment through
 * the proxy process (a one-server station: `relaySegmentNs`, a wake-up, a recv() and a send(), two
 * copies and the host TCP stack ending one connection and carrying the other). The
 * proxy's own connection to the endpoint is new to the endpoint's node, which walks the portal
 * chain without a match. Through a NodePort the pod's SYN walks all of KUBE-PORTALS-CONTAINER
 * and then KUBE-NODEPORT-CONTAINER (one rule per NodePort) to its REDIRECT; the proxy's own
 * connection leaves from the node's address, so no masquerade is needed.
 */
import type { RandomStream, Streams } from '../../sim/index.ts';
import type { CostProfile } from '../profiles/cost-profile.ts';
import { userspaceRuleset } from './kube-proxy-ruleset.ts';
import { listPosition, type ServiceCatalogueConfig } from './service-catalogue.ts';
import { ServiceGroups } from './service-groups.ts';
import type { Selection, ServiceAddress, ServiceProxy } from './proxier.ts';

/**
 * The proxy thread's work to relay one segment of `payloadBytes`: a wake-up, recv() on the
 * pod's connection and send() on its own (two system calls, a copy each way), the host TCP stack
 * receiving on one socket and transmitting on the other. One segment per wake-up: the real proxy's
 * reads can batch segments that queued while it slept, which this does not model.
 */
export function relaySegmentNs(p: CostProfile, payloadBytes: number): number {
  return Math.round(p.wakeupNs + 2 * p.syscallNs + 2 * p.copyNsPerByte * payloadBytes + p.tcpRxNs + p.tcpTxNs);
}

export class UserspaceProxier implements ServiceProxy {
  readonly mode = 'userspace';
  readonly rules: number;
  readonly connectNs = 0;
  readonly translates = true;
  readonly unmatchedNs: number;
  readonly translateNs: number;
  /** The userspace proxy wrote no filter rules. */
  readonly filterNs = 0;
  private readonly groups: ServiceGroups;
  private readonly order = new Map<number, RandomStream>();
  private readonly cursor = new Map<string, number>();

  constructor(
    private readonly via: ServiceAddress,
    private readonly services: ServiceCatalogueConfig,
    private readonly costs: CostProfile,
    private readonly streams: Streams,
  ) {
    this.groups = new ServiceGroups(services.groups);
    const r = userspaceRuleset({ ...services, version: 'legacy' });
    this.rules = r.rules;
    this.unmatchedNs = costs.iptablesTraverseNs + r.portalRules * costs.iptablesRuleNs;
    this.translateNs = costs.natRewriteNs;
  }

  select(node: number, s: number): Selection {
    let stream = this.order.get(node);
    if (!stream) {
      stream = this.streams.get(`kube-services-order/node-${node}`);
      this.order.set(node, stream);
    }
    const services = this.groups.services;
    const rulesWalked = this.via === 'nodePort'
      ? services + listPosition(this.services, s, this.services.nodePortServices, stream) + 1
      : listPosition(this.services, s, services, stream) + 1;
    const key = `${node}/${s}`;
    const endpoint = ((this.cursor.get(key) ?? -1) + 1) % this.groups.endpointsOf(s);
    this.cursor.set(key, endpoint);
    // The pod's SYN is redirected; the proxy's own SYN to the endpoint then walks
    // KUBE-PORTALS-HOST (OUTPUT) without a match.
    const ns = this.costs.iptablesTraverseNs + rulesWalked * this.costs.iptablesRuleNs + this.costs.natRewriteNs + this.unmatchedNs;
    return { endpoint, ns, rulesWalked: rulesWalked + services, masquerade: false };
  }

  closed(): void {}
}
