// podpath from code: load the bundled M/M/1 scenario, shorten it, run it on the worker pool and
// set each point's mean time in system beside the closed form 1/(mu - lambda), mu = 100,000/s.
// Run it from a checkout (after `npm ci`) or from a project that installed podpath:
//   node examples/library.mjs          (or node node_modules/podpath/examples/library.mjs)
import { fileURLToPath } from 'node:url';
import { loadScenario, simulate } from 'podpath';

const file = fileURLToPath(new URL('../scenarios/mm1.yaml', import.meta.url));
const scenario = loadScenario(file, { set: { 'run.durationMs': 200, replications: 2 } });
const mu = 1e6 / scenario.workload.serviceTime.meanUs;

const results = await simulate(scenario, {
  onPoint: (_point, done, total) => process.stderr.write(`\rpoint ${done}/${total}`),
});
process.stderr.write('\n');

console.log('rate_rps  simulated_us  closed_form_us');
for (const point of results.points) {
  const lambda = point.params['workload.arrival.rateRps'];
  const simulatedUs = point.metrics.request_latency_ms.mean * 1000;
  const closedFormUs = 1e6 / (mu - lambda);
  console.log(`${String(lambda).padStart(8)}  ${simulatedUs.toFixed(2).padStart(12)}  ${closedFormUs.toFixed(2).padStart(14)}`);
}
