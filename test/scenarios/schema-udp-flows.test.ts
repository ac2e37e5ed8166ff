/**
 * `traffic.udpFlows`: defaults filled in, and bad input refused in one line naming the field, the
 * value and what is allowed (the flows need a rolling update to meet, at its ClusterIP).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validate } from '../../scenarios/load.ts';
import { InputError } from '../../scenarios/messages.ts';
import { toModelConfig } from '../../scenarios/expand.ts';

const rollout = { controlPlane: { rollout: {} } };

test('defaults: 10 one-way flows per client of 50 datagrams/s of 200 bytes; absent, none', () => {
  const m = toModelConfig(validate('x.yaml', { name: 'x', traffic: { udpFlows: {} }, ...rollout }));
  assert.deepEqual(m.services!.udpFlows, { flowsPerClient: 10, datagramsPerS: 50, datagramBytes: 200, replyBytes: 0 });
  assert.equal(toModelConfig(validate('x.yaml', { name: 'x', traffic: {}, ...rollout })).services!.udpFlows, undefined);
});

const bad: [string, Record<string, unknown>, string][] = [
  ['without a rollout', { traffic: { udpFlows: {} } },
    'x.yaml: traffic.udpFlows: {} is not allowed (needs controlPlane.rollout: the UDP flows call the rolled Service\'s ClusterIP)'],
  ['via a NodePort', { traffic: { udpFlows: {}, via: 'nodePort' }, services: { count: 2, nodePorts: 2 }, ...rollout },
    'x.yaml: traffic.via: "nodePort" is not allowed (must be clusterIP with traffic.udpFlows: the UDP flows call the rolled Service\'s ClusterIP)'],
  ['a rate of 0', { traffic: { udpFlows: { datagramsPerS: 0 } }, ...rollout }, 'x.yaml: traffic.udpFlows.datagramsPerS: 0 is not allowed (must be > 0)'],
  ['a jumbo datagram', { traffic: { udpFlows: { datagramBytes: 9000 } }, ...rollout }, 'x.yaml: traffic.udpFlows.datagramBytes: 9000 is not allowed (must be <= 1472)'],
  ['an unknown field', { traffic: { udpFlows: { flows: 3 } }, ...rollout }, ''],
];

for (const [what, scenario, message] of bad) {
  test(`traffic.udpFlows ${what}: refused in one line`, () => {
    assert.throws(() => validate('x.yaml', { name: 'x', ...scenario }), (e) => {
      assert.ok(e instanceof InputError);
      if (message) assert.equal(e.message, message);
      else assert.match(e.message, /^x\.yaml: traffic\.udpFlows/);
      assert.ok(!e.message.includes('\n'));
      return true;
    });
  });
}
