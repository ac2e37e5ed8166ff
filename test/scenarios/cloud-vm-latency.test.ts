/**
 * The bundled cloud-vm-latency scenario against the MachineZone 2015 study
 * (machinezone-2015-flannel-latency) on the aws-c4-2015-vm profile: request p99 at 150,000 and
 * 250,000 requests/s with 350-byte responses, host networking vs flannel host-gw vs VXLAN. The
 * order host < host-gw < VXLAN is the prediction that holds; the levels are a documented miss
 * (README "Hardware eras"): the model's p99 is about a tenth of the published, and each figure is
 * kept in its band until the missing latency is modelled.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import published from '../../reports/reference/published.json' with { type: 'json' };
import { prepare } from '../../cli/prepare.ts';
import { runReplication } from '../../experiments/experiment.ts';

const file = join(import.meta.dirname, '../../scenarios/cloud-vm-latency.yaml');

const p99 = new Map<string, number>();
const served = new Map<string, number>();
{
  const { points, loaded } = prepare(file, []);
  for (const p of points) {
    const key = `${p.variant}/${p.params['traffic.arrival.rateRps']}`;
    const m = runReplication(p.model, loaded.scenario.seed, 0).metrics as Record<string, any>;
    p99.set(key, m.request_latency_ms.p99);
    served.set(key, m.requests_per_s / (p.params['traffic.arrival.rateRps'] as number));
  }
}

const reference = published.references.find((r) => r.id === 'machinezone-2015-flannel-latency')!.points as { network: string; rps: number; p99: number }[];
const ref = (network: string, rps: number) => reference.find((p) => p.network === network && p.rps === rps)!.p99;

test('every variant carries the offered 150,000 and 250,000 requests/s (none saturates, as in the study)', () => {
  for (const [key, fraction] of served) assert.ok(Math.abs(fraction - 1) < 0.01, `${key}: ${fraction.toFixed(3)} of the offered rate served`);
});

test('p99 order host < host-gw < VXLAN at both rates, as published', () => {
  for (const rps of [150000, 250000]) {
    const [host, gw, vxlan] = ['host', 'host-gw', 'vxlan'].map((v) => p99.get(`${v}/${rps}`)!);
    assert.ok(host < gw && gw < vxlan, `${rps}: host ${host}, host-gw ${gw}, vxlan ${vxlan} ms`);
  }
});

test('p99 levels: an expected miss, each in its band of the published figure (README "Hardware eras")', () => {
  // Measured: 0.103 / 0.110 / 0.118 ms at 150k against 0.6 / 1.1 / 1.5; 0.107 / 0.114 / 0.123 at
  // 250k against 0.8 / 1.4 / 1.9. The published tail (and its 0.5-0.9 ms gaps between the
  // networks) is not in the model's per-packet costs.
  const bands: Record<string, [number, number]> = {
    'host/150000': [0.15, 0.2], 'host-gw/150000': [0.08, 0.12], 'vxlan/150000': [0.06, 0.1],
    'host/250000': [0.11, 0.16], 'host-gw/250000': [0.06, 0.1], 'vxlan/250000': [0.05, 0.08],
  };
  for (const [key, [lo, hi]] of Object.entries(bands)) {
    const [network, rps] = key.split('/');
    const ratio = p99.get(key)! / ref(network, Number(rps));
    assert.ok(ratio > lo && ratio < hi, `${key}: ${ratio.toFixed(3)} × published, expected ${lo}-${hi} (a documented miss)`);
  }
});
