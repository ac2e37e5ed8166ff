/**
 * NetworkPolicy as the data path sees it: `count` ingress policies apply to the endpoint pods the
 * clients call, in evaluation order, and only the last one allows the clients (Romana's benchmark
 * shape: N non-matching policies ahead of the matching one). Each policy has `rulesPerPolicy`
 * rules, and each of its selectors matches `selectorPods` pods. An enforcer says what a new
 * connection's first packet and what a later packet into a policed pod cost at the pod's node's
 * crossing, and names the steps `podpath trace` shows. With `count` 0 no policy selects the pods:
 * they are not isolated and nothing is walked. Two enforcements: `iptables` (per-pod chains, the
 * Calico/kube-router/Romana way: iptables-policy-chains.ts) and `ebpf` (a per-endpoint policy map,
 * the Cilium way: ebpf-policy-map.ts), chosen by name in policy-enforcers.ts. Known simplifications: ingress policies only (the client's
 * egress chain is not walked); the policies all apply to the called pods.
 */
import type { NetfilterStep } from '../netfilter/netfilter-hooks.ts';
import type { Parameters } from '../parameters.ts';

/** The scenario's `policies:` knobs, declared once (units, defaults, ranges, sources). */
export const policyParameters = {
  count: {
    value: 1, unit: 'policies', min: 0, max: 1_000_000, integer: true,
    doc: 'Ingress NetworkPolicies applying to the called pods, evaluated in order; only the last allows the clients (0: the pods are not isolated).',
    source: "The shape of Romana's benchmark (published.json romana-2016-network-policy): N non-matching policies ahead of the matching one.",
  },
  rulesPerPolicy: {
    value: 1, unit: 'rules', min: 1, integer: true,
    doc: 'Ingress rules per policy (each one iptables rule with an ipset match, or one policy map entry per endpoint).',
    source: 'One `from` peer with one port, the smallest policy; Romana notes applications configure "a few dozen rules per segment".',
  },
  selectorPods: {
    value: 10, unit: 'pods', min: 1, integer: true,
    doc: "Pods each policy's selectors match: the policed pods (spread over the nodes) and the peers in its ipset.",
    source: 'A Deployment of 10 pods, as the bundled Services have 10 endpoints.',
  },
  changesPerS: {
    value: 10, unit: '/s', min: 0,
    doc: 'Policy updates published at the API server per second (Poisson), each programmed on every node.',
    source: 'A busy multi-tenant cluster; no published rate. Drives programming latency only.',
  },
  watchDelayMs: {
    value: 20, unit: 'ms', min: 0, minExclusive: true,
    doc: 'Mean API server → policy agent watch delivery delay (lognormal with watchDelayCv).',
    source: "The same default as the kube-proxy control plane's watch delay (scenarios/schema-control-plane.ts).",
  },
  watchDelayCv: {
    value: 1, unit: 'ratio', min: 0,
    doc: 'Coefficient of variation of the watch delivery delay (0: constant).',
    source: "The same default as the kube-proxy control plane's watch delay (scenarios/schema-control-plane.ts).",
  },
} as const satisfies Parameters;

export const policyEnforcements = ['iptables', 'ebpf'] as const;
export type PolicyEnforcement = (typeof policyEnforcements)[number];

export interface PolicyConfig {
  count: number;
  rulesPerPolicy: number;
  selectorPods: number;
  enforcement: PolicyEnforcement;
  /** Policy updates published at the API server per second (Poisson), for programming latency. */
  changesPerS: number;
  /** API server → policy agent watch delivery delay, lognormal (cv 0: constant). */
  watchDelay: { meanNs: number; cv: number };
}

export interface PolicyEnforcer {
  readonly enforcement: PolicyEnforcement;
  /** CPU of a new connection's first packet (the SYN) into a policed pod, ns, and the rules it
   *  walks (iptables; 0 for the map lookup). */
  readonly newFlowNs: number;
  readonly newFlowRulesWalked: number;
  /** CPU of a later packet of the connection into the pod, ns. */
  readonly establishedNs: number;
  /** The steps of a new flow's first packet, and of a later packet, as `trace` names them. */
  newFlowSteps(): NetfilterStep[];
  establishedSteps(): NetfilterStep[];
}
