/**
 * What collectors write into: registered names only, a family written by two collectors merged key
 * by key, a number written twice refused, and the result in the registry's order whatever order
 * the collectors wrote in.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReplicationOutput } from '../../experiments/replication-output.ts';

test('registry order, families merged, unregistered or repeated names refused', () => {
  const out = new ReplicationOutput();
  out.metric('rules', 12);
  out.metric('cpu_cores', { client_node: 0.5 });
  out.addSeries('programming_latency_cdf', ['latency_ms', 'fraction'], [[1, 1]]);
  out.metric('request_latency_ms', { mean: 1, p50: 1, p90: 1, p99: 1, p999: 1, max: 1, count: 1 });
  out.metric('cpu_cores', { kube_proxy_cluster: 2 });
  out.addSeries('request_latency_cdf', ['latency_ms', 'fraction'], []);
  const r = out.result(7);
  assert.deepEqual(Object.keys(r.metrics), ['request_latency_ms', 'cpu_cores', 'rules']);
  assert.deepEqual(r.metrics.cpu_cores, { client_node: 0.5, kube_proxy_cluster: 2 });
  assert.deepEqual(Object.keys(r.series), ['request_latency_cdf', 'programming_latency_cdf']);
  assert.equal(r.events, 7);
  assert.throws(() => out.metric('dns_queries_per_s', 1), /^Error: metric dns_queries_per_s is not in reports\/metric-registry\.ts$/);
  assert.throws(() => out.addSeries('rules', [], []), /^Error: series rules is not in reports\/metric-registry\.ts$/);
  assert.throws(() => out.metric('rules', 13), /^Error: metric rules written twice$/);
});
