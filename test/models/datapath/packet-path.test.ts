/**
 * The one carrier: a template records the hops holding each crossing's netfilter stages, the
 * carrier adds a packet's netfilter cost there (exact timelines), `left` fires when the sender's
 * netfilter hop is done, and every loss goes through one drop path with a reason: a bounded
 * station's own, or a netfilter verdict. Packet conservation holds across a reset and a violation
 * is an error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation, Station } from '../../../sim/index.ts';
import { bindPath, compileTemplate, PacketCarrier, type Resource, type Stage, type StationSource } from '../../../models/datapath/packet-path.ts';
import { hookStages } from '../../../models/netfilter/netfilter-hooks.ts';

const stage = (node: number, resource: Resource, ns: number, name = `${resource}@${node}`): Stage => ({ name, node, netns: 'host', side: 'kernel', resource, ns });

/** send 100 on node 0's CPU, sender netfilter, wire 50, receive 30 on node 1's softirq, receiver netfilter, recv 20 on its CPU. */
const stages: Stage[] = [
  stage(0, 'cpu', 100), ...hookStages('sender', 0, 'cpu'), stage(0, 'propagation', 50),
  stage(1, 'softirq', 30), ...hookStages('receiver', 1, 'softirq'), stage(1, 'cpu', 20),
];

function nodes(sim: Simulation, softirqCapacity = Infinity): [StationSource, StationSource, Station] {
  const make = (n: number, cap = Infinity) => {
    const cpu = new Station(sim, { name: `node-${n}/cpu`, servers: 1 });
    const softirq = new Station(sim, { name: `node-${n}/softirq-0`, servers: 1, queueCapacity: cap, dropReason: 'backlog_full' });
    return { cpu, source: { station: (r: Resource) => (r === 'cpu' ? cpu : r === 'softirq' ? softirq : null) }, softirq };
  };
  const a = make(0), b = make(1, softirqCapacity);
  return [a.source, b.source, b.softirq];
}

test('the template puts each crossing\'s netfilter stages on its hop and keeps no cost of theirs', () => {
  const t = compileTemplate(stages, 0);
  assert.deepEqual(t.hops.map((h) => [h.end, h.resource, h.ns]), [[0, 'cpu', 100], [-1, 'propagation', 50], [1, 'softirq', 30], [1, 'cpu', 20]]);
  assert.equal(t.senderHookHop, 0);
  assert.equal(t.receiverHookHop, 2);
  assert.equal(compileTemplate(stages.filter((s) => !s.hook), 0).senderHookHop, -1);
  assert.throws(() => compileTemplate([...hookStages('sender', 0, 'cpu'), stage(0, 'propagation', 5), ...hookStages('sender', 0, 'cpu')], 0),
    { message: "the sender's netfilter stages are not on one hop" });
});

test('a packet\'s netfilter costs land on its crossings\' hops; left fires after the sender\'s', () => {
  const sim = new Simulation();
  const [a, b] = nodes(sim);
  const path = bindPath(compileTemplate(stages, 0), a, b, 0);
  const carrier = new PacketCarrier(sim);
  const log: [number, string][] = [];
  carrier.sendThroughHooks(path, 7, 11, (x: string) => { log.push([sim.now, `left ${x}`]); }, (x: string) => log.push([sim.now, `done ${x}`]), 'p');
  carrier.send(path, (x: string) => log.push([sim.now, `done ${x}`]), 'q');
  sim.run();
  // p: 100 + 7 on node 0's CPU, 50 of wire, 30 + 11 of softirq, 20 of CPU: done at 218. q waits
  // for the CPU until 107 and carries no netfilter cost: 107 + 100 + 50 + 30 + 20 = 307.
  assert.deepEqual(log, [[107, 'left p'], [218, 'done p'], [307, 'done q']]);
  assert.equal(carrier.delivered, 2);
  carrier.checkConservation();
});

