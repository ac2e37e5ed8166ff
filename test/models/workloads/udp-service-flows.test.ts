/**
 * UDP flows meeting a rolling update, against closed forms: one flow at a constant rate r whose pod
 * exits at t0 while its node's sync that programs the removal ends at t1 loses exactly the
 * datagrams it sent in [t0, t1) (r·(t1−t0) ± 1) in one window of t1 − t0 (node_gone if the node
 * left with the pod), and its next datagram reaches the new pod; with instant programming nothing is lost, yet the current version keeps the
 * flow on its terminating pod through the grace (the entry goes at the exit) while legacy moves it
 * at the termination; a grace longer than the programming latency saves legacy, not current;
 * entries refresh per datagram and, replied, take the 120 s stream timeout after 2 s; with no
 * endpoint programmed the client node drops the datagrams itself (`no_endpoints`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validate } from '../../../scenarios/load.ts';
import { toModelConfig } from '../../../scenarios/expand.ts';
import { buildServiceModel } from '../../../experiments/service-experiment.ts';
import type { SyncRecord } from '../../../models/control-plane/kube-proxy-sync.ts';
import type { BlackholeWindow, Datagram, UdpLossCause } from '../../../models/workloads/udp-flow-records.ts';

const ms = 1e6;
const rate = 100;
const gapNs = 1e9 / rate;

function run(o: { grace?: number; nodesGone?: boolean; instant?: boolean; version?: 'legacy' | 'current'; udp?: Record<string, number>; untilMs?: number; surge0?: boolean } = {}) {
  const m = toModelConfig(validate('x.yaml', {
    name: 'x', cluster: { nodes: 6 }, services: { groups: [{ count: 1, endpointsPerService: 1 }, { count: 3, endpointsPerService: 2 }] },
    run: { durationMs: 10_000, warmupMs: 0 },
    proxy: { version: o.version ?? 'current' },
    traffic: { rateRps: 1, clientNodes: [0], target: { group: 0 }, udpFlows: { flowsPerClient: 1, datagramsPerS: rate, ...o.udp } },
    controlPlane: {
      version: o.version ?? 'current', minSyncPeriodMs: 0, syncPeriodMs: 3_600_000, watchDelay: { meanMs: 100, cv: 0 }, fanout: { enabled: false },
      churn: { podEventsPerS: 0 }, ...(o.instant && { instantProgramming: true }),
      // The new pod is ready, and the old one terminating, at 4,005 ms: between two datagrams.
      rollout: { maxSurge: o.surge0 ? 0 : 1, maxUnavailable: o.surge0 ? 1 : 0, readinessDelayMs: 2000, terminationGraceMs: o.grace ?? 0, startMs: 2005, nodesGone: o.nodesGone ?? false },
    },
  }));
  const model = buildServiceModel(m, m.services!, 42, 0);
  const udp = model.udp!;
  const cp = model.controlPlane!;
  const syncs: SyncRecord[] = [];
  cp.syncDone.subscribe((r) => { if (r.node === 0) syncs.push(r); });
  const delivered: Datagram[] = [];
  const lost: { sentNs: number; cause: UdpLossCause; reason?: string }[] = [];
  const windows: BlackholeWindow[] = [];
  const deletedAt: number[] = [];
  udp.delivered.subscribe((d) => delivered.push({ ...d }));
  udp.lost.subscribe((l) => lost.push({ sentNs: l.datagram.sentNs, cause: l.cause }));
  udp.windows.subscribe((w) => windows.push(w));
  udp.deleted.subscribe(() => deletedAt.push(model.sim.now));
  model.sim.run({ untilNs: (o.untilMs ?? 8000) * ms });
  const rollout = cp.rollout!;
  const at = (pod: number, state: string) => rollout.changes.find((c) => c.pod === pod && c.state === state)!;
  /** The end of node 0's first sync that programmed change `id`. */
  const programmedAt = (id: number) => syncs.find((r) => r.toChange > id)!.endNs;
  return { udp, delivered, lost, windows, deletedAt, at, programmedAt, carrier: model.cluster.carrier };
}

test('modelled programming: the datagrams sent from the pod\'s exit to the end of its removal sync are lost, r·(t1−t0) ± 1', () => {
  const { delivered, lost, windows, deletedAt, at, programmedAt, carrier } = run();
  const gone = at(0, 'gone');
  const t0 = gone.timeNs;
  const t1 = programmedAt(gone.change);
  assert.equal(t0, 4005 * ms);
  assert.ok(t1 - t0 > 100 * ms, 'the watch delay and the sync');
  const inWindow = Math.ceil(t1 / gapNs) - Math.ceil(t0 / gapNs);
  assert.ok(Math.abs(inWindow - Math.floor((rate * (t1 - t0)) / 1e9)) <= 1);
  assert.equal(lost.length, inWindow);
  assert.ok(lost.every((l) => l.cause === 'stale_entry' && l.sentNs >= t0 && l.sentNs < t1));
  assert.deepEqual(windows, [{ flow: 0, node: 0, fromNs: t0, toNs: t1, sent: inWindow, end: 'deleted' }]);
  assert.deepEqual(deletedAt, [t1], 'deleted once, when the sync ends');
  const after = delivered.filter((d) => d.sentNs >= t1);
  assert.ok(after.length > 0 && after.every((d) => d.endpoint === 1 && !(d.sentNs === after[0].sentNs && d.onEntry)), 'the next datagram is NEW, to the new pod');
  assert.equal(carrier.drops.get('pod_gone'), inWindow);
  carrier.checkConservation();
});

