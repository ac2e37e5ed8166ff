/**
 * A Deployment's rolling update, as the Deployment controller runs it (pkg/controller/deployment/
 * rolling.go), and the EndpointSlice changes its pods make. The Deployment has `pods` replicas, old
 * pods 0..pods-1 all ready at the start; the update replaces them with new pods pods..2·pods-1.
 * Whenever a pod changes the controller reconciles at once:
 * - scale up the new ReplicaSet while old + new pods (not terminating) < pods + maxSurge
 *   (NewRSNewReplicas), up to `pods` new pods;
 * - scale down the old one by available − (pods − maxUnavailable) pods (reconcileOldReplicaSets'
 *   maxScaledDown: all pods − minAvailable − the new ones not yet ready), lowest index first.
 * A terminating pod no longer counts (the ReplicaSet's replicas exclude pods being deleted), so a
 * new pod may start while an old one is still serving its grace period. Each pod change is one
 * EndpointSlice change of the Service (the EndpointSlice controller's default batch period is 0):
 * a new pod is listed not ready when created and ready `readinessDelayNs` later (its start-up and
 * first readiness probe); a deleted old pod's endpoint is marked terminating (ready false, serving
 * true) and the pod serves for `terminationGraceNs` (its preStop and drain) before it exits, its IP
 * is unassigned and the endpoint leaves the slice. maxSurge and maxUnavailable are pod counts or
 * percentages of the replicas, resolved as the controller does (`resolveFenceposts`). Known
 * simplifications: minReadySeconds is 0; the controller and the
 * EndpointSlice controller react without delay; the scheduler places new pod j on the catalogue's
 * placement of endpoint pods + j (the next nodes round the placement).
 */
import { type Simulation, TraceSource } from '../../sim/index.ts';
import type { Parameters } from '../parameters.ts';

/** The rolling update's knobs (`controlPlane.rollout`), declared once. */
export const rollingUpdateParameters = {
  service: {
    value: 0, unit: 'Service', min: 0, integer: true,
    doc: "The Service whose Deployment rolls (an index into the services: catalogue); its endpointsPerService is the Deployment's replicas.",
    source: 'A choice: the first Service, the one traffic.target names first.',
  },
  maxSurge: {
    value: 1, unit: 'pods', min: 0, integer: true,
    doc: 'Pods the update may run above the replicas (Deployment spec.strategy.rollingUpdate.maxSurge): a count, or a percentage of the replicas ("25%", rounded up).',
    source: 'A choice: 1; the Kubernetes default is 25% of the replicas, rounded up.',
  },
  maxUnavailable: {
    value: 0, unit: 'pods', min: 0, integer: true,
    doc: 'Pods the update may leave unavailable below the replicas (spec.strategy.rollingUpdate.maxUnavailable): a count, or a percentage of the replicas up to "100%" (rounded down).',
    source: 'A choice: 0, so every step waits for a new pod to be ready; the Kubernetes default is 25%, rounded down.',
  },
  readinessDelayMs: {
    value: 2000, unit: 'ms', min: 0, minExclusive: true,
    doc: 'From a new pod\'s creation until it is ready (scheduling, image, start-up, the first readiness probe).',
    source: 'A choice, not a measurement: a small image already pulled, ready in 2 s (as controlPlane.churn.rollingStepMs).',
  },
  terminationGraceMs: {
    value: 0, unit: 'ms', min: 0,
    doc: 'How long a deleted old pod keeps serving (its preStop sleep and drain) before it exits and its IP is unassigned; at most terminationGracePeriodSeconds.',
    source: 'A choice: 0, an application that exits at SIGTERM without a preStop hook (Kubernetes\' terminationGracePeriodSeconds of 30 s only bounds it).',
  },
  startMs: {
    value: 15_000, unit: 'ms', min: 0,
    doc: 'When the update starts, from the start of the run.',
    source: 'A choice: after the bundled scenarios\' warm-up.',
  },
} as const satisfies Parameters;

/** maxSurge or maxUnavailable as a Deployment writes it: a count of pods or a percentage of the
 *  replicas (intstr.IntOrString, "25%"). */
export type IntOrPercent = number | `${number}%`;

/** The pods a count or percentage comes to for `replicas`: a percentage rounded up or down
 *  (k8s.io/apimachinery intstr.GetScaledValueFromIntOrPercent). */
function scaled(value: IntOrPercent, replicas: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  const pods = (Number.parseInt(value, 10) * replicas) / 100;
  return roundUp ? Math.ceil(pods) : Math.floor(pods);
}

/**
 * Kubernetes' ResolveFenceposts (pkg/controller/deployment/util/deployment_util.go): maxSurge
 * rounded up, maxUnavailable rounded down against the replicas; when both come to 0 (validation
 * refuses both written as 0, but "10%" of 4 replicas rounds down to 0) maxUnavailable is 1, "on the
 * theory that surge might not work due to quota".
 */
