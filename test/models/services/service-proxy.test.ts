/** Proxy modes by name: every mode of proxier.ts builds the proxier of that mode. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createProxy, serviceOptions } from '../../../models/services/service-proxy.ts';
import { ServiceCatalogue } from '../../../models/services/service-catalogue.ts';
import { proxyModes } from '../../../models/services/proxier.ts';
import { PodAddressing } from '../../../models/datapath/pod-addressing.ts';
import { costProfiles } from '../../../models/profiles/profiles.ts';
import { Streams } from '../../../sim/index.ts';

test('every mode builds its proxier; only eBPF and the pod IP leave conntrack without a translation', () => {
  const addressing = new PodAddressing({ clusterCidr: '10.0.0.0/11', nodeCidrMaskSize: 24, nodes: 3, podsPerNode: 110 });
  const catalogue = { groups: [{ count: 100, endpointsPerService: 4 }], nodePortServices: 0, targetServices: 1, popularity: { kind: 'uniform' as const } };
  const built = proxyModes.map((mode) => createProxy({ mode, version: 'current', scheduler: 'rr', via: 'clusterIP' }, catalogue, costProfiles['xeon-2019-10gbe'], new Streams(1, 0), addressing));
  assert.deepEqual(built.map((p) => p.mode), ['iptables', 'ipvs', 'nftables', 'ebpf', 'userspace', 'none']);
  assert.deepEqual(built.map((p) => p.translates), [true, true, true, false, true, false]);
  assert.deepEqual(built.map((p) => p.rules), [9 + 100 * 14, 20, 23 + 100 * 10, 0, 200, 0]);
});

test('session affinity: iptables\' recent lists hold 100 addresses each (xt_recent); nftables sets and IPVS templates are unbounded', () => {
  const addressing = new PodAddressing({ clusterCidr: '10.0.0.0/11', nodeCidrMaskSize: 24, nodes: 3, podsPerNode: 110 });
  const catalogue = new ServiceCatalogue({ groups: [{ count: 10, endpointsPerService: 4 }], nodePortServices: 0, targetServices: 1, popularity: { kind: 'uniform' } }, addressing, [0]);
  const bound = (mode: 'iptables' | 'nftables' | 'ipvs') => serviceOptions({ mode, version: 'current', scheduler: 'rr', via: 'clusterIP', affinityTimeoutNs: 1e9 }, catalogue, undefined).affinity!.listBound;
  assert.deepEqual([bound('iptables'), bound('nftables'), bound('ipvs')], [100, null, null]);
});
