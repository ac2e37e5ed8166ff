/**
 * Endpoint churn as the API server sees it: changes to Services' EndpointSlices, from three
 * independent Poisson sources over uniformly chosen Services:
 * - pod events (a pod starts or stops): one endpoint changes;
 * - rolling updates (maxSurge 1, maxUnavailable 0): each of the Service's n pods is replaced in
 *   turn, a new pod ready then an old one gone, one endpoint change every `rollingStepNs`: 2n
 *   changes, n the Service's own endpoint count (its group's);
 * - scale-ups: `scaleUpPods` pods become ready together, one change of that many endpoints.
 * Known simplifications: a Service's endpoint count stays n (scale-ups are balanced by unmodelled
 * scale-downs, so the ruleset keeps its size); one EndpointSlice change per step.
 */
import type { Simulation, Streams, RandomStream } from '../../sim/index.ts';
import type { Parameters } from '../parameters.ts';
import type { ServiceGroups } from '../services/service-groups.ts';

/** The churn's rates and sizes (`controlPlane.churn`), declared once. */
export const endpointChurnParameters = {
  podEventsPerS: {
    value: 1, unit: 'events/s', min: 0,
    doc: 'Pod starts and stops over the cluster, each changing one endpoint of a uniformly chosen Service (Poisson).',
    source: 'A choice, not a measurement: a quiet cluster.',
  },
  rollingUpdatesPerS: {
    value: 0, unit: 'updates/s', min: 0,
    doc: "Rolling updates (maxSurge 1, maxUnavailable 0) started over the cluster, each replacing all of a Service's pods (Poisson).",
    source: 'A choice: none.',
  },
  rollingStepMs: {
    value: 2000, unit: 'ms', min: 0, minExclusive: true,
    doc: "Time between two steps of a rolling update (a new pod's start-up to ready).",
    source: 'A choice, not a measurement: a pod ready 2 s after it is created (a small image already pulled).',
  },
  scaleUpsPerS: {
    value: 0, unit: 'scale-ups/s', min: 0,
    doc: 'Scale-ups over the cluster, each adding scaleUpPods endpoints to one Service at once (Poisson).',
    source: 'A choice: none.',
  },
  scaleUpPods: {
    value: 5, unit: 'pods', min: 1, integer: true,
    doc: 'Pods one scale-up makes ready together.',
    source: 'A choice, not a measurement: a Deployment scaled by half of its 10 replicas.',
  },
} as const satisfies Parameters;

export interface ChurnConfig {
  podEventsPerS: number;
  rollingUpdatesPerS: number;
  /** Time between two steps of a rolling update (a pod's start-up to ready), ns. */
  rollingStepNs: number;
  scaleUpsPerS: number;
  scaleUpPods: number;
}

export interface EndpointChange {
  service: number;
  /** Endpoints added or removed. */
  endpoints: number;
}

interface Rollout {
  service: number;
  stepsLeft: number;
}

export class EndpointChurn {
  constructor(
    private readonly sim: Simulation,
    private readonly config: ChurnConfig,
    private readonly groups: ServiceGroups,
    streams: Streams,
    private readonly publish: (change: EndpointChange) => void,
  ) {
    this.poisson(streams.get('churn/pod-events'), config.podEventsPerS, (s) => publish({ service: s, endpoints: 1 }));
    this.poisson(streams.get('churn/rolling-updates'), config.rollingUpdatesPerS, (s) =>
      this.step({ service: s, stepsLeft: 2 * this.groups.endpointsOf(s) }),
    );
    this.poisson(streams.get('churn/scale-ups'), config.scaleUpsPerS, (s) => publish({ service: s, endpoints: config.scaleUpPods }));
  }

  /** Events at `ratePerS` from `stream`, each on a uniformly chosen Service. */
  private poisson(stream: RandomStream, ratePerS: number, fire: (service: number) => void): void {
    if (ratePerS <= 0) return;
    const meanNs = 1e9 / ratePerS;
    const next = (): void => {
      fire(stream.integer(this.groups.services));
      this.sim.schedule(Math.round(stream.exponential(meanNs)), next);
    };
    this.sim.schedule(Math.round(stream.exponential(meanNs)), next);
  }

  private readonly step = (r: Rollout): void => {
    this.publish({ service: r.service, endpoints: 1 });
    if (--r.stepsLeft > 0) this.sim.schedule(this.config.rollingStepNs, this.step, r);
  };
}
