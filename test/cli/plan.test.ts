/**
 * `plan` on an M/M/1 station, whose mean time in system 1/(mu - lambda) gives the answer: with
 * mu = 100,000/s and the objective "mean under 20 us" the largest arrival rate is 50,000/s. The
 * bisection brackets it within the tolerance (plus the simulation's own error, about 0.5% here),
 * and says so plainly when the range holds no answer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { formatPlan, planLimits } from '../../cli/plan.ts';
import { parseSlo } from '../../cli/slo.ts';
import { parseSet } from '../../scenarios/load.ts';
import { InputError } from '../../scenarios/messages.ts';

const mm1 = join(import.meta.dirname, '../../scenarios/mm1.yaml');
const vary = 'workload.arrival.rateRps';


test('plan finds the M/M/1 limit 1/(mu - lambda) < 20 us at lambda = 50,000/s within the tolerance', async () => {
  const r = await planLimits({ file: mm1, vary, slo: parseSlo('request_latency_ms.mean < 0.02'), tolerance: 500, workers: 2 });
  assert.deepEqual(r.range, [10_000, 90_000]);
  assert.equal(r.limits.length, 1);
  const [limit] = r.limits;
  assert.equal(limit.status, 'found');
  assert.ok(limit.pass && limit.fail);
  assert.ok(limit.fail.value - limit.pass.value <= 500, `bracket ${limit.pass.value}..${limit.fail.value}`);
  assert.ok(limit.pass.metric! < 0.02 && limit.fail.metric! >= 0.02);
  const simulationErrorRps = 0.005 * 50_000;
  assert.ok(Math.abs(limit.pass.value - 50_000) <= 500 + simulationErrorRps, `found ${limit.pass.value}, exact 50000`);
  assert.match(formatPlan(r), /limit within 500$/m);
});

test('plan says plainly when even the smallest value fails, or the largest passes', async () => {
  const tight = await planLimits({ file: mm1, vary, slo: parseSlo('request_latency_ms.mean < 0.005'), workers: 2 });
  assert.equal(tight.limits[0].status, 'smallest-fails');
  assert.equal(tight.limits[0].fail?.value, 10_000);
  assert.match(formatPlan(tight), /even the smallest value, 10000, fails: nothing in the range meets the SLO/);
  const loose = await planLimits({ file: mm1, vary, slo: parseSlo('request_latency_ms.p99 <= 100'), workers: 2 });
  assert.equal(loose.limits[0].status, 'largest-passes');
  assert.match(formatPlan(loose), /even the largest value, 90000, passes: the limit is above the range/);
});

test('an SLO on a metric the scenario lacks names the metrics it has', async () => {
  await assert.rejects(
    planLimits({ file: mm1, vary, slo: parseSlo('first_packet_latency_ms.p99 < 1'), workers: 1, sets: [parseSet('replications=1')] }),
    (e: Error) => e instanceof InputError &&
      /^--slo: "first_packet_latency_ms\.p99" is not allowed \(must be a metric of this scenario: request_latency_ms\.mean, .*utilization\.station\)$/.test(e.message),
  );
});
