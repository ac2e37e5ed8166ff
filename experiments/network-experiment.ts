/**
 * One replication of a network point without Services: the cluster, backend and workload
 * (request/response, bulk streams, or both, optionally the control plane beside them) with their
 * collectors on a fresh simulation, run through the replication cycle (replication.ts).
 */
import { Simulation, Streams } from '../sim/index.ts';
import { backendOf } from '../models/backends/backends.ts';
import { ControlPlane } from '../models/control-plane/control-plane.ts';
import { Cluster } from '../models/datapath/cluster.ts';
import type { ModelConfig } from '../models/model-config.ts';
import { resolveProfile } from '../models/profiles/profiles.ts';
import { BulkTransfer } from '../models/workloads/bulk-transfer.ts';
import { RequestResponse } from '../models/workloads/request-response.ts';
import { UdpBulk } from '../models/workloads/udp-bulk.ts';
import { serviceStream } from '../models/workloads/service-stream.ts';
import { BackendCollector } from './collectors/backend-collector.ts';
import { ControlPlaneCollector } from './collectors/control-plane-collector.ts';
import { NodeCpuCollector } from './collectors/node-cpu-collector.ts';
import { PathCollector } from './collectors/path-collector.ts';
import { RequestCollector } from './collectors/request-collector.ts';
import { type Collector, MeasuredPeriod, replicate } from './replication.ts';
import type { ReplicationResult } from './replication-result.ts';
import { ConservationCheck } from './collectors/conservation-check.ts';
import { DropCollector } from './collectors/drop-collector.ts';
import { TcpCollector } from './collectors/tcp-collector.ts';

export function runNetworkReplication(config: ModelConfig, seed: number, replication: number): ReplicationResult {
  const w = config.workload;
  const sim = new Simulation();
  const period = new MeasuredPeriod(config.run);
  const streams = new Streams(seed, replication);
  const profile = resolveProfile(config.profile, config.costs);
  const backend = backendOf(config.network.backend);
  const cluster = new Cluster(sim, config.cluster, profile, backend);
  const client = { name: 'client', node: w.clientNode };
  const server = { name: 'server', node: w.serverNode };
  const netfilter = w.kind === 'bulk' && w.bulk?.service ? serviceStream(cluster, w.bulk.service, w.clientNode, w.serverNode, streams) : null;
  const udp = w.kind === 'bulk' && w.bulk?.udp ? new UdpBulk(sim, cluster, client, server, { streams: w.bulk.streams, gso: w.bulk.udp.gso }) : null;
  const bulk = w.kind === 'bulk' && w.bulk && !udp ? new BulkTransfer(sim, cluster, client, server, w.bulk, 1, netfilter) : null;
  const rr = (!bulk && !udp) || w.bulk?.probe ? new RequestResponse(sim, cluster, client, server, w, streams) : null;
  const cp = config.controlPlane && new ControlPlane(sim, cluster, config.controlPlane, profile, streams);

  const requests = rr ? new RequestCollector(sim, period, { answered: rr.answered }, null) : null;
  const collectors: Collector[] = [
    ...(requests ? [requests] : []),
    new PathCollector(sim, period, cluster.carrier, requests && { collector: requests, bytes: w.requestBytes + w.responseBytes }, bulk ?? udp),
    new NodeCpuCollector(cluster, period, { client_node: w.clientNode, server_node: w.serverNode }),
    new BackendCollector(cluster, backend, netfilter?.rules ?? null),
    ...(cp ? [new ControlPlaneCollector(cp, config.controlPlane!, period)] : []),
    new DropCollector(sim, cluster, period, { client_node: w.clientNode, server_node: w.serverNode }, {
      generators: rr?.generator ? [rr.generator] : [], lost: () => rr?.lost ?? 0,
    }, !bulk && !udp),
    ...(bulk?.firstWindow ? [new TcpCollector(sim, period, [bulk.retransmits], bulk.firstWindow)] : []),
    new ConservationCheck(cluster.carrier),
  ];
  return replicate({ sim, collectors, resetStats: () => cluster.resetStats() }, period);
}
