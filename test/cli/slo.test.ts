/**
 * Service-level objectives against a point's metrics: a statistic of an empty distribution (null,
 * count 0: no sync finished) meets no objective, whichever way it points; a number does as its
 * operator says; a metric the point lacks is bad input.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { measure, meets, parseSlo } from '../../cli/slo.ts';
import type { PointResult } from '../../reports/results.ts';
import { InputError } from '../../scenarios/messages.ts';

const point: PointResult = {
  variant: 'iptables-per-rule',
  params: {},
  replications: 1,
  metrics: {
    sync_ms: { mean: null, p50: null, p90: null, p99: null, p999: null, max: null, count: 0 },
    rules: 8000,
  },
};

test('an SLO on a null statistic is not met, for < and > alike', () => {
  for (const text of ['sync_ms.p99 < 100', 'sync_ms.p99 > 100', 'sync_ms.mean >= 0']) {
    const slo = parseSlo(text);
    assert.equal(measure(slo, point), null);
    assert.equal(meets(slo, measure(slo, point)), false, text);
  }
  assert.equal(measure(parseSlo('sync_ms.count < 1'), point), 0);
  assert.equal(meets(parseSlo('sync_ms.count < 1'), 0), true);
  assert.equal(meets(parseSlo('rules <= 8000'), measure(parseSlo('rules <= 8000'), point)), true);
});

test('a metric the point lacks is bad input naming those it has, the null ones included', () => {
  assert.throws(() => measure(parseSlo('sync_ms.p42 < 1'), point), (e: unknown) => e instanceof InputError && /sync_ms\.p50/.test(e.message) && /rules/.test(e.message));
});
