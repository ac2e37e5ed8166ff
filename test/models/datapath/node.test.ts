/**
 * A node's stations: softirq queues capped at the core count, daemons and application pools made
 * once on demand, and CPU accounting over every CPU station but the NIC transmitter.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Node } from '../../../models/datapath/node.ts';
import { Simulation } from '../../../sim/index.ts';

test('softirq queues are capped at the cores; a queue index wraps; daemons and pools are made once', () => {
  const sim = new Simulation();
  const node = new Node(sim, 3, 'node-3', { cores: 4, rxQueues: 8 });
  assert.equal(node.softirq.length, 4);
  assert.equal(node.station('softirq', 5), node.softirq[1]);
  assert.equal(node.station('propagation'), null);
  assert.equal(node.station('flanneld'), node.station('flanneld'));
  const pool = node.application('client-app', 2);
  assert.equal(node.application('client-app', 7), pool);
  assert.deepEqual(node.cpuStations().map(([name]) => name), ['cpu', 'softirq-0', 'softirq-1', 'softirq-2', 'softirq-3', 'flanneld', 'client-app']);
});

test('CPU cores: busy time of every CPU station over the elapsed time, by resource with softirq summed; the NIC is not CPU', () => {
  const sim = new Simulation();
  const node = new Node(sim, 0, 'node-0', { cores: 2, rxQueues: 2 });
  const done = () => {};
  node.cpu.request(1_000, done);
  node.softirq[0].request(500, done);
  node.softirq[1].request(250, done);
  node.application('server-app', 1).request(2_000, done);
  node.nicTx.request(9_000, done);
  sim.run({ untilNs: 16_000 });
  // Durations over 16 us are exact binary fractions, so the sums are exact.
  assert.deepEqual(node.cpuCoresByResource(16_000), { cpu: 0.0625, softirq: 0.046875, 'server-app': 0.125 });
  assert.equal(node.cpuCores(16_000), 0.234375);
  node.resetStats();
  assert.equal(node.cpuCores(16_000), 0);
  assert.equal(node.nicTx.busyNs(), 0);
});