export function resolveFenceposts(maxSurge: IntOrPercent, maxUnavailable: IntOrPercent, replicas: number): { maxSurge: number; maxUnavailable: number } {
  const surge = scaled(maxSurge, replicas, true);
  const unavailable = scaled(maxUnavailable, replicas, false);
  return { maxSurge: surge, maxUnavailable: surge === 0 && unavailable === 0 ? 1 : unavailable };
}

/** A count or percentage as written is 0 (0, "0%"): Kubernetes' validation refuses both at 0. */
export function writtenZero(value: IntOrPercent): boolean {
  return (typeof value === 'number' ? value : Number.parseInt(value, 10)) === 0;
}

export interface RollingUpdateConfig {
  service: number;
  pods: number;
  maxSurge: IntOrPercent;
  maxUnavailable: IntOrPercent;
  readinessDelayNs: number;
  terminationGraceNs: number;
  startNs: number;
  /** The old pods' nodes leave with them (a drained node removed): their packets are lost. */
  nodesGone: boolean;
}

/** A pod's state as its EndpointSlice endpoint shows it; `gone`: out of the slice. */
export type PodState = 'pending' | 'ready' | 'terminating' | 'gone';

/** One EndpointSlice change: pod `pod` entered `state`; `change` is the control plane's id. */
export interface PodChange {
  change: number;
  timeNs: number;
  pod: number;
  state: PodState;
}

/** When the update's phases happened, ns; -1: not yet. */
export interface RolloutPhases {
  startNs: number;
  firstNewReadyNs: number;
  lastOldDeletedNs: number;
  lastNewReadyNs: number;
  lastOldGoneNs: number;
}

export class RollingUpdate {
  /** Every pod change, in order. */
  readonly changes: PodChange[] = [];
  readonly changed = new TraceSource<PodChange>();
  readonly phases: RolloutPhases = { startNs: -1, firstNewReadyNs: -1, lastOldDeletedNs: -1, lastNewReadyNs: -1, lastOldGoneNs: -1 };
  /** Each pod's state now (old pods, then new ones). */
  readonly state: PodState[];
  private oldActive: number;
  private nextOld = 0;
  private created = 0;
  private ready = 0;
  /** maxSurge and maxUnavailable in pods (resolveFenceposts). */
  readonly maxSurge: number;
  readonly maxUnavailable: number;

  constructor(
    private readonly sim: Simulation,
    readonly config: RollingUpdateConfig,
    /** Publishes one endpoint change of the Service at the API server; returns its id. */
    private readonly publish: (service: number) => number,
  ) {
    const n = config.pods;
    if (writtenZero(config.maxSurge) && writtenZero(config.maxUnavailable)) throw new RangeError('maxSurge and maxUnavailable cannot both be 0');
    ({ maxSurge: this.maxSurge, maxUnavailable: this.maxUnavailable } = resolveFenceposts(config.maxSurge, config.maxUnavailable, n));
    this.state = Array.from({ length: 2 * n }, (_, p): PodState => (p < n ? 'ready' : 'gone'));
    this.oldActive = n;
    sim.at(config.startNs, () => {
      this.phases.startNs = sim.now;
      this.reconcile();
    });
  }

  /** Whether pod `p` is ready at the API server now. */
  isReady(p: number): boolean {
    return this.state[p] === 'ready';
  }

  private set(pod: number, state: PodState): void {
    this.state[pod] = state;
    const c: PodChange = { change: this.publish(this.config.service), timeNs: this.sim.now, pod, state };
    this.changes.push(c);
    if (this.changed.active) this.changed.emit(c);
  }

  private reconcile(): void {
    const { pods: n, readinessDelayNs } = this.config;
    const { maxSurge, maxUnavailable } = this;
    for (;;) {
      if (this.created < n && this.oldActive + this.created < n + maxSurge) {
        const p = n + this.created++;
        this.set(p, 'pending');
        this.sim.schedule(readinessDelayNs, this.becomeReady, p);
        continue;
      }
      const scaleDown = Math.min(this.oldActive, this.oldActive + this.ready - (n - maxUnavailable));
      if (scaleDown > 0) {
        this.remove(this.nextOld++);
        continue;
      }
      return;
    }
  }

  private readonly becomeReady = (p: number): void => {
    this.ready++;
    if (this.phases.firstNewReadyNs < 0) this.phases.firstNewReadyNs = this.sim.now;
    if (this.ready === this.config.pods) this.phases.lastNewReadyNs = this.sim.now;
    this.set(p, 'ready');
    this.reconcile();
  };

  private remove(p: number): void {
    this.oldActive--;
    if (this.oldActive === 0) this.phases.lastOldDeletedNs = this.sim.now;
    this.set(p, 'terminating');
    if (this.config.terminationGraceNs === 0) this.exit(p);
    else this.sim.schedule(this.config.terminationGraceNs, this.exit, p);
  }

  private readonly exit = (p: number): void => {
    if (p === this.config.pods - 1) this.phases.lastOldGoneNs = this.sim.now;
    this.set(p, 'gone');
  };
}
