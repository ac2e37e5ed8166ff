import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toCsv } from '../../reports/csv.ts';
import { tinyResults } from './fixtures.ts';

test('CSV: variant, sorted params, sorted flattened metrics; quoting; empty cells for missing metrics', () => {
  assert.equal(
    toCsv(tinyResults()),
    [
      'variant,cluster.nodes,services,connect_latency_ms.count,connect_latency_ms.max,connect_latency_ms.mean,connect_latency_ms.p50,connect_latency_ms.p90,connect_latency_ms.p99,connect_latency_ms.p999,cpu_cores.client_node,throughput_mbps,throughput_mbps.ci95_hi,throughput_mbps.ci95_lo',
      '"a,b",3,10,,,,,,,,0.5,100,110,90',
      '"say ""hi""",3,20,6,5,1,1,2,3,4,,50,,',
      '',
    ].join('\n'),
  );
});
