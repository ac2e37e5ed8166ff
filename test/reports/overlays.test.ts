/**
 * Published points on a chart: only overlays of a metric the chart draws and on its x parameter,
 * one footnote per reference however many of its statistics are drawn, numbered in order of
 * appearance, and labels that name the line when the chart has several.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { overlaysFor } from '../../reports/overlays.ts';
import type { Overlay, Results } from '../../reports/results.ts';

const overlay = (reference: string, metric: string, x: string, y: number, extra: Partial<Overlay> = {}): Overlay =>
  ({ reference, metric, x, points: [{ variant: '', x: 10, y }], source: `source of ${reference}`, ...extra });

const results: Results = {
  podpath: '0', contract: 2, scenario: { name: 'x', seed: 1, replications: 1 }, points: [],
  overlays: [
    overlay('a', 'latency_ms.p50', 'services', 1, { url: 'https://a' }),
    overlay('b', 'latency_ms.p99', 'services', 2),
    overlay('a', 'latency_ms.p99', 'services', 3),
    overlay('c', 'latency_ms.p99', 'nodes', 4),
    overlay('d', 'rules', 'services', 5),
  ],
};

test('two lines: overlays of their metrics on the swept parameter, footnotes per reference in order, labels naming the line', () => {
  const { rows, footnotes } = overlaysFor(results, [{ path: 'latency_ms.p50', label: 'p50' }, { path: 'latency_ms.p99', label: 'p99' }], 'services');
  assert.deepEqual(footnotes, [{ n: 1, reference: 'a', source: 'source of a', url: 'https://a' }, { n: 2, reference: 'b', source: 'source of b' }]);
  assert.deepEqual(rows.map((r) => [r.series, r.value, r.reference, r.variant, r.label]), [
    ['p50', 1, 'published p50 [1]', 'default', 'services = 10'],
    ['p99', 2, 'published p99 [2]', 'default', 'services = 10'],
    ['p99', 3, 'published p99 [1]', 'default', 'services = 10'],
  ]);
});

test('one line: labels without the line name; no x parameter: every matching overlay; none: nothing', () => {
  const one = overlaysFor(results, [{ path: 'latency_ms.p99', label: 'p99' }], undefined);
  assert.deepEqual(one.rows.map((r) => [r.value, r.reference]), [[2, 'published [1]'], [3, 'published [2]'], [4, 'published [3]']]);
  assert.deepEqual(one.footnotes.map((f) => f.reference), ['b', 'a', 'c']);
  assert.deepEqual(overlaysFor({ ...results, overlays: undefined }, [{ path: 'rules', label: 'rules' }], 'services'), { rows: [], footnotes: [] });
});
