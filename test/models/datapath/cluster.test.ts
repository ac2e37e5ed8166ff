/**
 * The host-gw packet path: its stages in order, the crossings and copies it counts, the bytes it
 * puts on the wire, and how stages merge into one service request per station.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../../../sim/index.ts';
import { Cluster } from '../../../models/datapath/cluster.ts';
import { costProfiles } from '../../../models/profiles/profiles.ts';
import { HostGwBackend } from '../../../models/backends/host-gw-backend.ts';

const profile = costProfiles['xeon-2019-10gbe'];
const client = { name: 'client', node: 0 };
const server = { name: 'server', node: 1 };

function cluster(nodes = 2) {
  return new Cluster(new Simulation(), { nodes, coresPerNode: 2, rxQueues: 2, linkGbps: 10 }, profile, new HostGwBackend());
}

test('a one-segment message: stages in order, two crossings, two copies of the message', () => {
  const c = cluster();
  const seg = { payloadBytes: 100, messageBytes: 100, first: true, last: true };
  const stages = c.stages(client, server, seg);
  assert.deepEqual(stages.map((s) => `${s.node}:${s.resource}:${s.name}`), [
    '0:cpu:send()', '0:cpu:tcp/ip tx', '0:cpu:veth pod client → host', '0:cpu:bridge cni0',
    '0:cpu:route via node-1 (host-gw)', '0:cpu:nic driver tx', '0:nic-tx:serialization', '0:propagation:propagation',
    '1:softirq:nic driver rx (napi)', '1:softirq:route to cni0', '1:softirq:bridge cni0',
    '1:softirq:veth host → pod server', '1:softirq:tcp/ip rx', '1:cpu:recv()',
  ]);
  const path = c.path(client, server, seg);
  assert.equal(path.crossings, 2);
  assert.equal(path.copiedBytes, 200);
  // 100 payload + 32 TCP (timestamps) + 20 IP + 18 Ethernet + 20 preamble and gap.
  assert.equal(path.wireBytes, 190);
  // Consecutive stages on one station are one service request: sender CPU, link, propagation,
  // receiver softirq, receiver CPU.
  assert.equal(path.hops.length, 5);
  const senderCpu = stages.slice(0, 6).reduce((s, x) => s + x.ns, 0);
  assert.equal(path.hops[0].ns, senderCpu);
  assert.equal(path.hops[1].ns, Math.round((190 * 8) / 10));
});

test('middle segments of a message cross nothing; the MSS is MTU − IP − TCP', () => {
  const c = cluster();
  assert.equal(c.mssBytes, 1448);
  const mid = c.path(client, server, { payloadBytes: 1448, messageBytes: 100_000, first: false, last: false });
  assert.equal(mid.crossings, 0);
  assert.equal(mid.copiedBytes, 0);
});

test('host-gw holds one route per other node', () => {
  assert.equal(new HostGwBackend().routes(5000), 4999);
});

test('nodes are created only when traffic touches them', () => {
  const c = cluster(5000);
  c.path(client, server, { payloadBytes: 10, messageBytes: 10, first: true, last: true });
  assert.deepEqual(c.activeNodes().map((n) => n.index), [0, 1]);
  assert.throws(() => c.node(5000), /node 5000 does not exist \(cluster has 5000\)/);
});

test('one template per kind of segment serves every pair of nodes, bound to that pair\'s stations', () => {
  const c = cluster(50);
  const kind = c.kind({ payloadBytes: 100, messageBytes: 100, first: true, last: true });
  const first = c.pathOf({ name: 'a', node: 3 }, { name: 'b', node: 7 }, kind);
  const templates = new Set<unknown>();
  for (let a = 0; a < 50; a += 7) {
    for (let b = 1; b < 50; b += 5) {
      if (a === b) continue;
      const p = c.pathOf({ name: `p${a}`, node: a }, { name: `p${b}`, node: b }, kind);
      // The same costs as the pair compiled on its own in a fresh cluster …
      const fresh = cluster(50).path({ name: 'x', node: a }, { name: 'y', node: b }, kind.segment);
      assert.deepEqual(p.hops.map((h) => h.ns), fresh.hops.map((h) => h.ns));
      assert.deepEqual(p.hops.map((h) => h.station?.name ?? null), fresh.hops.map((h) => h.station?.name ?? null));
      assert.equal(p.hops[0].station, c.node(a).cpu);
      assert.ok(c.node(b).softirq.includes(p.hops[3].station!));
      // … and one template per receive queue, whatever the pair.
      templates.add(p.template);
    }
  }
  assert.ok(templates.has(first.template));
  assert.equal(templates.size, kind.templates.filter(Boolean).length);
  assert.equal(templates.size, 2, 'one template for each of the 2 receive queues');
});
