/**
 * The bundled flannel-backends scenario against the published comparison (myf5.net 2309, 10 GbE,
 * iperf3): each published point within ±30%, UDP flat from 1 to 30 streams at flanneld's rate,
 * VXLAN about 3× UDP, host-gw at least VXLAN; and unloaded request latency UDP > VXLAN > host-gw.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import published from '../../reports/reference/published.json' with { type: 'json' };
import { prepare } from '../../cli/prepare.ts';
import { runReplication } from '../../experiments/experiment.ts';

const file = join(import.meta.dirname, '../../scenarios/flannel-backends.yaml');
const short = [{ path: 'run.durationMs', value: 20, origin: '--set' }, { path: 'run.warmupMs', value: 60, origin: '--set' }];
/** Throughput of the streams alone: the latency probe's packets take a share of the bottleneck
 *  that shrinks as its latency grows with the streams. */
const noProbe = [...short, { path: 'workload.bulk.probe', value: false, origin: '--set' }];

function throughput(): Map<string, number> {
  const { points, loaded } = prepare(file, noProbe);
  const out = new Map<string, number>();
  for (const p of points) {
    const streams = p.params['workload.bulk.streams'] as number;
    if (streams !== 1 && streams !== 30) continue;
    out.set(`${p.variant}/${streams}`, runReplication(p.model, loaded.scenario.seed, 0).metrics.throughput_mbps as number);
  }
  return out;
}

const got = throughput();

test('each published point within ±30%', () => {
  const ref = published.references.find((r) => r.id === 'flannel-udp-vs-vxlan-10gbe')!;
  let seen = 0;
  for (const pt of ref.points as { backend: string; streams: number; mbps: number }[]) {
    seen++;
    const sim = got.get(`${pt.backend}/${pt.streams}`)!;
    assert.ok(Math.abs(sim / pt.mbps - 1) <= 0.3, `${pt.backend} ×${pt.streams}: ${sim.toFixed(0)} vs published ${pt.mbps}`);
  }
  assert.equal(seen, 4, 'UDP and VXLAN at 1 and 30 streams');
});

test('UDP plateaus: 30 streams are no faster than one; VXLAN ≈ 3× UDP; host-gw ≥ VXLAN', () => {
  const [udp1, udp30] = [got.get('udp/1')!, got.get('udp/30')!];
  assert.ok(udp30 <= udp1 * 1.02, `udp ${udp1} → ${udp30}`);
  const vx1 = got.get('vxlan/1')!;
  assert.ok(got.get('vxlan/30')! <= vx1 * 1.02, 'VXLAN does not grow with streams either');
  const ratio = vx1 / udp1;
  assert.ok(ratio > 2.5 && ratio < 3.6, `VXLAN / UDP = ${ratio}`);
  for (const n of [1, 30]) assert.ok(got.get(`host-gw/${n}`)! >= got.get(`vxlan/${n}`)!, `host-gw ≥ VXLAN at ${n}`);
  // With TSO/GRO one host-gw stream is bounded by its 16-segment window; streams spread over
  // receive queues until the link is full (1448 payload bytes per 1538 on the wire).
  assert.ok(got.get('host-gw/30')! > 0.99 * 10_000 * (1448 / 1538) && got.get('host-gw/30')! > 2 * got.get('host-gw/1')!, 'host-gw spreads over receive queues until the link is full');
});

test('unloaded request latency: UDP > VXLAN > host-gw', () => {
  const { points, loaded } = prepare(file, [...short, { path: 'workload.kind', value: 'request-response', origin: '--set' }]);
  const mean = new Map<string, number>();
  const single = points.filter((q) => q.params['workload.bulk.streams'] === 1);
  assert.equal(single.length, 3, 'one point per backend');
  for (const p of single) {
    mean.set(p.variant, (runReplication(p.model, loaded.scenario.seed, 0).metrics.request_latency_ms as { mean: number }).mean);
  }
  assert.ok(mean.get('udp')! > mean.get('vxlan')! && mean.get('vxlan')! > mean.get('host-gw')!, JSON.stringify([...mean]));
});
