/**
 * flannel UDP against VXLAN, stage by stage: per host UDP adds exactly two crossings and one copy
 * each way (the sender's three crossings: app → kernel, kernel → flanneld, flanneld → kernel),
 * overhead bytes, MTU-derived payload, route counts, and which context runs what.
 */
import { podMtu } from '../../../models/backends/backend.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../../../sim/index.ts';
import type { Backend } from '../../../models/backends/backend.ts';
import { Cluster } from '../../../models/datapath/cluster.ts';
import { costProfiles } from '../../../models/profiles/profiles.ts';
import { FlannelUdpBackend } from '../../../models/backends/flannel-udp-backend.ts';
import { HostGwBackend } from '../../../models/backends/host-gw-backend.ts';
import { IpipBackend } from '../../../models/backends/ipip-backend.ts';
import type { Stage } from '../../../models/datapath/packet-path.ts';
import { VxlanBackend } from '../../../models/backends/vxlan-backend.ts';

const profile = costProfiles['xeon-2019-10gbe'];
const client = { name: 'client', node: 0 };
const server = { name: 'server', node: 1 };

function cluster(backend: Backend): Cluster {
  return new Cluster(new Simulation(), { nodes: 2, coresPerNode: 4, rxQueues: 4, linkGbps: 10 }, profile, backend);
}

const onNode = (stages: Stage[], node: number) => stages.filter((s) => s.node === node);
const crossings = (stages: Stage[]) => stages.filter((s) => s.crossing).map((s) => `${s.crossing} ${s.name}`);
const copied = (stages: Stage[], crossing: string) =>
  stages.filter((s) => s.crossing === crossing).reduce((n, s) => n + (s.copiedBytes ?? 0), 0);

test('per host, UDP adds exactly two crossings and one copy each way over VXLAN', () => {
  const seg = { payloadBytes: 1000, messageBytes: 1000, first: true, last: true };
  const ipBytes = 1000 + 32 + 20;
  const vx = cluster(new VxlanBackend()).stages(client, server, seg);
  const udp = cluster(new FlannelUdpBackend()).stages(client, server, seg);
  assert.deepEqual(crossings(onNode(udp, 0)), [
    'user→kernel send()', 'kernel→user flanneld read() from flannel0', 'user→kernel flanneld sendto() :8285',
  ]);
  assert.deepEqual(crossings(onNode(udp, 1)), [
    'kernel→user flanneld recvfrom()', 'user→kernel flanneld write() to flannel0', 'kernel→user recv()',
  ]);
  for (const node of [0, 1]) {
    assert.equal(crossings(onNode(udp, node)).length - crossings(onNode(vx, node)).length, 2);
    for (const way of ['user→kernel', 'kernel→user']) {
      assert.equal(copied(onNode(udp, node), way) - copied(onNode(vx, node), way), ipBytes, `node ${node}, ${way}`);
    }
  }
  const vxPath = cluster(new VxlanBackend()).path(client, server, seg);
  const udpPath = cluster(new FlannelUdpBackend()).path(client, server, seg);
  assert.equal(vxPath.crossings, 2);
  assert.equal(udpPath.crossings, 6);
  assert.equal(udpPath.copiedBytes - vxPath.copiedBytes, 4 * ipBytes);
});

test('overhead bytes, MTU and payload per packet: payload = MTU − IP − TCP, wire = MTU + encap + Ethernet', () => {
  const expected = { 'host-gw': [1500, 0, 1448], vxlan: [1450, 50, 1398], udp: [1472, 28, 1420], ipip: [1480, 20, 1428] };
  for (const b of [new HostGwBackend(), new VxlanBackend(), new FlannelUdpBackend(), new IpipBackend()]) {
    const c = cluster(b);
    const [mtu, encap, mss] = expected[b.name as keyof typeof expected];
    assert.deepEqual([podMtu(b, 1500), b.encapBytes, c.mssBytes], [mtu, encap, mss], b.name);
    const full = c.path(client, server, { payloadBytes: c.mssBytes, messageBytes: 1e6, first: false, last: false });
    // Every full-sized frame fills a 1500-byte underlay MTU: 1500 + 18 Ethernet + 20 preamble and gap.
    assert.equal(full.wireBytes, 1538, b.name);
  }
});

test('routes, FDB and ARP entries per node in a 5,000-node cluster', () => {
  const counts = (b: Backend) => [b.routes(5000), b.fdbEntries(5000), b.arpEntries(5000)];
  assert.deepEqual(counts(new HostGwBackend()), [4999, 0, 0]);
  assert.deepEqual(counts(new VxlanBackend()), [4999, 4999, 4999]);
  assert.deepEqual(counts(new FlannelUdpBackend()), [1, 0, 0]);
  assert.deepEqual(counts(new IpipBackend()), [4999, 0, 0]);
});

test('VXLAN stays in the kernel; UDP runs sendto, the driver and the receiver\'s stack in flanneld', () => {
  const seg = { payloadBytes: 100, messageBytes: 100, first: true, last: true };
  const vx = cluster(new VxlanBackend()).stages(client, server, seg);
  assert.deepEqual(vx.filter((s) => s.side === 'user').map((s) => s.name), ['send()', 'recv()']);
  assert.ok(!vx.some((s) => s.resource === 'flanneld'));
  const udp = cluster(new FlannelUdpBackend()).stages(client, server, seg);
  const where = (name: string, node: number) => udp.find((s) => s.name === name && s.node === node)?.resource;
  assert.equal(where('nic driver tx', 0), 'flanneld');
  assert.equal(where('ip/udp rx → flanneld socket :8285', 1), 'softirq');
  assert.equal(where('tcp/ip rx', 1), 'flanneld');
  assert.equal(where('recv()', 1), 'cpu');
});

test('an ACK is sent from the context that received the data: softirq for VXLAN, flanneld for UDP', () => {
  const ack = { payloadBytes: 0, messageBytes: 0, first: false, last: false, ack: true, flow: 1 };
  const vx = cluster(new VxlanBackend()).stages(server, client, ack);
  const udp = cluster(new FlannelUdpBackend()).stages(server, client, ack);
  assert.equal(vx.find((s) => s.name === 'tcp/ip tx')?.resource, 'softirq');
  assert.equal(udp.find((s) => s.name === 'tcp/ip tx')?.resource, 'flanneld');
  assert.equal(crossings(vx).length, 0);
  assert.equal(crossings(udp).length, 4);
});
