import assert from 'node:assert/strict';
import { test } from 'node:test';
import { axisTitle, paramTitle, unitOf } from '../../reports/units.ts';

test('units come from the metric name suffix', () => {
  assert.equal(unitOf('request_latency_ms.p99'), 'ms');
  assert.equal(unitOf('throughput_mbps'), 'Mbit/s');
  assert.equal(unitOf('requests_per_s'), '/s');
  assert.equal(unitOf('encap_bytes'), 'bytes');
  assert.equal(unitOf('cpu_cores.client_node'), 'cores');
  assert.equal(unitOf('crossings_per_packet'), undefined);
});

test('axis titles name the quantity and its unit', () => {
  assert.equal(axisTitle('request_latency_ms'), 'request latency (ms)');
  assert.equal(axisTitle('throughput_mbps'), 'throughput (Mbit/s)');
  assert.equal(axisTitle('requests_per_s'), 'requests/s');
  assert.equal(axisTitle('cpu_cores.client_node'), 'CPU (cores)');
  assert.equal(axisTitle('copied_bytes_per_packet'), 'copied bytes per packet');
  assert.equal(paramTitle('workload.interval_ms'), 'workload.interval_ms (ms)');
  assert.equal(paramTitle('services'), 'services');
});
