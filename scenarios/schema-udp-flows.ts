/**
 * The scenario's `traffic.udpFlows`: long-lived UDP flows from the client pods to the rolled
 * Service (models/workloads/udp-service-flows.ts). They need a rolling update to meet, and go to
 * its ClusterIP.
 */
import { z } from 'zod';
import { type UdpFlowsConfig, udpServiceFlowParameters as p } from '../models/workloads/udp-flow-records.ts';
import { defaultedField } from './parameter-schema.ts';
import { messages } from './messages.ts';

export const udpFlows = z.strictObject({
  flowsPerClient: defaultedField(p.flowsPerClient),
  datagramsPerS: defaultedField(p.datagramsPerS),
  datagramBytes: defaultedField(p.datagramBytes),
  replyBytes: defaultedField(p.replyBytes),
}).describe('Long-lived UDP flows (one connected socket each) from every client pod to the rolled Service\'s ClusterIP, under controlPlane.rollout.');

type WithUdpFlows = {
  traffic?: { udpFlows?: z.output<typeof udpFlows>; via: string };
  controlPlane?: { rollout?: unknown };
};

export function refineUdpFlows(s: WithUdpFlows, ctx: z.RefinementCtx): void {
  if (!s.traffic?.udpFlows) return;
  if (!s.controlPlane?.rollout) ctx.addIssue({ code: 'custom', path: ['traffic', 'udpFlows'], input: 'present', message: messages.udpFlowsNeedRollout() });
  if (s.traffic.via !== 'clusterIP') ctx.addIssue({ code: 'custom', path: ['traffic', 'via'], input: s.traffic.via, message: messages.udpFlowsViaNodePort() });
}

export function udpFlowsConfig(u: z.output<typeof udpFlows>): UdpFlowsConfig {
  return { ...u };
}
