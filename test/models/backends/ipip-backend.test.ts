/** IPIP: a 20-byte outer IP header, protocol 4 (addresses only for RSS), encap and decap costs. */
import { podMtu } from '../../../models/backends/backend.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IpipBackend } from '../../../models/backends/ipip-backend.ts';
import { costProfiles } from '../../../models/profiles/profiles.ts';

const p = costProfiles['xeon-2019-10gbe'];

test('IPIP: MTU 1480 = 1500 − 20, n−1 routes, no FDB, outer header without ports', () => {
  const b = new IpipBackend();
  assert.deepEqual([podMtu(b, 1500), b.encapBytes, podMtu(b, 1500) + b.encapBytes, b.routes(10), b.fdbEntries(), b.arpEntries()], [1480, 20, 1500, 9, 0, 0]);
  assert.deepEqual(b.outerHeader(), { protocol: 'ip', srcPort: 0, dstPort: 0 });
});

test('IPIP: sender route + encap, receiver IP rx + decap + route, in closed form', () => {
  const b = new IpipBackend();
  const ctx = { profile: p, from: 0, to: 1, ipBytes: 1480, senderResource: 'softirq' as const };
  assert.deepEqual(b.egress(ctx).map((s) => [s.node, s.resource, s.ns]), [[0, 'softirq', p.routeNs], [0, 'softirq', p.routeNs + p.udpTxNs]]);
  assert.deepEqual(b.ingress(ctx).map((s) => [s.node, s.resource, s.ns]), [[1, 'softirq', p.udpRxNs], [1, 'softirq', p.netifRxNs], [1, 'softirq', p.routeNs]]);
});
