/**
 * The kube-proxy modes by name: the one place a scenario's `proxy.mode` becomes a proxier (each
 * implements the contract of proxier.ts); `none` is the pod-IP baseline without a Service. The
 * translating modes take the Service options (endpoint sets, session affinity); eBPF, userspace
 * and none ignore them.
 */
import type { Streams } from '../../sim/index.ts';
import type { PodAddressing } from '../datapath/pod-addressing.ts';
import type { CostProfile } from '../profiles/cost-profile.ts';
import { DirectPodIp } from './direct-pod-ip.ts';
import { EbpfSocketLb } from './ebpf-socket-lb.ts';
import { IptablesProxier } from './iptables-proxier.ts';
import { IpvsProxier } from './ipvs-proxier.ts';
import { NftablesProxier } from './nftables-proxier.ts';
import type { ProxyConfig, ServiceOptions, ServiceProxy } from './proxier.ts';
import type { ServiceCatalogue, ServiceCatalogueConfig } from './service-catalogue.ts';
import { EndpointSets } from './endpoint-sets.ts';
import { ClientIpAffinity, xtRecentParameters } from './session-affinity.ts';
import { UserspaceProxier } from './userspace-proxier.ts';

export function createProxy(
  config: ProxyConfig,
  services: ServiceCatalogueConfig,
  costs: CostProfile,
  streams: Streams,
  addressing: PodAddressing,
  options: ServiceOptions = {},
): ServiceProxy {
  switch (config.mode) {
    case 'iptables':
      return new IptablesProxier(config.version, config.via, services, costs, streams, options);
    case 'ipvs':
      return new IpvsProxier(config.scheduler, config.via, services, costs, addressing, config.ipvsConnReuse ?? null, options);
    case 'nftables':
      return new NftablesProxier(config.via, services, costs, streams, options);
    case 'ebpf':
      return new EbpfSocketLb(services, costs, streams);
    case 'userspace':
      return new UserspaceProxier(config.via, services, costs, streams);
    case 'none':
      return new DirectPodIp(services, streams);
  }
}

/** The Service options a proxy configuration asks for: endpoint sets when the external traffic
 *  policy or the traffic distribution is given, client-address affinity when its timeout is
 *  (iptables' lists bounded as xt_recent bounds them). */
export function serviceOptions(config: ProxyConfig, catalogue: ServiceCatalogue, zones: number | undefined): ServiceOptions {
  const sets = config.externalTrafficPolicy !== undefined || config.trafficDistribution !== undefined;
  return {
    ...(sets && {
      endpoints: new EndpointSets({ externalTrafficPolicy: config.externalTrafficPolicy ?? 'Cluster', trafficDistribution: config.trafficDistribution ?? null, zones: zones ?? 1 }, catalogue, config.via),
    }),
    ...(config.affinityTimeoutNs !== undefined && {
      affinity: new ClientIpAffinity(config.affinityTimeoutNs, config.mode === 'iptables' ? xtRecentParameters.listTot.value : null),
    }),
  };
}
