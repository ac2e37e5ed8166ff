/**
 * Receive-side scaling over outer headers: pod TCP connections spread over queues; VXLAN spreads
 * only when the NIC hashes UDP ports; flannel UDP and IPIP always land on one queue.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectionPorts } from '../../../models/datapath/cluster.ts';
import { FlannelUdpBackend } from '../../../models/backends/flannel-udp-backend.ts';
import { HostGwBackend } from '../../../models/backends/host-gw-backend.ts';
import { IpipBackend } from '../../../models/backends/ipip-backend.ts';
import { rxQueue } from '../../../models/datapath/rss.ts';
import type { Backend } from '../../../models/backends/backend.ts';
import { VxlanBackend } from '../../../models/backends/vxlan-backend.ts';

function queuesUsed(b: Backend, hashUdpPorts: boolean, flows = 30, queues = 8): number {
  const used = new Set<number>();
  for (let f = 1; f <= flows; f++) used.add(rxQueue(b.outerHeader(connectionPorts(f)), 0, 1, hashUdpPorts, queues));
  return used.size;
}

test('30 connections between two nodes: which receive queues they reach', () => {
  assert.ok(queuesUsed(new HostGwBackend(), false) >= 6, 'TCP is hashed on ports');
  assert.equal(queuesUsed(new VxlanBackend(), false), 1, 'UDP on addresses only: one queue');
  assert.ok(queuesUsed(new VxlanBackend(), true) >= 6, 'UDP ports hashed: the flow-hashed source port spreads');
  assert.equal(queuesUsed(new FlannelUdpBackend(), true), 1, 'fixed ports 8285 ↔ 8285');
  assert.equal(queuesUsed(new IpipBackend(), true), 1, 'protocol 4 has no ports');
});

test('a connection maps to the same queue in both directions', () => {
  const h = new VxlanBackend().outerHeader(connectionPorts(3));
  assert.equal(rxQueue(h, 0, 1, true, 8), rxQueue(h, 1, 0, true, 8));
});
