/**
 * The Deployment controller's rolling update as a timeline of EndpointSlice changes: maxSurge 1
 * and maxUnavailable 0 (each old pod deleted once a new one is ready), maxSurge 0 and
 * maxUnavailable 1 (delete first), and a wider surge where a terminating pod no longer counts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../../../sim/index.ts';
import { RollingUpdate, type RollingUpdateConfig } from '../../../models/control-plane/rolling-update.ts';

const s = 1e9;

function roll(c: Partial<RollingUpdateConfig>) {
  const sim = new Simulation();
  let ids = 0;
  const published: number[] = [];
  const r = new RollingUpdate(sim, {
    service: 7, pods: 3, maxSurge: 1, maxUnavailable: 0, readinessDelayNs: 2 * s, terminationGraceNs: 1 * s, startNs: 0, nodesGone: false, ...c,
  }, (service) => {
    published.push(service);
    return ids++;
  });
  sim.run();
  return { r, published, log: r.changes.map((x) => [x.timeNs / s, x.pod, x.state]) };
}

test('maxSurge 1, maxUnavailable 0: a new pod ready, then an old one terminating, serving its grace, gone', () => {
  const { r, published, log } = roll({});
  assert.deepEqual(log, [
    [0, 3, 'pending'],
    [2, 3, 'ready'], [2, 0, 'terminating'], [2, 4, 'pending'],
    [3, 0, 'gone'],
    [4, 4, 'ready'], [4, 1, 'terminating'], [4, 5, 'pending'],
    [5, 1, 'gone'],
    [6, 5, 'ready'], [6, 2, 'terminating'],
    [7, 2, 'gone'],
  ]);
  assert.deepEqual(r.changes.map((c) => c.change), Array.from({ length: 12 }, (_, i) => i), 'one control-plane change per pod change, in order');
  assert.deepEqual(published, Array(12).fill(7));
  assert.deepEqual(r.phases, { startNs: 0, firstNewReadyNs: 2 * s, lastOldDeletedNs: 6 * s, lastNewReadyNs: 6 * s, lastOldGoneNs: 7 * s });
  assert.deepEqual(r.state, ['gone', 'gone', 'gone', 'ready', 'ready', 'ready']);
});

test('maxSurge 0, maxUnavailable 1, no grace: delete first, the new pod starts at once', () => {
  const { r, log } = roll({ maxSurge: 0, maxUnavailable: 1, terminationGraceNs: 0, startNs: 1 * s });
  assert.deepEqual(log, [
    [1, 0, 'terminating'], [1, 0, 'gone'], [1, 3, 'pending'],
    [3, 3, 'ready'], [3, 1, 'terminating'], [3, 1, 'gone'], [3, 4, 'pending'],
    [5, 4, 'ready'], [5, 2, 'terminating'], [5, 2, 'gone'], [5, 5, 'pending'],
    [7, 5, 'ready'],
  ]);
  assert.deepEqual(r.phases, { startNs: 1 * s, firstNewReadyNs: 3 * s, lastOldDeletedNs: 5 * s, lastNewReadyNs: 7 * s, lastOldGoneNs: 5 * s });
});

test('maxSurge 2, maxUnavailable 1 of 4: a terminating pod does not count, so a third new pod starts beside it', () => {
  const { log } = roll({ pods: 4, maxSurge: 2, maxUnavailable: 1, terminationGraceNs: 10 * s });
  assert.deepEqual(log.filter((x) => x[0] === 0), [[0, 4, 'pending'], [0, 5, 'pending'], [0, 0, 'terminating'], [0, 6, 'pending']]);
  const at2 = log.filter((x) => x[0] === 2);
  // Three new pods ready: three more old ones go and the last new pod starts.
  assert.equal(at2.filter((x) => x[2] === 'terminating').length, 3);
  assert.deepEqual(at2.filter((x) => x[2] === 'pending'), [[2, 7, 'pending']]);
});

test('maxSurge and maxUnavailable both 0 are refused, as the API server refuses them', () => {
  assert.throws(() => roll({ maxSurge: 0, maxUnavailable: 0 }), /cannot both be 0/);
});
