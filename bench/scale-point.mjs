// One point of the scale benchmark (bench/scale.ts), in a process of its own so that its peak RSS
// is its own. Plain JavaScript: by default it runs the built model in dist/ (the code `podpath
// run` runs, compiled by tsc), not the TypeScript sources through tsx, whose transpiled output
// (esbuild with keepNames: a `__name` call per function made, other inlining) costs more and
// differently per point; `--source` runs the sources (start it with `node --import tsx`).
//
//   node --max-semi-space-size=64 bench/scale-point.mjs --variant iptables --services 100 --requests 200000
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values: o } = parseArgs({
  options: { variant: { type: 'string' }, services: { type: 'string' }, requests: { type: 'string' }, source: { type: 'boolean', default: false } },
});
const positive = (name) => {
  if (o[name] === undefined) return undefined;
  const n = Number(o[name]);
  if (!Number.isSafeInteger(n) || n < 1) {
    console.error(`bench scale-point: --${name}: ${o[name]} is not an integer >= 1`);
    process.exit(2);
  }
  return n;
};
const services = positive('services');
const requests = positive('requests');
if (!o.variant) {
  console.error('bench scale-point: --variant is required (iptables or ipvs)');
  process.exit(2);
}

const root = new URL('../', import.meta.url);
const module = (path) => new URL(o.source ? `${path}.ts` : `dist/${path}.js`, root).href;
if (!o.source && !existsSync(new URL('dist/cli/prepare.js', root))) {
  console.error('bench scale-point: dist/ is not built: run `npm run build` (or pass --source under --import tsx)');
  process.exit(1);
}
const { prepare } = await import(module('cli/prepare'));
const { runReplication } = await import(module('experiments/experiment'));

const scenario = new URL('scenarios/scale.yaml', root).pathname;
const sets = services === undefined ? [] : [{ path: 'services.count', value: services, origin: '--services' }];
const { loaded, points } = prepare(scenario, sets);
const point = points.find((p) => p.variant === o.variant);
if (!point) {
  console.error(`bench scale-point: --variant: ${o.variant} is not a variant of ${scenario}`);
  process.exit(2);
}
const arrival = point.model.services.traffic.arrival;
if (arrival.kind !== 'open') throw new Error(`${scenario}: the scale bench needs open-loop traffic`);
if (requests !== undefined) point.model.run.durationNs = Math.round((requests / arrival.rateRps) * 1e9);

const t0 = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
const r = runReplication(point.model, loaded.scenario.seed, 0);
const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(cpu0);
const cpuS = (cpu.user + cpu.system) / 1e6;
const simulated = r.metrics.requests_per_s * (point.model.run.durationNs / 1e9);
const rssMiB = process.resourceUsage().maxRSS / 1024;
console.log(
  `RESULT bench=scale variant=${o.variant} build=${o.source ? 'source' : 'dist'} nodes=${point.model.cluster.nodes} ` +
    `services=${point.params['services.count'] ?? loaded.scenario.services.count} requests=${Math.round(simulated)} ` +
    `wall_s=${wallS.toFixed(2)} cpu_s=${cpuS.toFixed(2)} events=${r.events} ev_per_s=${Math.round(r.events / wallS)} ` +
    `us_per_request=${((wallS * 1e6) / simulated).toFixed(2)} peak_rss_mib=${rssMiB.toFixed(0)}`,
);
