/**
 * How big a run is, estimated from the scenario before it runs: the events it will fire and the
 * memory one replication holds, so a scenario far beyond the machine (10^12 requests, 10^8 nodes)
 * is refused with the estimate instead of running for days or dying out of memory. The figures
 * per request, connection, segment and node are upper-end measurements of the models on the
 * bundled scenarios (`events` of a replication over its requests; peak RSS against cluster size,
 * on the development machine of README "What works"), not a model of anything: they only need to
 * be right within a factor of a few, since the limits sit 1,000 times above the bundled scenarios.
 */
import type { Point } from './expand.ts';
import { InputError, messages } from './messages.ts';
import type { Scenario } from './schema.ts';
import { clientNodeList, defaultRateRps } from './schema-services.ts';
import { scenarioWire } from './wire.ts';
import { ownGroups } from './schema-control-plane.ts';

/** Events per request and per new connection of the Service model (kube-proxy-modes: 40 per
 *  request without keepalive, 13 with 100 requests per connection). */
const SERVICE_EVENTS_PER_REQUEST = 15;
const SERVICE_EVENTS_PER_CONNECTION = 30;
/** Request/response between two pods (quickstart: 10 per request). */
const RR_EVENTS_PER_REQUEST = 12;
/** A bare station (mm1: 2 per request). */
const STATION_EVENTS_PER_REQUEST = 3;
/** Bulk transfer at the link's rate (flannel-backends host-gw, 8 streams: 4.9 M events/s at
 *  10 Gbit/s, about 6 per 1,448-byte segment). */
const BULK_EVENTS_PER_SEGMENT = 8;
const SEGMENT_BYTES = 1448;
/** Control plane, per node and per endpoint change or sync (rule-sync: about 4 events per node
 *  and second at 5 pod events/s). */
const CONTROL_PLANE_EVENTS_PER_NODE_CHANGE = 1;
/** Memory, bytes: per node (8,000 nodes cost 3 MB), per Service client node (8,000 cost 54 MB),
 *  per node running kube-proxy's control plane (2,000 cost 100 MB), per connection opened
 *  (200,000 cost 80 MB), and the process itself. */
const BYTES_PER_NODE = 1024;
const BYTES_PER_CLIENT_NODE = 8 * 1024;
const BYTES_PER_CONTROL_PLANE_NODE = 128 * 1024;
const BYTES_PER_CONNECTION = 800;
const BASE_BYTES = 100 * 1024 * 1024;

export interface Estimate {
  /** Events over every point and replication. */
  events: number;
  /** Memory of the largest replication, bytes. */
  bytes: number;
}

function seconds(s: Scenario): number {
  return (s.run.warmupMs + s.run.durationMs) / 1000;
}

function meanServiceUs(d: Scenario['workload']['serviceTime']): number {
  switch (d.dist) {
    case 'constant': return d.us;
    case 'uniform': return (d.minUs + d.maxUs) / 2;
    default: return d.meanUs;
  }
}

/** Requests per second of the request/response workload; a closed loop at most one request per
 *  client per think time and service time (and 1 us of path). */
function requestRate(s: Scenario): number {
  const a = s.workload.arrival;
  return a.kind === 'open' ? a.rateRps : a.concurrency / ((a.thinkUs + meanServiceUs(s.workload.serviceTime) + 1) * 1e-6);
}

function controlPlaneEventsPerS(s: Scenario): number {
  const c = s.controlPlane;
  if (!c) return 0;
  // A rolling update changes each of its Service's endpoints twice: on average over the Services.
  const groups = s.traffic ? s.services.groups ?? [{ count: s.services.count, endpointsPerService: s.services.endpointsPerService }] : ownGroups(c);
  const endpointsPerService = groups.reduce((e, g) => e + g.count * g.endpointsPerService, 0) / Math.max(1, groups.reduce((n, g) => n + g.count, 0));
  const changes = c.churn.podEventsPerS + c.churn.rollingUpdatesPerS * 2 * endpointsPerService + c.churn.scaleUpsPerS * c.churn.scaleUpPods;
  const syncs = 1000 / Math.max(c.minSyncPeriodMs, 1) + 1000 / c.syncPeriodMs;
  return s.cluster.nodes * (changes + syncs) * CONTROL_PLANE_EVENTS_PER_NODE_CHANGE;
}

