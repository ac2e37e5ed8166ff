/**
 * The Service traffic's knobs, declared once: a scenario's `traffic:` defaults are these values
 * (1,000 requests/s open loop, a new connection per request, 64-byte requests and 1,024-byte
 * responses as the request/response workload's, the server on its node's cores), and the ranges
 * the scenario refuses come from them too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serviceTrafficParameters } from '../../../models/workloads/service-traffic-parameters.ts';
import { requestResponseParameters } from '../../../models/workloads/request-response.ts';
import { validate } from '../../../scenarios/load.ts';
import { toServiceModelConfig } from '../../../scenarios/expand-services.ts';

test('an empty traffic: section runs with these defaults', () => {
  const t = toServiceModelConfig(validate('s.yaml', { name: 'x', traffic: {} }))!.traffic;
  assert.deepEqual(t.arrival, { kind: 'open', rateRps: serviceTrafficParameters.rateRps.value });
  assert.deepEqual([t.arrival, t.requestsPerConnection, t.requestBytes, t.responseBytes, t.serverThreads], [{ kind: 'open', rateRps: 1000 }, 1, 64, 1024, null]);
  assert.equal(serviceTrafficParameters.requestBytes, requestResponseParameters.requestBytes);
  assert.equal(serviceTrafficParameters.responseBytes, requestResponseParameters.responseBytes);
});

test('the declared ranges are the scenario\'s: at least one request a connection, a rate above 0, whole threads', () => {
  const refused = (traffic: object) => assert.throws(() => validate('s.yaml', { name: 'x', traffic }));
  assert.throws(() => validate('s.yaml', { name: 'x', traffic: { requestsPerConnection: 0 } }), { message: 's.yaml: traffic.requestsPerConnection: 0 is not allowed (must be >= 1)' });
  refused({ rateRps: 0 });
  refused({ serverThreads: 1.5 });
  refused({ requestBytes: 0 });
  assert.equal(toServiceModelConfig(validate('s.yaml', { name: 'x', traffic: { serverThreads: 4, requestsPerConnection: 100 } }))!.traffic.serverThreads, 4);
});