test('the old pod\'s node gone with it: the same datagrams are lost there, as node_gone', () => {
  const { lost, at, programmedAt, carrier } = run({ nodesGone: true });
  const gone = at(0, 'gone');
  const inWindow = Math.ceil(programmedAt(gone.change) / gapNs) - Math.ceil(gone.timeNs / gapNs);
  assert.equal(lost.length, inWindow);
  assert.equal(carrier.drops.get('node_gone'), inWindow);
  assert.equal(carrier.drops.get('pod_gone'), undefined);
});

test('instant programming loses nothing; current keeps the flow on its terminating pod until it exits, legacy moves it at once', () => {
  const grace = 1000;
  const current = run({ instant: true, grace });
  const terminating = current.at(0, 'terminating').timeNs;
  const exit = current.at(0, 'gone').timeNs;
  assert.equal(exit - terminating, grace * ms);
  assert.deepEqual(current.lost, []);
  assert.deepEqual(current.windows, []);
  assert.deepEqual(current.deletedAt, [exit], 'the entry goes at the removal, not at the termination');
  const onOld = current.delivered.filter((d) => d.endpoint === 0 && d.sentNs >= terminating).length;
  assert.equal(onOld, (grace * ms) / gapNs, 'served by the terminating pod through its grace');
  const legacy = run({ instant: true, grace, version: 'legacy' });
  assert.deepEqual(legacy.lost, []);
  assert.deepEqual(legacy.deletedAt, [terminating], 'legacy deletes the entry of an endpoint no longer ready');
  assert.equal(legacy.delivered.filter((d) => d.endpoint === 0 && d.sentNs >= terminating).length, 0);
});

test('a grace longer than the programming latency saves legacy\'s flows, not current\'s', () => {
  const legacy = run({ grace: 1000, version: 'legacy' });
  assert.deepEqual(legacy.lost, []);
  assert.equal(legacy.deletedAt.length, 1);
  assert.equal(legacy.deletedAt[0], legacy.programmedAt(legacy.at(0, 'terminating').change));
  const current = run({ grace: 1000 });
  const gone = current.at(0, 'gone');
  const t1 = current.programmedAt(gone.change);
  assert.equal(current.lost.length, Math.ceil(t1 / gapNs) - Math.ceil(gone.timeNs / gapNs));
  assert.equal(current.windows[0].toNs - current.windows[0].fromNs, t1 - gone.timeNs);
});

test('each datagram refreshes the entry (30 s unreplied); a replied flow takes the 120 s stream timeout after 2 s', () => {
  const oneWay = run({ untilMs: 3000 });
  const f = oneWay.udp.flows[0];
  const last = 3000 * ms; // the run ends with the datagram sent then
  assert.equal(f.expiresNs, last + 30e9);
  assert.equal(f.createdNs, 0, 'one entry since the first datagram');
  const replied = run({ untilMs: 3000, udp: { replyBytes: 100 } });
  const g = replied.udp.flows[0];
  assert.equal(g.replied, true);
  assert.equal(g.expiresNs, last + 120e9, 'the 120 s timeout after the first 2 s');
  assert.ok(replied.udp.replies.received > 250 && replied.udp.replies.received <= replied.udp.replies.sent);
});

test('no endpoint programmed (maxSurge 0, one replica): the client node drops the datagrams itself from the removal\'s sync to the new pod\'s, r·(t2−t1) ± 1', () => {
  const { delivered, lost, at, programmedAt, carrier } = run({ surge0: true });
  // Old pod 0 is deleted and exits at 2,005 ms, new pod 1 is ready at 4,005 ms.
  const t1 = programmedAt(at(0, 'gone').change), t2 = programmedAt(at(1, 'ready').change);
  const rejected = lost.filter((l) => l.sentNs >= t1 && l.sentNs < t2);
  assert.ok(Math.abs(rejected.length - (rate * (t2 - t1)) / 1e9) <= 1, `${rejected.length} vs ${(rate * (t2 - t1)) / 1e9}`);
  assert.ok(rejected.every((l) => l.cause === 'other'));
  // The carrier also counts the rejected SYNs of the scenario's TCP requests (1/s) to the Service.
  assert.ok(carrier.drops.get('no_endpoints')! >= rejected.length);
  assert.ok(delivered.some((d) => d.endpoint === 1 && d.sentNs >= t2), 'then the new pod');
  carrier.checkConservation();
});
