/**
 * The pod-IP baseline (proxy.mode none) beside a Service, and same-node endpoints: no rules and
 * no selection, the same conntrack entries (the flow is still tracked), a shorter first packet;
 * endpoints on the client's node keep every packet off the wire.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runServiceReplication } from '../../../experiments/service-experiment.ts';
import type { ModelConfig, ServiceModelConfig } from '../../../models/model-config.ts';
import type { ProxyMode } from '../../../models/services/proxier.ts';
import type { EndpointPlacement } from '../../../models/services/service-catalogue.ts';
import { defaultClientCpu } from '../../../models/workloads/client-application.ts';
import { recorded } from '../../sim/recorded.ts';

const config: ModelConfig = {
  profile: 'xeon-2019-10gbe', costs: {},
  cluster: { nodes: 11, coresPerNode: 8, rxQueues: 8, linkGbps: 10 },
  network: { backend: 'host-gw' },
  workload: {
    kind: 'request-response', clientNode: 0, serverNode: 1, arrival: { kind: 'open', rateRps: 1 },
    requestBytes: 64, responseBytes: 64, serviceTime: { kind: 'constant', valueNs: 0 },
  },
  run: { durationNs: 0.5e9, warmupNs: 0.05e9 },
};

function run(mode: ProxyMode, services: number, placement: EndpointPlacement = 'otherNodes') {
  const s: ServiceModelConfig = {
    addressing: { clusterCidr: '10.0.0.0/11', nodeCidrMaskSize: 24, nodes: 11, podsPerNode: 110 },
    catalogue: { services, endpointsPerService: 10, nodePortServices: 0, targetServices: 1, popularity: { kind: 'uniform' }, placement },
    proxy: { mode, version: 'current', scheduler: 'rr', via: 'clusterIP' },
    conntrack: { max: null, buckets: null, timeoutsNs: {}, sampleNs: 1e9 },
    traffic: {
      clientNodes: [0], arrival: { kind: 'open', rateRps: 1000 }, clientCpu: defaultClientCpu, clientThreads: 1, serverThreads: null,
      requestsPerConnection: 1, requestBytes: 64, responseBytes: 1024, serviceTime: { kind: 'exponential', meanNs: 50_000 }, dns: null,
    },
  };
  return runServiceReplication(config, s, 4, 0).metrics;
}

test('pod IP against a Service: no rules, no selection, the same conntrack entries, a shorter first packet', () => {
  const direct = run('none', 0);
  const nft = run('nftables', 1000);
  assert.equal(direct.rules, 0);
  assert.equal(direct.rules_evaluated_per_connection, 0);
  assert.equal(direct.conntrack_entries, nft.conntrack_entries);
  assert.ok((direct.conntrack_entries as number) > 400);
  const fp = (m: typeof direct) => recorded(m.first_packet_latency_ms).mean;
  assert.ok(fp(direct) < fp(nft), `${fp(direct)} vs ${fp(nft)}`);
});

test('endpoints on the client node: nothing crosses to another node, requests are faster', () => {
  const local = run('iptables', 1000, 'clientNode');
  const remote = run('iptables', 1000, 'otherNodes');
  assert.equal((local.cpu_cores as Record<string, number>).server_nodes, 0);
  const mean = (m: typeof local) => recorded(m.request_latency_ms).mean;
  assert.ok(mean(local) < mean(remote), `${mean(local)} vs ${mean(remote)}`);
  assert.equal(local.requests_unfinished, 0);
});
