/** Host networking: the pods' sockets in the node's namespace, so the path between two nodes is
 *  host-gw's less the veth pairs, the bridges and the forwarding lookups. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { podMtu } from '../../../models/backends/backend.ts';
import { HostGwBackend } from '../../../models/backends/host-gw-backend.ts';
import { HostNetwork } from '../../../models/backends/host-network.ts';
import { Cluster } from '../../../models/datapath/cluster.ts';
import { costProfiles } from '../../../models/profiles/profiles.ts';
import { Simulation } from '../../../sim/index.ts';

const profile = costProfiles['xeon-2019-10gbe'];
const client = { name: 'client', node: 0 };
const server = { name: 'server', node: 1 };
const seg = { payloadBytes: 100, messageBytes: 100, first: true, last: true };

function cluster(backend: HostNetwork | HostGwBackend) {
  return new Cluster(new Simulation(), { nodes: 2, coresPerNode: 2, rxQueues: 2, linkGbps: 10 }, profile, backend);
}

test('host: MTU of the underlay, no encapsulation, no pod routes, FDB or ARP entries; RSS sees TCP ports', () => {
  const b = new HostNetwork();
  assert.deepEqual([podMtu(b, 1500), podMtu(b, 9001), b.encapBytes, b.routes(), b.fdbEntries(), b.arpEntries()], [1500, 9001, 0, 0, 0, 0]);
  assert.deepEqual(b.outerHeader([40000, 80]), { protocol: 'tcp', srcPort: 40000, dstPort: 80 });
});

test('host: socket to NIC and NIC to socket, all in the host namespace', () => {
  const stages = cluster(new HostNetwork()).stages(client, server, seg);
  assert.deepEqual(stages.map((s) => `${s.node}:${s.netns}:${s.resource}:${s.name}`), [
    '0:host:cpu:send()', '0:host:cpu:tcp/ip tx', '0:host:cpu:nic driver tx', '0:-:nic-tx:serialization', '0:-:propagation:propagation',
    '1:host:softirq:nic driver rx (napi)', '1:host:softirq:tcp/ip rx', '1:host:cpu:recv()',
  ]);
});

test('host: host-gw\'s path less two veth crossings, two bridges and two forwarding lookups, to the nanosecond', () => {
  const total = (c: Cluster) => c.path(client, server, seg).hops.reduce((sum, h) => sum + h.ns, 0);
  const host = cluster(new HostNetwork()), gw = cluster(new HostGwBackend());
  assert.equal(total(gw) - total(host), 2 * (profile.vethNs + profile.bridgeNs + profile.routeNs));
  const p = host.path(client, server, seg);
  assert.deepEqual([p.crossings, p.copiedBytes], [2, 200]);
});

test('host: on one node, the socket hands the segment to the other socket (no veth, no bridge)', () => {
  const stages = cluster(new HostNetwork()).stages(client, { name: 'server', node: 0 }, seg);
  assert.deepEqual(stages.map((s) => s.name), ['send()', 'tcp/ip tx', 'tcp/ip rx', 'recv()']);
});
