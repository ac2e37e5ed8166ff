/** WireGuard: +60 bytes on the wire, pod MTU 1420 on 1500 (8920 on 9000), fixed UDP ports, the
 *  cipher per byte on the crypt workers (one per core), the peer's ordered tx and NAPI single. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { podMtu } from '../../../models/backends/backend.ts';
import { WireguardBackend } from '../../../models/backends/wireguard-backend.ts';
import { Node } from '../../../models/datapath/node.ts';
import { costProfiles } from '../../../models/profiles/profiles.ts';
import { Simulation } from '../../../sim/index.ts';

const p = costProfiles['server-2024-40gbe'];

test('headers, MTU, ports', () => {
  const b = new WireguardBackend();
  assert.deepEqual([b.encapBytes, podMtu(b, 1500), podMtu(b, 9000), b.routes(10)], [60, 1420, 8920, 9]);
  assert.deepEqual(b.outerHeader(), { protocol: 'udp', srcPort: 51820, dstPort: 51820 });
});

test('encrypt and decrypt cost per packet plus per byte, on the crypt workers; the peer\'s tx and NAPI stages on their own contexts', () => {
  const b = new WireguardBackend();
  const ctx = { profile: p, from: 0, to: 1, ipBytes: 8920, senderResource: 'cpu' as const };
  const crypt = Math.round(p.wgPacketNs + p.wgCryptNsPerByte * 8920);
  assert.deepEqual(b.egress(ctx).map((s) => [s.resource, s.ns]), [['cpu', p.routeNs], ['wg-crypt', crypt], ['wg-tx', p.routeNs + p.udpTxNs]]);
  assert.deepEqual(b.ingress(ctx).map((s) => [s.resource, s.ns]), [['softirq', p.udpRxNs], ['wg-crypt', crypt], ['wg-napi', p.netifRxNs], ['wg-napi', p.routeNs]]);
  const n = new Node(new Simulation(), 0, 'node-0', { cores: 12, rxQueues: 12 });
  assert.equal(n.station('wg-crypt')!.servers, 12);
  assert.equal(n.station('wg-napi')!.servers, 1);
});
