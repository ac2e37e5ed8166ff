/**
 * kube-proxy's IPVS mode on one packet. A new connection's first packet passes the constant nat
 * rules (ipset match of KUBE-CLUSTER-IP), then IPVS: a hash lookup of the virtual service, the
 * scheduler's pick (with this node's scheduler state), a new ip_vs_conn; every packet of the
 * connection, both ways, is then looked up in IPVS's connection table and sent by its NAT
 * transmitter. On the endpoint's node the translated packet meets the same constant rules and
 * matches none. A closed connection stays inactive in the scheduler's counts for IPVS's TIME_WAIT
 * timeout (120 s, ip_vs_proto_tcp.c), forgotten lazily from a FIFO, no event per connection.
 * Through a NodePort the first packet also takes KUBE-NODE-PORT (ipset test, mark) and is
 * masqueraded in KUBE-POSTROUTING (mark cleared, MASQUERADE); IPVS then serves nodeIP:port.
 */
import type { CostProfile } from '../profiles/cost-profile.ts';
import { IpvsService, type IpvsSchedulerName } from './ipvs-scheduler.ts';
import { IpvsConnReuse, type IpvsConnReuseConfig, ipvsTimeWaitNs } from './ipvs-conn-reuse.ts';
import { forwardRules } from './iptables-proxier.ts';
import { ipvsState } from './kube-proxy-ruleset.ts';
import type { ServiceCatalogueConfig } from './service-catalogue.ts';
import type { PodAddressing } from '../datapath/pod-addressing.ts';
import type { Selection, ServiceAddress, ServiceProxy } from './proxier.ts';

/** nat rules a new flow evaluates: KUBE-SERVICES (3, the last with the ipset test) and
 *  KUBE-POSTROUTING (loop-back ipset test, RETURN). */
const natRules = 5;
const ipsetTests = 2;
/** A NodePort's extra: the KUBE-NODE-PORT ipset rule, KUBE-MARK-MASQ, and in KUBE-POSTROUTING
 *  the mark clearing and MASQUERADE. */
const nodePortRules = 4;

interface Inactive {
  expiresNs: number;
  s: number;
  endpoint: number;
}

class NodeDirector {
  readonly services = new Map<number, IpvsService>();
  readonly inactive: Inactive[] = [];
  head = 0;
}

export class IpvsProxier implements ServiceProxy {
  readonly mode = 'ipvs';
  readonly rules: number;
  readonly connectNs = 0;
  readonly translates = true;
  readonly unmatchedNs: number;
  readonly translateNs: number;
  readonly filterNs: number;
  private readonly newNs: number;
  private readonly nodes = new Map<number, NodeDirector>();
  private readonly weights: number[];
  /** The connection table's handling of reused source ports; null: not modelled. */
  readonly reuse: IpvsConnReuse | null;

  constructor(
    readonly scheduler: IpvsSchedulerName,
    via: ServiceAddress,
    services: ServiceCatalogueConfig,
    costs: CostProfile,
    private readonly addressing: PodAddressing,
    connReuse: IpvsConnReuseConfig | null = null,
  ) {
    this.reuse = connReuse === null ? null : new IpvsConnReuse(connReuse);
    this.rules = ipvsState({ ...services, version: 'current' }).rules;
    const nat = 2 * costs.iptablesTraverseNs + natRules * costs.iptablesRuleNs + ipsetTests * costs.ipsetLookupNs;
    this.unmatchedNs = nat;
    const nodePortNs = nodePortRules * costs.iptablesRuleNs + costs.ipsetLookupNs + costs.masqueradeNs;
    this.newNs = nat + costs.ipvsNewConnectionNs + costs.ipvsPacketNs + (via === 'nodePort' ? nodePortNs : 0);
    this.translateNs = costs.ipvsPacketNs + (via === 'nodePort' ? costs.natRewriteNs : 0);
    this.filterNs = costs.iptablesTraverseNs + forwardRules * costs.iptablesRuleNs;
    this.weights = Array.from({ length: services.endpointsPerService }, () => 1);
  }

  /** Node `node`'s scheduler state for Service `s`. */
  service(node: number, s: number): IpvsService {
    const d = this.director(node);
    let svc = d.services.get(s);
    if (!svc) {
      svc = new IpvsService(this.scheduler, this.weights);
      d.services.set(s, svc);
    }
    return svc;
  }

  select(node: number, s: number, sourceAddr: number, nowNs: number): Selection {
    this.forget(node, nowNs);
    const svc = this.service(node, s);
    const endpoint = svc.schedule(sourceAddr, this.addressing.clusterIpAddr(s));
    svc.opened(endpoint);
    return { endpoint, ns: this.newNs, rulesWalked: 0 };
  }

  closed(node: number, s: number, endpoint: number, nowNs: number): void {
    this.service(node, s).closed(endpoint);
    this.director(node).inactive.push({ expiresNs: nowNs + ipvsTimeWaitNs, s, endpoint });
  }

  private director(node: number): NodeDirector {
    let d = this.nodes.get(node);
    if (!d) {
      d = new NodeDirector();
      this.nodes.set(node, d);
    }
    return d;
  }

  private forget(node: number, nowNs: number): void {
    const d = this.director(node);
    while (d.head < d.inactive.length && d.inactive[d.head].expiresNs <= nowNs) {
      const x = d.inactive[d.head++];
      d.services.get(x.s)?.forgotten(x.endpoint);
    }
    if (d.head > 4096 && d.head * 2 > d.inactive.length) {
      d.inactive.splice(0, d.head);
      d.head = 0;
    }
  }
}
