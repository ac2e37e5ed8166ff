/**
 * Scenario fields for the pod network and its traffic (issue 3): the cluster's addressing (pod
 * CIDRs carved from the cluster CIDR, sized to fit 5,000 nodes by default), the NIC's RSS hash,
 * the backend, the bulk-transfer workload, and the overlay cost constants. Spread into the
 * objects of schema.ts; `checkNetwork` adds the checks that span fields.
 */
import { z } from 'zod';
import { addressingProblem, podAddressingParameters } from '../models/datapath/pod-addressing.ts';
import { bulkCongestion, bulkTransferParameters } from '../models/workloads/bulk-transfer.ts';
import { defaultedField, optionalField } from './parameter-schema.ts';
import { clusterParameters } from '../models/datapath/cluster.ts';
import { messages } from './messages.ts';
import { backendNames } from '../models/backends/backends.ts';

export const clusterNetworkFields = {
  /** Cluster CIDR (kube-controller-manager --cluster-cidr). A /11 split into /24s holds 8,192
   *  nodes (flannel's default 10.244.0.0/16 holds 256). */
  clusterCidr: z.string().default('10.0.0.0/11'),
  nodeCidrMaskSize: defaultedField(podAddressingParameters.nodeCidrMaskSize),
  podsPerNode: defaultedField(podAddressingParameters.podsPerNode),
  /** RSS hashes UDP ports too (ethtool -N ethX rx-flow-hash udp4 sdfn); the profile's NIC
   *  default when absent (ixgbe: no; ice, i40e: yes). */
  rxHashUdpPorts: z.boolean().optional()
    .describe("Whether the NIC's RSS hashes UDP ports (ethtool -N ethX rx-flow-hash udp4 sdfn). Absent: the profile's NIC default (podpath profiles: ixgbe addresses only, ice and i40e ports too)."),
  /** Underlay MTU of the nodes' interfaces, bytes (1500, 9000 …); the profile's when absent. The
   *  pod MTU is it less the backend's overhead. */
  mtu: optionalField(clusterParameters.mtu),
  /** Offload switches (ethtool -K) and GSO/GRO sizes; each absent one is the profile's. */
  offloads: z.strictObject({
    tso: z.boolean().optional(),
    gso: z.boolean().optional(),
    gro: z.boolean().optional(),
    checksum: z.boolean().optional(),
    udpTunnel: z.boolean().optional(),
    gsoMaxBytes: optionalField(clusterParameters.gsoMaxBytes),
    groMaxBytes: optionalField(clusterParameters.groMaxBytes),
  }).optional(),
};

export const backend = z.enum(backendNames);

export const bulk = z.strictObject({
  streams: defaultedField(bulkTransferParameters.streams),
  windowSegments: defaultedField(bulkTransferParameters.windowSegments),
  blockBytes: defaultedField(bulkTransferParameters.blockBytes),
  ackEverySegments: defaultedField(bulkTransferParameters.ackEverySegments),
  congestion: z.enum(bulkCongestion.values).default(bulkCongestion.value)
    .describe(`${bulkCongestion.doc} Default ${bulkCongestion.value}. Source: ${bulkCongestion.source}`),
  /** Also run the request/response workload as a latency probe on its own connection. */
  probe: z.boolean().default(false),
  /** pod: to the server pod's IP on the bare pod network (no netfilter modelled); clusterIP: to a
   *  Service through proxy.mode among services.count Services (proxy.mode none: the pod IP with
   *  conntrack tracking). */
  via: z.enum(['pod', 'clusterIP']).default('pod'),
  /** tcp: the TCP streams above; udp: bulk UDP senders (iperf3 -u -b 0), packet-rate bound. */
  protocol: z.enum(['tcp', 'udp']).optional()
    .describe('tcp: TCP streams (iperf3); udp: bulk UDP senders, one sender and one reader thread a flow, every datagram (the pod MSS, iperf3 -u\'s default length) a sendto() and a recvfrom() and a full stack pass, no window (models/workloads/udp-bulk.ts). Absent: tcp.'),
  /** With protocol udp: the sender sets UDP_SEGMENT and the receiver UDP_GRO. */
  udpGso: z.boolean().optional()
    .describe('With protocol udp: the application sets UDP_SEGMENT (Linux 4.18) on the sender, so one sendto() hands down up to gso_max_size of datagrams cut by software GSO, and UDP_GRO (5.0) on the receiver. Absent: off (iperf3 -u sets neither).'),
});

interface NetworkScenario {
  cluster: { clusterCidr: string; nodeCidrMaskSize: number; nodes: number; podsPerNode: number };
  workload: { clientNode: number; serverNode: number; bulk: { windowSegments: number; ackEverySegments: number; via: string; protocol?: string; udpGso?: boolean } };
}

/** Cross-field checks: addressing fits the nodes and pods; a window holds an ACK's worth. */
export function checkNetwork(s: NetworkScenario, ctx: z.RefinementCtx): void {
  const problem = addressingProblem(s.cluster);
  if (problem) ctx.addIssue({ code: 'custom', path: problem.fields, input: problem.value, message: problem.allowed });
  const b = s.workload.bulk;
  if (b.windowSegments < b.ackEverySegments) {
    ctx.addIssue({
      code: 'custom', path: ['workload', 'bulk', 'windowSegments'], input: b.windowSegments,
      message: `must be >= workload.bulk.ackEverySegments = ${b.ackEverySegments}`,
    });
  }
  if (b.udpGso !== undefined && b.protocol !== 'udp') {
    ctx.addIssue({ code: 'custom', path: ['workload', 'bulk', 'udpGso'], input: b.udpGso, message: messages.udpOnly('udpGso') });
  }
  if (b.protocol === 'udp' && b.via !== 'pod') {
    ctx.addIssue({ code: 'custom', path: ['workload', 'bulk', 'via'], input: b.via, message: messages.udpOnly('via: clusterIP', 'a bulk UDP flow goes to the pod IP only (protocol udp)') });
  }
  if (b.protocol === 'udp' && s.workload.clientNode === s.workload.serverNode) {
    ctx.addIssue({ code: 'custom', path: ['workload', 'serverNode'], input: s.workload.serverNode, message: 'must differ from workload.clientNode with workload.bulk.protocol udp (a bulk UDP flow runs between two nodes)' });
  }
}
