/**
 * The flannel backends by name, and `host` (pods in their node's network namespace): the one
 * place a scenario's `network.backend` becomes a model.
 */
import type { Backend } from './backend.ts';
import { FlannelUdpBackend } from './flannel-udp-backend.ts';
import { HostGwBackend } from './host-gw-backend.ts';
import { HostNetwork } from './host-network.ts';
import { IpipBackend } from './ipip-backend.ts';
import { VxlanBackend } from './vxlan-backend.ts';
import { WireguardBackend } from './wireguard-backend.ts';

export const backendNames = ['host-gw', 'vxlan', 'udp', 'ipip', 'wireguard', 'host'] as const;
export type BackendName = (typeof backendNames)[number];

export function backendOf(name: BackendName): Backend {
  switch (name) {
    case 'host-gw':
      return new HostGwBackend();
    case 'vxlan':
      return new VxlanBackend();
    case 'udp':
      return new FlannelUdpBackend();
    case 'ipip':
      return new IpipBackend();
    case 'wireguard':
      return new WireguardBackend();
    case 'host':
      return new HostNetwork();
  }
}

