/**
 * The configuration of one point's models, as the scenario layer hands it to an experiment:
 * cluster, backend, cost profile, workload, run length, and optionally Services or the control
 * plane. Plain data, no behaviour: scenarios/ builds it, experiments/ runs it.
 */
import type { DistributionSpec } from '../sim/index.ts';
import type { BackendName } from './backends/backends.ts';
import type { ControlPlaneConfig } from './control-plane/control-plane.ts';
import type { ClusterConfig } from './datapath/cluster.ts';
import type { AddressingConfig } from './datapath/pod-addressing.ts';
import type { ConntrackTimeouts } from './netfilter/conntrack-table.ts';
import type { PolicyConfig } from './policy/network-policy.ts';
import type { IngressConfig } from './services/ingress-controller.ts';
import type { CostProfile } from './profiles/cost-profile.ts';
import type { ProfileName } from './profiles/profiles.ts';
import type { ServiceCatalogueConfig } from './services/service-catalogue.ts';
import type { ProxyConfig } from './services/proxier.ts';
import type { BulkConfig } from './workloads/bulk-transfer.ts';
import type { Arrival } from './workloads/request-response.ts';
import type { ServiceTrafficConfig } from './workloads/service-traffic.ts';
import type { ServiceStreamConfig } from './workloads/service-stream.ts';
import type { EgressTrafficConfig } from './workloads/egress-traffic.ts';
import type { UdpFlowsConfig } from './workloads/udp-flow-records.ts';

export interface ModelConfig {
  profile: ProfileName;
  costs: Partial<CostProfile>;
  cluster: ClusterConfig;
  network: { backend: BackendName };
  workload: {
    /** bulk: iperf-like streams, plus the request/response below as a latency probe when
     *  `bulk.probe` is set; station: the arrivals served by one station of cores, no network. */
    kind: 'request-response' | 'bulk' | 'station';
    bulk?: BulkConfig & {
      probe: boolean; service: ServiceStreamConfig | null;
      /** Bulk UDP senders (iperf3 -u) instead of TCP streams, with UDP_SEGMENT/UDP_GRO when
       *  `gso` (workloads/udp-bulk.ts); TCP when absent. */
      udp?: { gso: boolean };
    };
    clientNode: number;
    serverNode: number;
    arrival: Arrival;
    requestBytes: number;
    responseBytes: number;
    serviceTime: DistributionSpec;
  };
  run: { durationNs: number; warmupNs: number };
  /** Services, proxy mode, conntrack and client traffic; replaces `workload` when present. */
  services?: ServiceModelConfig;
  /** kube-proxy on every node under endpoint churn, beside the workload. */
  controlPlane?: ControlPlaneConfig;
}

export interface ServiceModelConfig {
  /** The cluster's pod and Service addresses. */
  addressing: AddressingConfig;
  catalogue: ServiceCatalogueConfig;
  proxy: ProxyConfig;
  conntrack: {
    /** nf_conntrack_max; null: kube-proxy's max(min, per-core × cores). */
    max: number | null;
    /** Hash buckets; null: kube-proxy's max / 4. */
    buckets: number | null;
    timeoutsNs: Partial<ConntrackTimeouts>;
    /** Sampling interval of the entries series, ns. */
    sampleNs: number;
  };
  traffic: ServiceTrafficConfig;
  /** Egress to an outside address through MASQUERADE instead of the Service traffic; absent: none. */
  egress?: EgressTrafficConfig;
  /** NetworkPolicies on the called pods; absent: none. */
  policies?: PolicyConfig;
  /** Long-lived UDP flows to the rolled Service (udp-service-flows.ts); absent: none. */
  udpFlows?: UdpFlowsConfig;
  /** An Ingress controller in front of the Services; absent: none. */
  ingress?: IngressConfig;
}

