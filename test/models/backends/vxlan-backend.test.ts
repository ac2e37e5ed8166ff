/** VXLAN: 50 bytes of headers, an FDB and ARP entry per other node, UDP :8472 with a source port
 *  hashed from the inner flow (the same both ways), encap and decap in the kernel. */
import { podMtu } from '../../../models/backends/backend.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VxlanBackend } from '../../../models/backends/vxlan-backend.ts';
import { costProfiles } from '../../../models/profiles/profiles.ts';

const p = costProfiles['xeon-2019-10gbe'];

test('VXLAN: 14 + 20 + 8 + 8 = 50 bytes, MTU 1450, n−1 routes, FDB and ARP entries', () => {
  const b = new VxlanBackend();
  assert.equal(b.encapBytes, 14 + 20 + 8 + 8);
  assert.equal(podMtu(b, 1500), 1500 - b.encapBytes);
  assert.deepEqual([b.routes(5000), b.fdbEntries(5000), b.arpEntries(5000)], [4999, 4999, 4999]);
});

test('VXLAN: the outer source port is a hash of the inner ports in [32768, 61000), the same both ways', () => {
  const b = new VxlanBackend();
  const there = b.outerHeader([40001, 5201]), back = b.outerHeader([5201, 40001]);
  assert.deepEqual(there, back);
  assert.equal(there.protocol, 'udp');
  assert.equal(there.dstPort, 8472);
  const ports = new Set<number>();
  for (let f = 0; f < 200; f++) {
    const h = b.outerHeader([40000 + f, 5201]);
    assert.ok(h.srcPort >= 32768 && h.srcPort < 61000, `${h.srcPort}`);
    ports.add(h.srcPort);
  }
  assert.ok(ports.size > 190, `${ports.size} distinct ports for 200 flows`);
});

test('VXLAN: sender route + encap (VTEP lookups, outer route, UDP out), receiver UDP rx + decap + route', () => {
  const b = new VxlanBackend();
  const ctx = { profile: p, from: 4, to: 5, ipBytes: 1450, senderResource: 'cpu' as const };
  assert.deepEqual(b.egress(ctx).map((s) => s.ns), [p.routeNs, p.vtepLookupNs + p.routeNs + p.udpTxNs]);
  assert.deepEqual(b.ingress(ctx).map((s) => s.ns), [p.udpRxNs, p.netifRxNs, p.routeNs]);
  assert.ok(b.ingress(ctx).every((s) => s.node === 5 && s.resource === 'softirq' && s.side === 'kernel'));
});
