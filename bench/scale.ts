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
