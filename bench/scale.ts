/**
 * The scale benchmark: scenarios/scale.yaml (5,000 nodes, 50,000 Services × 10 endpoints, clients
 * on 1,000 nodes, 1,000,000 requests without keepalive) per proxy mode, each mode in its own
 * process so that its peak RSS is its own; and the simulator's time per simulated request as the
 * Services grow (iptables), which should not depend on the size of the rule tables modelled.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { prepare } from '../cli/prepare.ts';
import type { Override } from '../scenarios/load.ts';
import { runReplication } from '../experiments/experiment.ts';

const scenario = join(import.meta.dirname, '../scenarios/scale.yaml');

export interface ScalePoint {
  variant: string;
  services?: number;
  /** Requests to simulate (the scenario's rate × a duration set to match); default the scenario's. */
  requests?: number;
}

/** Runs one point in this process and returns its RESULT line. */
export function scalePoint(o: ScalePoint): string {
  const sets: Override[] = [];
  if (o.services !== undefined) sets.push({ path: 'services.count', value: o.services, origin: '--services' });
  const { loaded, points } = prepare(scenario, sets);
  const point = points.find((p) => p.variant === o.variant);
  if (!point) throw new Error(`no variant ${o.variant} in ${scenario}`);
  const arrival = point.model.services!.traffic.arrival;
  if (arrival.kind !== 'open') throw new Error(`${scenario}: the scale bench needs open-loop traffic`);
  const rate = arrival.rateRps;
  if (o.requests !== undefined) point.model.run.durationNs = Math.round((o.requests / rate) * 1e9);
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const r = runReplication(point.model, loaded.scenario.seed, 0);
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  const requests = (r.metrics.requests_per_s as number) * (point.model.run.durationNs / 1e9);
  const rssMiB = process.resourceUsage().maxRSS / 1024;
  return (
    `RESULT bench=scale variant=${o.variant} nodes=${point.model.cluster.nodes} services=${point.params['services.count'] ?? loaded.scenario.services.count} ` +
    `requests=${Math.round(requests)} wall_s=${wallS.toFixed(2)} cpu_s=${cpuS.toFixed(2)} events=${r.events} ev_per_s=${Math.round(r.events / wallS)} ` +
    `us_per_request=${((wallS * 1e6) / requests).toFixed(2)} peak_rss_mib=${rssMiB.toFixed(0)}`
  );
}

/**
 * V8's semi-space for the child, MiB. The simulation allocates small objects per packet (station
 * jobs, flights) that die within microseconds of simulated time; with the default 16 MiB
 * semi-spaces many live through a scavenge and are copied. 64 MiB made a 200,000-request point
 * about 10% faster in A/B runs (bench/SCALE.md), for about 40 MiB more RSS.
 */
const SEMI_SPACE_MIB = 64;

/** Runs each point in a child process (its own heap and peak RSS) and returns the RESULT lines. */
export function scaleBench(pointsToRun: ScalePoint[]): string[] {
  return pointsToRun.map((p) => {
    const args = [`--max-semi-space-size=${SEMI_SPACE_MIB}`, '--import', 'tsx', join(import.meta.dirname, 'main.ts'), 'scale-point', '--variant', p.variant];
    if (p.services !== undefined) args.push('--services', String(p.services));
    if (p.requests !== undefined) args.push('--requests', String(p.requests));
    return execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  });
}
