/**
 * The scenario's `ingress:` section: an nginx-like Ingress controller (ingress-nginx) in front of
 * the Services the `traffic:` clients call (models/services/ingress-controller.ts). Only with
 * `traffic:`; not with the parts of the Service model that assume the client reaches the Service
 * itself (DNS lookups, egress, NetworkPolicies, the Service options, the userspace proxy).
 * Numeric knobs come from the model's defaults object.
 */
import { z } from 'zod';
import { type IngressConfig, ingressParameters as p } from '../models/services/ingress-controller.ts';
import { defaultedField, optionalField } from './parameter-schema.ts';
import { messages } from './messages.ts';

export const ingress = z.strictObject({
  /** false: the same scenario straight to the Service (a compared baseline). */
  enabled: z.boolean().default(true).describe('false: the clients call the Service straight (the baseline beside the Ingress); default true.'),
  /** Nodes holding a controller replica, one each; absent: the first node that holds no client. */
  nodes: z.array(z.number().int().min(0)).min(1).optional()
    .describe('Nodes holding an ingress-nginx controller replica, one each; absent: the first node without a client pod.'),
  workers: optionalField(p.workers),
  upstreamKeepalive: defaultedField(p.upstreamKeepalive),
  onNodeCores: z.boolean().default(false).describe("true: the workers' jobs queue on their node's cores with the kernel's task work and any backend there (nginx without a CPU limit on a small node); false: a station of `workers` servers of their own; default false."),
  tls: z.boolean().default(false).describe('Terminate TLS at the controller (ECDHE-RSA-2048 handshake per new client connection, AES-128-GCM records); default false.'),
});

export type IngressScenario = z.output<typeof ingress>;

interface WithIngress {
  ingress?: IngressScenario;
  traffic?: { clientNodes: number[] | { first: number; count: number }; dnsAnswerUs?: number; egress?: unknown; via: string };
  policies?: unknown;
  controlPlane?: unknown;
  cluster: { nodes: number; zones?: number };
  proxy: { mode: string };
  services: { externalTrafficPolicy?: string; sessionAffinity?: string; trafficDistribution?: string };
}

export function ingressConfig(s: IngressScenario, clientNodes: number[], nodes: number): IngressConfig {
  const free = Array.from({ length: nodes }, (_, i) => i).find((n) => !clientNodes.includes(n)) ?? 0;
  return { enabled: s.enabled, nodes: s.nodes ?? [free], workers: s.workers ?? null, upstreamKeepalive: s.upstreamKeepalive, tls: s.tls, onNodeCores: s.onNodeCores };
}

/** `ingress` needs the Service model and none of what assumes the client reaches the Service. */
export function refineIngress(s: WithIngress, ctx: z.RefinementCtx): void {
  const g = s.ingress;
  if (!g) return;
  const issue = (path: (string | number)[], input: unknown, message: string) => ctx.addIssue({ code: 'custom', path, input, message });
  if (!s.traffic) {
    issue(['ingress'], 'present', 'needs traffic: the controller proxies the Service traffic (add a traffic section)');
    return;
  }
  const conflicts: [string[], unknown, string][] = [
    [['traffic', 'dnsAnswerUs'], s.traffic.dnsAnswerUs, 'DNS lookups'],
    [['traffic', 'egress'], s.traffic.egress === undefined ? undefined : 'present', 'egress'],
    [['traffic', 'via'], s.traffic.via === 'nodePort' ? 'nodePort' : undefined, 'a NodePort'],
    [['policies'], s.policies === undefined ? undefined : 'present', 'NetworkPolicies'],
    [['services', 'externalTrafficPolicy'], s.services.externalTrafficPolicy, 'externalTrafficPolicy'],
    [['services', 'sessionAffinity'], s.services.sessionAffinity === 'ClientIP' ? 'ClientIP' : undefined, 'session affinity'],
    [['services', 'trafficDistribution'], s.services.trafficDistribution, 'topology-aware routing'],
  ];
  for (const [path, input, what] of conflicts) {
    if (input !== undefined) issue(path, input, `cannot be given with ingress: ${what} with an Ingress controller in front is not modelled (remove one of them)`);
  }
  // A whole section: named, not printed (its value would be the section's every field).
  if (s.controlPlane !== undefined) ctx.addIssue({ code: 'custom', path: ['controlPlane'], input: 'present', params: { section: true }, message: messages.controlPlaneWithIngress() });
  if (s.proxy.mode === 'userspace') issue(['proxy', 'mode'], 'userspace', 'cannot be userspace with ingress (the controller connects to pod IPs; use iptables, ipvs, nftables, ebpf or none)');
  g.nodes?.forEach((n, i) => {
    if (n >= s.cluster.nodes) issue(['ingress', 'nodes', i], n, `must be a node index below cluster.nodes = ${s.cluster.nodes}`);
    else if (g.nodes!.indexOf(n) !== i) issue(['ingress', 'nodes', i], n, 'is listed twice (one controller replica per node)');
  });
}
