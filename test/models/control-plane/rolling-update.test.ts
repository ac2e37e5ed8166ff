/**
 * The Deployment controller's rolling update as a timeline of EndpointSlice changes: maxSurge 1
 * and maxUnavailable 0 (each old pod deleted once a new one is ready), maxSurge 0 and
 * maxUnavailable 1 (delete first), and a wider surge where a terminating pod no longer counts;
 * percentages resolved as Kubernetes' ResolveFenceposts does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../../../sim/index.ts';
import { RollingUpdate, type RollingUpdateConfig, resolveFenceposts } from '../../../models/control-plane/rolling-update.ts';

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
  assert.throws(() => roll({ maxSurge: '0%', maxUnavailable: 0 }), /cannot both be 0/);
});

test('percentages of the replicas: maxSurge rounded up, maxUnavailable rounded down; both at 0 make maxUnavailable 1', () => {
  // Kubernetes' defaults, 25% and 25%, on 10 replicas: ceil(2.5) = 3 above, floor(2.5) = 2 below.
  assert.deepEqual(resolveFenceposts('25%', '25%', 10), { maxSurge: 3, maxUnavailable: 2 });
  assert.deepEqual(resolveFenceposts('25%', '25%', 200), { maxSurge: 50, maxUnavailable: 50 });
  assert.deepEqual(resolveFenceposts('1%', '99%', 3), { maxSurge: 1, maxUnavailable: 2 });
  assert.deepEqual(resolveFenceposts('200%', '100%', 3), { maxSurge: 6, maxUnavailable: 3 });
  assert.deepEqual(resolveFenceposts(2, '50%', 5), { maxSurge: 2, maxUnavailable: 2 });
  // ResolveFenceposts' own examples: 1 desired, unavailable 1%, surge 0% scales old(-1) then new(+1).
  assert.deepEqual(resolveFenceposts('0%', '1%', 1), { maxSurge: 0, maxUnavailable: 1 });
  assert.deepEqual(resolveFenceposts(0, '10%', 4), { maxSurge: 0, maxUnavailable: 1 });
  assert.deepEqual(resolveFenceposts('0%', 0, 4), { maxSurge: 0, maxUnavailable: 1 }, 'resolved only: the schema refuses both written as 0');
});

test('a rolling update with percentages runs the timeline of the counts they resolve to', () => {
  const counts = roll({ pods: 4, maxSurge: 2, maxUnavailable: 1, terminationGraceNs: 10 * s });
  // 4 replicas: 26% surge rounds up to 2, 49% unavailable down to 1.
  const percents = roll({ pods: 4, maxSurge: '26%', maxUnavailable: '49%', terminationGraceNs: 10 * s });
  assert.deepEqual([percents.r.maxSurge, percents.r.maxUnavailable], [2, 1]);
  assert.deepEqual(percents.log, counts.log);
  // 0 surge and 10% of 3 (0 rounded down): Kubernetes makes maxUnavailable 1, delete first.
  const floor = roll({ maxSurge: 0, maxUnavailable: '10%', terminationGraceNs: 0, startNs: 1 * s });
  assert.deepEqual(floor.log, roll({ maxSurge: 0, maxUnavailable: 1, terminationGraceNs: 0, startNs: 1 * s }).log);
});
