/**
 * Each kernel queue drops with its reason at exactly its limit: a burst of packets at one instant
 * onto a one-server station, one in service, `limit` waiting, the rest dropped (exact counts), and
 * packet conservation holds with the drops counted by reason and by station. A queue stage merged
 * into the hop of the context that queued it bounds nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation, Station } from '../../../sim/index.ts';
import { bindPath, compileTemplate, PacketCarrier, type Resource, type Stage } from '../../../models/datapath/packet-path.ts';
import { defaultKernelQueues, type KernelQueue, queueBound } from '../../../models/datapath/kernel-queues.ts';

const queues = { ...defaultKernelQueues, rxRingDescriptors: 3, netdevMaxBacklog: 4, txqueuelen: 5, tunQueuePackets: 6, udpRcvbufBytes: 10_000, skbTruesizeBytes: 2304 };

function burst(queue: KernelQueue, first: Resource, second: Resource, packets: number) {
  const sim = new Simulation();
  const stations = new Map<Resource, Station>();
  const source = { station: (r: Resource) => {
    let s = stations.get(r);
    if (!s) stations.set(r, (s = new Station(sim, { name: `node-1/${r}`, servers: 1 })));
    return s;
  } };
  const stages: Stage[] = [
    { name: 'before', node: 1, netns: 'host', side: 'kernel', resource: first, ns: 10 },
    { name: 'queued', node: 1, netns: 'host', side: 'kernel', resource: second, ns: 100, queue },
  ];
  const path = bindPath(compileTemplate(stages, 0, queues), source, source, 0);
  const carrier = new PacketCarrier(sim);
  let delivered = 0;
  // The first hop takes no time on its own station, so every packet reaches the queue at once.
  path.hops[0] = { ...path.hops[0], ns: 0, station: null };
  for (let i = 0; i < packets; i++) carrier.send(path, () => delivered++, i);
  sim.run();
  carrier.checkConservation();
  return { delivered, carrier };
}

const cases: [KernelQueue, Resource, string, number][] = [
  ['rxRing', 'softirq', 'rx_ring_full', 3],
  ['backlog', 'softirq', 'backlog_full', 4],
  ['qdisc', 'nic-tx', 'qdisc_drop', 5],
  ['tun', 'flanneld', 'tun_queue_full', 6],
  ['udpRcvbuf', 'flanneld', 'rcvbuf_full', 4],
];

for (const [queue, resource, reason, limit] of cases) {
  test(`${queue}: ${limit} packets wait, one is served, the rest drop as ${reason}`, () => {
    assert.deepEqual(queueBound(queue, queues), { limit, reason });
    const { delivered, carrier } = burst(queue, 'cpu', resource, limit + 1 + 7);
    assert.equal(delivered, limit + 1);
    assert.deepEqual([...carrier.drops], [[reason, 7]]);
    assert.deepEqual([...carrier.dropsByWhere], [[`node-1/${resource}`, 7]]);
  });
}

test('a queue the previous stage\'s context runs at once (merged into its hop) bounds nothing', () => {
  const t = compileTemplate([
    { name: 'rx', node: 1, netns: 'host', side: 'kernel', resource: 'softirq', ns: 10, queue: 'rxRing' },
    { name: 'netif_rx', node: 1, netns: 'host', side: 'kernel', resource: 'softirq', ns: 10, queue: 'backlog' },
  ], 0, queues);
  assert.equal(t.hops.length, 1);
  assert.deepEqual([t.hops[0].limit, t.hops[0].reason], [3, 'rx_ring_full']);
});

test('the defaults are Linux\'s: ring 512, backlog 1000, txqueuelen 1000, TUN 500, rmem_default 212992 (92 datagrams), somaxconn 4096', () => {
  const k = defaultKernelQueues;
  assert.deepEqual([k.rxRingDescriptors, k.netdevMaxBacklog, k.txqueuelen, k.tunQueuePackets, k.udpRcvbufBytes, k.listenBacklog], [512, 1000, 1000, 500, 212_992, 4096]);
  assert.equal(queueBound('udpRcvbuf', k).limit, 92);
});
