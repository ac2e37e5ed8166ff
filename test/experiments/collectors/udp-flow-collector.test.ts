/**
 * The UDP flows' metrics, end to end through a replication: every measured datagram accounted for
 * (delivered, lost by cause, on its way), the per-second series adding up to the losses, each
 * blackhole window one deleted entry, a flow rate × window closed form over all windows, instant
 * programming losing nothing, and the same seed giving the same figures.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validate } from '../../../scenarios/load.ts';
import { toModelConfig } from '../../../scenarios/expand.ts';
import { runServiceReplication } from '../../../experiments/service-experiment.ts';

const rate = 100;

function run(controlPlane: Record<string, unknown> = {}) {
  const m = toModelConfig(validate('x.yaml', {
    name: 'x', cluster: { nodes: 30 }, services: { groups: [{ count: 1, endpointsPerService: 4 }, { count: 9, endpointsPerService: 4 }] },
    run: { durationMs: 12_000, warmupMs: 1000 },
    traffic: { rateRps: 20, clientNodes: [0, 1], target: { group: 0 }, udpFlows: { flowsPerClient: 5, datagramsPerS: rate } },
    controlPlane: {
      minSyncPeriodMs: 0, syncPeriodMs: 3_600_000, watchDelay: { meanMs: 100, cv: 0 }, fanout: { enabled: false }, churn: { podEventsPerS: 0 },
      rollout: { maxSurge: 1, maxUnavailable: 0, readinessDelayMs: 2000, terminationGraceMs: 1000, startMs: 2000 }, ...controlPlane,
    },
  }));
  return runServiceReplication(m, m.services!, 42, 0);
}

test('every measured datagram is delivered, lost by cause or on its way; losses = rate × blackhole time', () => {
  const r = run();
  const d = r.metrics.udp_datagrams as Record<string, number>;
  const lost = d.lost_stale_entry + d.lost_stale_rules + d.lost_in_flight + d.lost_other;
  assert.equal(d.sent, 10 * rate * 12 + 2, 'and the two flows starting on a gap send at the very end, 13 s');
  assert.equal(d.sent, d.delivered + lost + d.in_flight);
  assert.ok(d.lost_stale_entry > 0);
  const f = r.metrics.udp_flows_blackholed as Record<string, number>;
  const w = r.metrics.udp_blackhole_window_ms as { mean: number; count: number };
  assert.equal(f.open_at_end, 0);
  assert.equal(w.count, f.windows);
  assert.equal(r.metrics.udp_conntrack_entries_deleted, f.windows, 'each window ended by one deletion (grace 1 s: no entry left on a pod still serving)');
  assert.equal(f.datagrams_into_closed_windows, d.lost_stale_entry + d.lost_stale_rules);
  // Each window of length W takes r·W ± 1 datagrams.
  const expected = (rate * w.mean * w.count) / 1e3;
  assert.ok(Math.abs(f.datagrams_into_closed_windows - expected) <= w.count, `${f.datagrams_into_closed_windows} vs ${expected}`);
  const rows = r.series.udp_datagrams_lost.rows as number[][];
  assert.equal(rows.reduce((n, row) => n + row[1] + row[2] + row[3] + row[4], 0), lost, 'nothing lost in the warm-up');
  assert.deepEqual(run().metrics, r.metrics, 'same seed, same figures');
});

test('instant programming: no datagram lost, no flow blackholed', () => {
  const r = run({ instantProgramming: true });
  const d = r.metrics.udp_datagrams as Record<string, number>;
  assert.equal(d.sent, d.delivered + d.in_flight);
  assert.deepEqual(r.metrics.udp_flows_blackholed, { flows: 0, of_flows: 10, windows: 0, open_at_end: 0, datagrams_into_closed_windows: 0 });
});
