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
 * With `externalTrafficPolicy: Local` the NodePort is a member of KUBE-NODE-PORT-LOCAL-TCP, whose
 * RETURN rule comes first in KUBE-NODE-PORT: one rule and one ipset test, no mark, no
 * MASQUERADE, and the virtual service's real servers are this node's endpoints only.
 * With `sessionAffinity: ClientIP` the virtual service is persistent (`-p timeout`): every new
 * connection looks up its client's template in the connection table; a live one names the real
 * server and the scheduler is not asked, else the scheduler picks and a template is created
 * (session-affinity.ts).
 */
import type { CostProfile } from '../profiles/cost-profile.ts';
import { IpvsService, type IpvsSchedulerName } from './ipvs-scheduler.ts';
import { IpvsConnReuse, type IpvsConnReuseConfig, ipvsTimeWaitNs } from './ipvs-conn-reuse.ts';
import { forwardRules } from './iptables-proxier.ts';
import { ipvsState, perNode } from './kube-proxy-ruleset.ts';
import type { ServiceCatalogueConfig } from './service-catalogue.ts';
import { ServiceGroups } from './service-groups.ts';
import type { PodAddressing } from '../datapath/pod-addressing.ts';
import { rulesetOptions, type Selection, type ServiceAddress, type ServiceOptions, type ServiceProxy } from './proxier.ts';

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
  readonly rulesByNode: readonly number[] | null;
  readonly connectNs = 0;
  readonly translates = true;
  readonly unmatchedNs: number;
  readonly translateNs: number;
  readonly filterNs: number;
  private readonly newNs: number;
  private readonly nodes = new Map<number, NodeDirector>();
  private readonly groups: ServiceGroups;
  /** Equal weights, one list per Service size. */
  private readonly weights = new Map<number, number[]>();
  private readonly masquerade: boolean;
  /** The connection table's handling of reused source ports; null: not modelled. */
  readonly reuse: IpvsConnReuse | null;

  constructor(
    readonly scheduler: IpvsSchedulerName,
    private readonly via: ServiceAddress,
    services: ServiceCatalogueConfig,
    costs: CostProfile,
    private readonly addressing: PodAddressing,
    connReuse: IpvsConnReuseConfig | null = null,
    private readonly options: ServiceOptions = {},
  ) {
    this.reuse = connReuse === null ? null : new IpvsConnReuse(connReuse);
    const rules = perNode({ ...services, version: 'current', ...rulesetOptions(options) }, options.endpoints?.nodeLayouts() ?? null, (x) => ipvsState(x).rules);
    this.rules = rules.mean;
    this.rulesByNode = rules.byNode;
    const nat = 2 * costs.iptablesTraverseNs + natRules * costs.iptablesRuleNs + ipsetTests * costs.ipsetLookupNs;
    this.unmatchedNs = nat;
    const local = via === 'nodePort' && (options.endpoints?.local ?? false);
    this.masquerade = via === 'nodePort' && !local;
    const nodePortNs = local ? costs.iptablesRuleNs + costs.ipsetLookupNs : nodePortRules * costs.iptablesRuleNs + costs.ipsetLookupNs + costs.masqueradeNs;
    this.newNs = nat + costs.ipvsNewConnectionNs + costs.ipvsPacketNs + (via === 'nodePort' ? nodePortNs : 0);
    this.translateNs = costs.ipvsPacketNs + (this.masquerade ? costs.natRewriteNs : 0);
    this.filterNs = costs.iptablesTraverseNs + forwardRules * costs.iptablesRuleNs;
    this.groups = new ServiceGroups(services.groups);
    this.persistNs = { lookup: costs.conntrackLookupNs, create: costs.conntrackInsertNs };
  }

  /** A persistence template's lookup in the connection table and its creation, ns: like a
   *  conntrack entry's (an ip_vs_conn in a hash table with its timer). */
  private readonly persistNs: { lookup: number; create: number };

  /** Node `node`'s scheduler state for Service `s`. */
  service(node: number, s: number): IpvsService {
    const d = this.director(node);
    let svc = d.services.get(s);
    if (!svc) {
      const n = this.realServers(node, s)?.length ?? this.groups.endpointsOf(s);
      let weights = this.weights.get(n);
      if (!weights) {
        weights = Array.from({ length: n }, () => 1);
        this.weights.set(n, weights);
      }
      svc = new IpvsService(this.scheduler, weights);
      d.services.set(s, svc);
    }
    return svc;
  }

  select(node: number, s: number, sourceAddr: number, nowNs: number): Selection {
    this.forget(node, nowNs);
    const svc = this.service(node, s);
    const servers = this.realServers(node, s);
    const affinity = this.options.affinity;
    const remembered = affinity ? affinity.lookup(node, s, sourceAddr, nowNs) : -1;
    const sticky = remembered >= 0;
    const index = sticky ? (servers ? servers.indexOf(remembered) : remembered) : svc.schedule(sourceAddr, this.addressing.clusterIpAddr(s));
    svc.opened(index);
    const endpoint = servers ? servers[index] : index;
    let ns = this.newNs;
    if (affinity) {
      affinity.record(node, s, sourceAddr, endpoint, nowNs);
      ns += this.persistNs.lookup + (sticky ? 0 : this.persistNs.create);
    }
    const chains = this.via === 'nodePort' ? `KUBE-NODE-PORT ${this.masquerade ? 'ipset match, mark' : 'KUBE-NODE-PORT-LOCAL-TCP RETURN (no mark)'}; IPVS` : 'KUBE-SERVICES ipset match; IPVS';
    const options = this.options.endpoints || affinity;
    return {
      endpoint, ns, rulesWalked: 0, masquerade: this.masquerade, ...(affinity && { sticky }),
      ...(options && { chains: `${chains} ${affinity ? 'persistent virtual service (template lookup)' : 'virtual service'} + scheduler` }),
    };
  }

  closed(node: number, s: number, endpoint: number, nowNs: number): void {
    const servers = this.realServers(node, s);
    const index = servers ? servers.indexOf(endpoint) : endpoint;
    this.service(node, s).closed(index);
    this.director(node).inactive.push({ expiresNs: nowNs + ipvsTimeWaitNs, s, endpoint: index });
  }

  /** The virtual service's real servers on `node` (absent: all the endpoints, in order). */
  private realServers(node: number, s: number): readonly number[] | undefined {
    return this.options.endpoints?.usable(node, s);
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
