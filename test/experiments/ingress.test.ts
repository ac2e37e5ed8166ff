/**
 * scenarios/ingress.yaml against kubernetes/ingress-nginx issue 6156 (published.json
 * ingress-nginx-6156-throughput): its plan (6 variants × 5 connection counts, the two published
 * points on the direct and the shared-cores variants at 600 connections), and the shape at 600
 * connections: fewer requests per second through the Ingress than straight to the Service, the
 * gap from the second leg's kernel work and the workers on the same 2-vCPU nodes. The model's
 * ratio (about 1.8) is below the issue's 2.8 and its levels are 5-9 times the issue's: an honest
 * miss the README explains; the bounds here hold the mechanism's direction and size, not a fit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import published from '../../reports/reference/published.json' with { type: 'json' };
import { prepare } from '../../cli/prepare.ts';
import { runReplication } from '../../experiments/experiment.ts';

const file = join(import.meta.dirname, '../../scenarios/ingress.yaml');
const issue = published.references.find((r) => r.id === 'ingress-nginx-6156-throughput')!.points as { path: string; qps: number }[];

test('plan: 6 variants × 5 connection counts; the 6156 points on direct and ingress-on-node-cores at 600', () => {
  const { points, overlays } = prepare(file);
  assert.equal(points.length, 30);
  assert.deepEqual([...new Set(points.map((p) => p.variant))], [
    'direct', 'ingress', 'ingress-on-node-cores', 'ingress-no-upstream-keepalive', 'ingress-tls', 'ingress-tls-new-connections',
  ]);
  assert.deepEqual(overlays[0].points.map((p) => [p.variant, p.x, p.y]), [['ingress-on-node-cores', 600, 6182], ['direct', 600, 17389]]);
});

test('600 connections: fewer requests/s through the Ingress on the 2-vCPU nodes than straight to the Service', () => {
  const { points } = prepare(file);
  const rps = (variant: string) => {
    const p = points.find((q) => q.variant === variant && q.params['traffic.arrival.concurrency'] === 600)!;
    return runReplication(p.model, p.scenario.seed, 0).metrics.requests_per_s as number;
  };
  const direct = rps('direct'), shared = rps('ingress-on-node-cores'), own = rps('ingress');
  const published = issue[1].qps / issue[0].qps;
  assert.ok(shared < own && own < direct, `${shared} < ${own} < ${direct}`);
  const ratio = direct / shared;
  assert.ok(ratio > 1.4 && ratio < published, `direct / through the Ingress = ${ratio.toFixed(2)} (issue 6156: ${published.toFixed(2)})`);
});
