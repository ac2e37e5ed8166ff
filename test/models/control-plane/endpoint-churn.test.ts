/** Endpoint churn: Poisson pod events at their rate; a rolling update is 2n one-endpoint changes
 *  of one Service, rollingStepNs apart; a scale-up one change of scaleUpPods endpoints. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type EndpointChange, EndpointChurn } from '../../../models/control-plane/endpoint-churn.ts';
import { Simulation, Streams } from '../../../sim/index.ts';
import { ServiceGroups } from '../../../models/services/service-groups.ts';

const quiet = { podEventsPerS: 0, rollingUpdatesPerS: 0, rollingStepNs: 1e9, scaleUpsPerS: 0, scaleUpPods: 5 };

function record(config: typeof quiet, untilNs: number, services = 100, n = 3) {
  const sim = new Simulation();
  const log: [number, EndpointChange][] = [];
  new EndpointChurn(sim, config, new ServiceGroups([{ count: services, endpointsPerService: n }]), new Streams(3, 0), (c) => log.push([sim.now, c]));
  sim.run({ untilNs });
  return log;
}

test('no rates, no changes', () => {
  assert.deepEqual(record(quiet, 100e9), []);
});

test('pod events: 10/s over 1,000 s gives 10,000 ± 3% one-endpoint changes over all Services', () => {
  const log = record({ ...quiet, podEventsPerS: 10 }, 1000e9);
  assert.ok(Math.abs(log.length / 10_000 - 1) < 0.03, `${log.length}`);
  assert.ok(log.every(([, c]) => c.endpoints === 1 && c.service >= 0 && c.service < 100));
  assert.ok(new Set(log.map(([, c]) => c.service)).size === 100);
});

test('a rolling update of a 3-endpoint Service: 6 one-endpoint changes of that Service, 1 s apart', () => {
  const log = record({ ...quiet, rollingUpdatesPerS: 0.001 }, 20_000e9);
  const first = log[0];
  const rollout = log.filter(([, c]) => c.service === first[1].service).slice(0, 6);
  assert.deepEqual(rollout.map(([t]) => t - first[0]), [0, 1e9, 2e9, 3e9, 4e9, 5e9]);
  assert.ok(rollout.every(([, c]) => c.endpoints === 1));
});

test('scale-ups: one change of scaleUpPods endpoints each', () => {
  const log = record({ ...quiet, scaleUpsPerS: 1 }, 50e9);
  assert.ok(log.length > 30 && log.length < 75, `${log.length}`);
  assert.ok(log.every(([, c]) => c.endpoints === 5));
});
