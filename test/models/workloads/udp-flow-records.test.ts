/**
 * The UDP flows' knobs, declared once: a scenario's `traffic.udpFlows: {}` runs with these values,
 * and their bounds are what it refuses (a datagram within one 1500-byte frame, a rate above 0).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { udpServiceFlowParameters as p } from '../../../models/workloads/udp-flow-records.ts';
import { validate } from '../../../scenarios/load.ts';
import { toModelConfig } from '../../../scenarios/expand.ts';

const rollout = { controlPlane: { rollout: {} } };
const flows = (udpFlows: object) => toModelConfig(validate('x.yaml', { name: 'x', traffic: { udpFlows }, ...rollout })).services!.udpFlows;

test('an empty udpFlows: section runs with the declared values', () => {
  assert.deepEqual(flows({}), { flowsPerClient: p.flowsPerClient.value, datagramsPerS: p.datagramsPerS.value, datagramBytes: p.datagramBytes.value, replyBytes: p.replyBytes.value });
});

test('the declared bounds are the scenario\'s: 1472-byte payloads at most, a rate above 0, whole flows', () => {
  assert.equal(p.datagramBytes.max, 1500 - 20 - 8, 'an IPv4 and a UDP header within one 1500-byte frame');
  assert.equal(flows({ datagramBytes: p.datagramBytes.max, replyBytes: p.replyBytes.max })!.datagramBytes, 1472);
  assert.throws(() => flows({ datagramBytes: 1473 }), { message: 'x.yaml: traffic.udpFlows.datagramBytes: 1473 is not allowed (must be <= 1472)' });
  assert.throws(() => flows({ replyBytes: 1473 }), { message: 'x.yaml: traffic.udpFlows.replyBytes: 1473 is not allowed (must be <= 1472)' });
  assert.throws(() => flows({ datagramsPerS: 0 }), { message: /^x\.yaml: traffic\.udpFlows\.datagramsPerS: 0 is not allowed/ });
  assert.throws(() => flows({ flowsPerClient: 1.5 }), { message: /^x\.yaml: traffic\.udpFlows\.flowsPerClient: 1\.5 is not allowed/ });
});
