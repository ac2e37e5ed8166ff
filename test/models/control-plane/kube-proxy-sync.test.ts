/**
 * One node's kube-proxy on an exact timeline: deliveries within minSyncPeriod are batched into one
 * sync, a sync programs exactly the changes delivered before it started, and its CPU time is the
 * mode's sync cost for the changed Services.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation, Station } from '../../../sim/index.ts';
import { costProfiles } from '../../../models/profiles/profiles.ts';
import { KubeProxySync, schedSliceNs, type SyncRecord } from '../../../models/control-plane/kube-proxy-sync.ts';
import { ProxierSyncCost, type SyncMode } from '../../../models/control-plane/proxier-sync-cost.ts';

const s = 1e9;
const ms = 1e6;
/** Changed Services of 10 endpoints (the catalogue's size) and endpoints changed. */
const ch = (services: number, endpoints: number) => ({ services, serviceEndpoints: 10 * services, endpoints });

function node(mode: SyncMode, burstRuns = 1, baseSliceNs: number | null = 750_000, cores = 1) {
  const sim = new Simulation();
  const cost = new ProxierSyncCost(mode, { groups: [{ count: 1000, endpointsPerService: 10 }], version: 'current' }, costProfiles['xeon-2019-10gbe']);
  const records: SyncRecord[] = [];
  const host = {
    sim,
    cost,
    timing: { minIntervalNs: 1 * s, maxIntervalNs: 30 * s, burstRuns },
    baseSliceNs,
    changed: (from: number, to: number) => ch(to - from, to - from),
    synced: (r: SyncRecord) => records.push(r),
  };
  const cpu = new Station(sim, { name: 'cpu', servers: cores });
  const proxy = new KubeProxySync(host, 0, cpu, 0);
  return { sim, cost, proxy, records, cpu };
}

test('two changes delivered within minSyncPeriod of a sync are programmed by one sync', () => {
  const { sim, cost, proxy, records } = node('iptables');
  const c = cost.syncNs('incremental', ch(1, 1));
  // Change 0 is delivered at 2 s: the bucket is full, so it syncs at once, ending at 2 s + c.
  // Changes 1 and 2 arrive at 2.2 s and 2.6 s: one sync at lastRun + 1 s = 3 s + c.
  proxy.deliver(0, 2 * s);
  proxy.deliver(1, 2.2 * s);
  proxy.deliver(2, 2.6 * s);
  sim.run({ untilNs: 10 * s });
  assert.deepEqual(
    records.map((r) => [r.fromChange, r.toChange, r.startNs, r.endNs, r.full]),
    [
      [0, 1, 2 * s, 2 * s + c, false],
      [1, 3, 3 * s + c, 3 * s + 2 * c, false],
    ],
  );
});

test('with burst 2 the second change syncs at once and the third waits', () => {
  const { sim, cost, proxy, records } = node('ipvs', 2);
  const one = cost.syncNs('incremental', ch(1, 1));
  proxy.deliver(0, 2 * s);
  proxy.deliver(1, 2.2 * s);
  proxy.deliver(2, 2.6 * s);
  sim.run({ untilNs: 10 * s });
  // Tokens: 2 → 1 at 2 s; 1.2 → 0.2 at 2.2 s; at 2.6 s 0.6 tokens: wait for max(2.2 s + one + 1 s, 3 s).
  assert.deepEqual(
    records.map((r) => [r.fromChange, r.toChange, r.startNs]),
    [
      [0, 1, 2 * s],
      [1, 2, 2.2 * s],
      [2, 3, 3.2 * s + one],
    ],
  );
});

test('a change delivered during a sync waits for the next one; the sync occupies the core', () => {
  const { sim, cost, proxy, records, cpu } = node('iptables');
  const c = cost.syncNs('incremental', ch(1, 1));
  assert.ok(c > 100 * ms, `a 1,000-Service restore takes longer than the gap below: ${c}`);
  proxy.deliver(0, 2 * s);
  proxy.deliver(1, 2 * s + 100 * ms);
  sim.run({ untilNs: 10 * s });
  assert.deepEqual(records.map((r) => [r.fromChange, r.toChange, r.startNs]), [[0, 1, 2 * s], [1, 2, 3 * s + c]]);
  assert.equal(cpu.busyNs(), 2 * c);
});

test('iptables-partial: the periodic sync is full, a sync after a change is partial', () => {
  const { sim, cost, proxy, records } = node('iptables-partial');
  proxy.deliver(0, 2 * s);
  sim.run({ untilNs: 40 * s });
  assert.deepEqual(records.map((r) => [r.startNs, r.full, r.cpuNs]), [
    [2 * s, false, cost.syncNs('incremental', ch(1, 1))],
    [32 * s + cost.syncNs('incremental', ch(1, 1)), true, cost.syncNs('periodic', ch(0, 0))],
  ]);
});

test('an idle node costs no events between periodic syncs', () => {
  const { sim } = node('iptables');
  sim.run({ untilNs: 100 * s });
  // Three periodic syncs (30, 60, 90 s + costs): a timer and a core completion each.
  assert.equal(sim.fired, 6);
});

test('a restart runs a start-up sync at once, even right after a sync, and programs what was delivered', () => {
  const { sim, cost, proxy, records } = node('nftables');
  proxy.deliver(0, 2 * s);
  sim.at(2.1 * s, () => proxy.restart());
  const startup = cost.syncNs('startup', ch(0, 0));
  sim.run({ untilNs: 2.1 * s + startup });
  const c = cost.syncNs('incremental', ch(1, 1));
  // The token bucket of one was spent at 2 s; the new process's is full, so no minSyncPeriod wait.
  assert.deepEqual(records.map((r) => [r.fromChange, r.toChange, r.startNs, r.kind, r.full, r.cpuNs]), [
    [0, 1, 2 * s, 'incremental', false, c],
    [1, 1, 2.1 * s, 'startup', true, startup],
  ]);
  assert.equal(records[1].endNs, 2.1 * s + startup);
});

test('the scheduler slice scales as get_update_sysctl_factor (LOG): 1 + ilog2(min(cpus, 8))', () => {
  assert.deepEqual([1, 2, 3, 4, 7, 8, 64].map((c) => schedSliceNs(750_000, c)), [750_000, 1_500_000, 1_500_000, 2_250_000, 2_250_000, 3_000_000, 3_000_000]);
});

test('packet work on a busy core waits one slice behind a sync, not the whole sync; the sync ends later by that work', () => {
  for (const sliced of [true, false]) {
    const { sim, cost, proxy, records, cpu } = node('iptables', 1, sliced ? 750_000 : null, 2);
    const c = cost.syncNs('incremental', ch(1, 1));
    proxy.deliver(0, 2 * s);
    // Another task holds the other core through the sync; a 50 us syscall arrives 10 ms into it.
    sim.at(2 * s, () => cpu.request(c, () => {}));
    let packetDoneNs = 0;
    sim.at(2 * s + 10 * ms, () => cpu.request(50_000, () => (packetDoneNs = sim.now)));
    sim.run({ untilNs: 10 * s });
    // Two cores: the slice is 1.5 ms; the sync's boundary after 10 ms of it is at 10.5 ms.
    assert.equal(packetDoneNs, sliced ? 2 * s + 10.5 * ms + 50_000 : 2 * s + c + 50_000);
    assert.equal(records[0].endNs, 2 * s + c + (sliced ? 50_000 : 0));
    assert.equal(cpu.busyNs(), 2 * c + 50_000);
  }
});
