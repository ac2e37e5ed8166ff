/** host-gw: no encapsulation, a route per other node, one route lookup each side. */
import { podMtu } from '../../../models/backends/backend.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HostGwBackend } from '../../../models/backends/host-gw-backend.ts';
import { costProfiles } from '../../../models/profiles/profiles.ts';

const profile = costProfiles['xeon-2019-10gbe'];

test('host-gw: MTU 1500, no encapsulation, n−1 routes and no FDB or ARP entries', () => {
  const b = new HostGwBackend();
  assert.deepEqual([podMtu(b, 1500), b.encapBytes, b.routes(5000), b.fdbEntries(), b.arpEntries()], [1500, 0, 4999, 0, 0]);
  assert.deepEqual(b.outerHeader([40000, 5201]), { protocol: 'tcp', srcPort: 40000, dstPort: 5201 });
});

test('host-gw: one route lookup on the sender, one on the receiver', () => {
  const b = new HostGwBackend();
  const ctx = { profile, from: 2, to: 9, ipBytes: 1500, senderResource: 'cpu' as const };
  const out = b.egress(ctx), inn = b.ingress(ctx);
  assert.deepEqual(out.map((s) => [s.name, s.node, s.resource, s.ns]), [['route via node-9 (host-gw)', 2, 'cpu', profile.routeNs]]);
  assert.deepEqual(inn.map((s) => [s.name, s.node, s.resource, s.ns]), [['route to cni0', 9, 'softirq', profile.routeNs]]);
});
