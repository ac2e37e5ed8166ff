/**
 * The bundled Service scenarios plan as documented: every mode with and without keepalive over
 * the swept Services, the published points resolved onto their variants, and the exhaustion
 * scenario's rates straddling its table limit (nf_conntrack_max / TIME_WAIT).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { prepare } from '../../cli/prepare.ts';

const scenarios = join(import.meta.dirname, '../../scenarios');

test('kube-proxy-modes: 12 variants × 6 Service counts, overlays on iptables, ipvs, nftables and the legacy layout', () => {
  const { points, overlays } = prepare(join(scenarios, 'kube-proxy-modes.yaml'));
  assert.equal(points.length, 72);
  assert.ok(points.every((p) => p.model.services !== undefined));
  const variants = new Set(points.map((p) => p.variant));
  for (const mode of ['iptables', 'iptables-legacy', 'ipvs', 'nftables', 'ebpf', 'userspace']) {
    assert.ok(variants.has(mode) && variants.has(`${mode}-keepalive`), mode);
  }
  const p99 = overlays.find((o) => o.metric === 'first_packet_latency_ms.p99')!;
  assert.deepEqual(new Set(p99.points.map((p) => p.variant)), new Set(['iptables', 'ipvs', 'nftables']));
  const cpu = overlays.filter((o) => o.metric === 'cpu_cores.client_node').flatMap((o) => o.points);
  assert.deepEqual(cpu.map((p) => [p.variant, p.y]), [['iptables-legacy', 0.35], ['ipvs', 0.08], ['iptables-legacy-keepalive', 0.02]]);
});

test('conntrack-exhaustion: rates on both sides of nf_conntrack_max / TIME_WAIT', () => {
  const { points } = prepare(join(scenarios, 'conntrack-exhaustion.yaml'));
  const s = points[0].model.services!;
  const limitRate = s.conntrack.max! / ((s.conntrack.timeoutsNs.timeWait ?? 0) / 1e9);
  const rates = points.map((p) => {
    const a = p.model.services!.traffic.arrival;
    return a.kind === 'open' ? a.rateRps : NaN;
  });
  assert.ok(rates.some((r) => r < limitRate) && rates.some((r) => r > 2 * limitRate), `${rates} vs ${limitRate}`);
  assert.ok(points[0].model.run.durationNs > (s.conntrack.timeoutsNs.timeWait ?? 0), 'runs past one TIME_WAIT so entries expire');
});