test('the hook hop\'s tail after the netfilter stages dates their end, which left is told', () => {
  const sim = new Simulation();
  const [a, b] = nodes(sim);
  // 100 before the sender's netfilter stages and 40 after them on the same CPU hop.
  const tailed = [stage(0, 'cpu', 100), ...hookStages('sender', 0, 'cpu'), stage(0, 'cpu', 40, 'driver'), ...stages.slice(2)];
  const t = compileTemplate(tailed, 0);
  assert.equal(t.senderHookTailNs, 40);
  assert.equal(compileTemplate(stages, 0).senderHookTailNs, 0);
  const carrier = new PacketCarrier(sim);
  const log: string[] = [];
  carrier.sendThroughHooks(bindPath(t, a, b, 0), 7, 0, (_x: string, endNs: number) => {
    log.push(`netfilter ended at ${endNs}, hop at ${sim.now}`);
    return 'insert_failed';
  }, () => log.push('done'), 'p', () => log.push('dropped'));
  sim.run();
  assert.deepEqual(log, ['netfilter ended at 107, hop at 147']);
  assert.equal(carrier.drops.get('insert_failed'), 1);
  assert.equal(carrier.dropsByWhere.get('node-0/cpu'), 1);
  carrier.checkConservation();
});

test('a reason returned by left drops the packet when it leaves the sender\'s hook hop, counted by that reason', () => {
  const sim = new Simulation();
  const [a, b] = nodes(sim);
  const path = bindPath(compileTemplate(stages, 0), a, b, 0);
  const carrier = new PacketCarrier(sim);
  const log: string[] = [];
  carrier.sendThroughHooks(path, 7, 11, () => 'insert_failed', () => log.push('done'), 'p', () => log.push('dropped'));
  sim.run();
  assert.deepEqual(log, []);
  assert.equal(sim.now, 107);
  assert.deepEqual([...carrier.drops], [['insert_failed', 1]]);
  assert.equal(carrier.delivered, 0);
  carrier.checkConservation();
});

test('one drop path: a full queue drops with the station\'s reason, a verdict with its own; conservation holds', () => {
  const sim = new Simulation();
  const [a, b, softirq] = nodes(sim, 1);
  const path = bindPath(compileTemplate(stages, 0), a, b, 0);
  const carrier = new PacketCarrier(sim);
  const drops: string[] = [];
  carrier.drop.subscribe((e) => drops.push(`${e.timeNs} ${e.where} ${e.reason}`));
  const lost: number[] = [];
  let done = 0;
  // Ten packets at once: the sender's CPU spaces them 100 ns apart, the receiver's softirq serves
  // one per 30 ns, so none waits there and none is dropped ...
  for (let i = 0; i < 10; i++) carrier.send(path, () => done++, i, (x) => lost.push(x));
  sim.run();
  assert.deepEqual([done, lost.length], [10, 0]);
  // ... but ten packets arriving together (sent from the wire on) find room for one in service
  // and one waiting: eight are dropped at the backlog.
  for (let i = 0; i < 10; i++) carrier.send(path, () => done++, i, (x) => lost.push(x), 1);
  carrier.reject('node-0', 'conntrack_full', false);
  sim.run();
  assert.deepEqual(lost, [2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(done, 12);
  assert.equal(softirq.dropped, 8);
  assert.deepEqual([...carrier.drops], [['conntrack_full', 1], ['backlog_full', 8]]);
  assert.deepEqual([carrier.sent, carrier.delivered, carrier.dropped], [21, 12, 9]);
  assert.equal(drops.length, 9);
  assert.deepEqual(drops.slice(0, 2), ['1100 node-0 conntrack_full', '1150 node-1/softirq-0 backlog_full']);
  carrier.checkConservation();
});

test('conservation counts packets in flight across a reset, and a broken count is an error', () => {
  const sim = new Simulation();
  const [a, b] = nodes(sim);
  const path = bindPath(compileTemplate(stages, 0), a, b, 0);
  const carrier = new PacketCarrier(sim);
  for (let i = 0; i < 3; i++) carrier.send(path, () => {}, i);
  sim.run({ untilNs: 150 });
  carrier.resetStats();
  carrier.send(path, () => {}, 3);
  carrier.checkConservation();
  sim.run();
  assert.deepEqual([carrier.sent, carrier.delivered], [1, 4]);
  carrier.checkConservation();
  carrier.reject('node-1', 'conntrack_full', true);
  assert.equal(carrier.delivered, 3);
  carrier.checkConservation();
  carrier.delivered++;
  assert.throws(() => carrier.checkConservation(), { message: 'packet conservation violated: 1 sent, 4 delivered + 1 dropped (1 conntrack_full; 1 by station) + -3 in flight' });
});
