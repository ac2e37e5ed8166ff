/**
 * The kube-proxy modes by name: the one place a scenario's `proxy.mode` becomes a proxier (each
 * implements the contract of proxier.ts); `none` is the pod-IP baseline without a Service.
 */
import type { Streams } from '../../sim/index.ts';
import type { PodAddressing } from '../datapath/pod-addressing.ts';
import type { CostProfile } from '../profiles/cost-profile.ts';
import { DirectPodIp } from './direct-pod-ip.ts';
import { EbpfSocketLb } from './ebpf-socket-lb.ts';
import { IptablesProxier } from './iptables-proxier.ts';
import { IpvsProxier } from './ipvs-proxier.ts';
import { NftablesProxier } from './nftables-proxier.ts';
import type { ProxyConfig, ServiceProxy } from './proxier.ts';
import type { ServiceCatalogueConfig } from './service-catalogue.ts';
import { UserspaceProxier } from './userspace-proxier.ts';

export function createProxy(
  config: ProxyConfig,
  services: ServiceCatalogueConfig,
  costs: CostProfile,
  streams: Streams,
  addressing: PodAddressing,
): ServiceProxy {
  switch (config.mode) {
    case 'iptables':
      return new IptablesProxier(config.version, config.via, services, costs, streams);
    case 'ipvs':
      return new IpvsProxier(config.scheduler, config.via, services, costs, addressing, config.ipvsConnReuse ?? null);
    case 'nftables':
      return new NftablesProxier(config.via, services, costs, streams);
    case 'ebpf':
      return new EbpfSocketLb(services, costs, streams);
    case 'userspace':
      return new UserspaceProxier(config.via, services, costs, streams);
    case 'none':
      return new DirectPodIp(services, streams);
  }
}
