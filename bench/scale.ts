/**
 * The scale benchmark: scenarios/scale.yaml (5,000 nodes, 50,000 Services × 10 endpoints, clients
 * on 1,000 nodes, 1,000,000 requests without keepalive) per proxy mode, each mode in its own
 * process so that its peak RSS is its own; and the simulator's time per simulated request as the
 * Services grow (iptables), which should not depend on the size of the rule tables modelled.
 * Each point is bench/scale-point.mjs in a child process, running the built dist/ (what `podpath
 * run` runs) unless `source` asks for the TypeScript through tsx.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { median } from 'simple-statistics';

export interface ScalePoint {
  variant: string;
  services?: number;
  /** Requests to simulate (the scenario's rate × a duration set to match); default the scenario's. */
  requests?: number;
  /** Run the TypeScript sources through tsx instead of the built dist/. */
  source?: boolean;
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
    const args = [`--max-semi-space-size=${SEMI_SPACE_MIB}`, ...(p.source ? ['--import', 'tsx'] : []), join(import.meta.dirname, 'scale-point.mjs'), '--variant', p.variant];
    if (p.source) args.push('--source');
    if (p.services !== undefined) args.push('--services', String(p.services));
    if (p.requests !== undefined) args.push('--requests', String(p.requests));
    return execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  });
}

/** A RESULT line's `key=value` fields. */
function fields(line: string): Record<string, string> {
  return Object.fromEntries(line.split(' ').slice(1).map((kv) => kv.split('=') as [string, string]));
}

/**
 * The Services sweep in `rounds` interleaved rounds (every point once per round, so that a slow
 * stretch of the machine falls on all points alike): each RESULT line prefixed with its round,
 * then per point the µs per request of every round, their median and minimum, and the spread
 * (max/min across points) of the medians and of the minimums. The minimum is the run least
 * disturbed by the rest of the machine; issue 21's target is on the spread. Each line goes to
 * `log` as soon as it is known.
 */
export function servicesSweep(points: number[], rounds: number, requests: number, source: boolean | undefined, log: (line: string) => void): void {
  const services = [...new Set(points)];
  const us = new Map<number, number[]>(services.map((s) => [s, []]));
  for (let round = 1; round <= rounds; round++) {
    for (const s of services) {
      const [line] = scaleBench([{ variant: 'iptables', services: s, requests, source }]);
      log(`round=${round} ${line}`);
      us.get(s)!.push(Number(fields(line!).us_per_request));
    }
  }
  const medians = services.map((s) => median(us.get(s)!));
  const minimums = services.map((s) => Math.min(...us.get(s)!));
  for (const [i, s] of services.entries()) {
    log(`services=${s} us_per_request: ${us.get(s)!.map((x) => x.toFixed(2)).join(' ')}  median ${medians[i]!.toFixed(2)}, min ${minimums[i]!.toFixed(2)}`);
  }
  const spread = (xs: number[]) => (Math.max(...xs) / Math.min(...xs)).toFixed(2);
  log(`services sweep spread (max/min across points): of medians ${spread(medians)}x, of minimums ${spread(minimums)}x (target 1.2x)`);
}
