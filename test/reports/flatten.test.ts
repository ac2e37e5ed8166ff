/**
 * Flattening a point's metrics to path → number, as the CSV and the charts read them: numbers as
 * they are, a distribution as its seven statistics (null when empty) plus its interval, nested
 * records by dotted path, scalar intervals from `ci95`; and the helpers over a result set.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flattenMetrics, isDistribution, paramPaths, sweptParam, variantLabel, variantsOf } from '../../reports/flatten.ts';
import type { Distribution, PointResult, Results } from '../../reports/results.ts';

const dist: Distribution = { mean: 1.5, p50: 1, p90: 2, p99: 3, p999: 4, max: 5, count: 10, ci95: [1.25, 1.75] };
const empty: Distribution = { mean: null, p50: null, p90: null, p99: null, p999: null, max: null, count: 0 };

test('a point: numbers, distributions (with and without an interval), nested records and scalar intervals', () => {
  const point: PointResult = {
    variant: 'ipvs', params: { services: 10 }, replications: 2,
    metrics: { rules: 42, request_latency_ms: dist, cpu_cores: { client_node: 0.5, server_node: 0.25 }, first_packet_latency_ms: empty, waits: { dns: empty } },
    ci95: { 'cpu_cores.client_node': [0.4, 0.6] },
  };
  assert.deepEqual(flattenMetrics(point), {
    rules: 42,
    'request_latency_ms.mean': 1.5, 'request_latency_ms.p50': 1, 'request_latency_ms.p90': 2, 'request_latency_ms.p99': 3,
    'request_latency_ms.p999': 4, 'request_latency_ms.max': 5, 'request_latency_ms.count': 10,
    'request_latency_ms.ci95_lo': 1.25, 'request_latency_ms.ci95_hi': 1.75,
    'cpu_cores.client_node': 0.5, 'cpu_cores.server_node': 0.25,
    'first_packet_latency_ms.mean': null, 'first_packet_latency_ms.p50': null, 'first_packet_latency_ms.p90': null,
    'first_packet_latency_ms.p99': null, 'first_packet_latency_ms.p999': null, 'first_packet_latency_ms.max': null,
    'first_packet_latency_ms.count': 0,
    'waits.dns.mean': null, 'waits.dns.p50': null, 'waits.dns.p90': null, 'waits.dns.p99': null, 'waits.dns.p999': null,
    'waits.dns.max': null, 'waits.dns.count': 0,
    'cpu_cores.client_node.ci95_lo': 0.4, 'cpu_cores.client_node.ci95_hi': 0.6,
  });
});

test('isDistribution: a count and a p50; a record of numbers is not one', () => {
  assert.equal(isDistribution(dist), true);
  assert.equal(isDistribution(empty), true);
  assert.equal(isDistribution({ count: 3 }), false);
  assert.equal(isDistribution({ client_node: 1, p50: 2 }), false);
  assert.equal(isDistribution(null), false);
  assert.equal(isDistribution(7), false);
});

test('over a result set: the swept parameter, the sorted parameter paths, the variants in order of appearance', () => {
  const point = (variant: string, params: PointResult['params']): PointResult => ({ variant, params, replications: 1, metrics: {} });
  const results: Results = {
    podpath: '0', contract: 2, scenario: { name: 'x', seed: 1, replications: 1 },
    points: [point('nftables', { services: 1, 'cluster.nodes': 2 }), point('iptables', { services: 2, 'cluster.nodes': 2 }), point('nftables', { services: 2, 'proxy.mode': 'x' })],
  };
  assert.equal(sweptParam(results), 'services');
  assert.deepEqual(paramPaths(results), ['cluster.nodes', 'proxy.mode', 'services']);
  assert.deepEqual(variantsOf(results), ['nftables', 'iptables']);
  assert.equal(sweptParam({ ...results, points: [] }), undefined);
  assert.deepEqual([variantLabel(''), variantLabel('ipvs')], ['default', 'ipvs']);
});