/** A closed-loop user issues at most one request per this long: the idle path's request time on
 *  the fastest profile is about 20 us, so 10 us bounds the rate from above. */
const CLOSED_LOOP_MIN_CYCLE_NS = 10_000;

/** Requests per second the Service traffic offers: its open rate, or for closed-loop users an
 *  upper bound (every user cycling as fast as an idle path allows, and no faster than the load
 *  generator's threads can issue). */
function serviceRps(t: NonNullable<Scenario['traffic']>): number {
  const a = t.arrival;
  if (a?.kind === 'closed') {
    const clients = clientNodeList(t.clientNodes).length;
    const byUsers = (a.concurrency * clients * 1e9) / (a.thinkUs * 1e3 + CLOSED_LOOP_MIN_CYCLE_NS);
    // The load generator's threads bound it too: each request holds one for perRequestUs.
    const byThreads = t.clientCpu.perRequestUs > 0 ? (t.clientThreads * clients * 1e6) / t.clientCpu.perRequestUs : Infinity;
    return Math.min(byUsers, byThreads);
  }
  return a?.rateRps ?? t.rateRps ?? defaultRateRps;
}

function eventsPerS(s: Scenario): number {
  if (s.traffic) {
    const t = s.traffic;
    const rps = serviceRps(t);
    return rps * SERVICE_EVENTS_PER_REQUEST + (rps / t.requestsPerConnection) * SERVICE_EVENTS_PER_CONNECTION + controlPlaneEventsPerS(s);
  }
  const w = s.workload;
  if (w.kind === 'station') return requestRate(s) * STATION_EVENTS_PER_REQUEST;
  const rr = w.kind === 'request-response' || w.bulk.probe ? requestRate(s) * RR_EVENTS_PER_REQUEST : 0;
  const bulk = w.kind === 'bulk' ? ((scenarioWire(s).linkGbps * 1e9) / 8 / SEGMENT_BYTES) * BULK_EVENTS_PER_SEGMENT : 0;
  return rr + bulk + controlPlaneEventsPerS(s);
}

function bytes(s: Scenario): number {
  const clients = s.traffic ? (Array.isArray(s.traffic.clientNodes) ? s.traffic.clientNodes.length : s.traffic.clientNodes.count) : 0;
  const connections = s.traffic ? (serviceRps(s.traffic) / s.traffic.requestsPerConnection) * seconds(s) : 0;
  return BASE_BYTES + s.cluster.nodes * (BYTES_PER_NODE + (s.controlPlane ? BYTES_PER_CONTROL_PLANE_NODE : 0))
    + clients * BYTES_PER_CLIENT_NODE + connections * BYTES_PER_CONNECTION;
}

export function estimate(points: Point[], replications: number): Estimate {
  let events = 0;
  let most = 0;
  for (const p of points) {
    events += eventsPerS(p.scenario) * seconds(p.scenario) * replications;
    most = Math.max(most, bytes(p.scenario));
  }
  return { events, bytes: most };
}

/** Most events a run may fire without `--force`: 1,000 times the biggest bundled scenario, about
 *  a day of computing at the engine's 1-3 million events/s per core. */
export const maxEvents = 1e11;

/** Refuses (InputError) a run whose estimate passes `maxEvents` or the machine's memory. */
export function checkSize(file: string, points: Point[], replications: number, memoryBytes: number): void {
  const e = estimate(points, replications);
  if (e.events > maxEvents) throw new InputError(messages.tooManyEvents(file, e.events, points.length, replications, maxEvents));
  if (e.bytes > memoryBytes) throw new InputError(messages.tooMuchMemory(file, e.bytes, memoryBytes));
}
