/**
 * A bulk stream via a ClusterIP: goodput is the closed form of its bottleneck with netfilter's
 * per-segment work added (the receiving softirq core: conntrack hit and filter rules on each data
 * segment and on each ACK it sends); through the userspace proxy it is one proxy thread's relay
 * per segment; the pod-IP baseline (proxy.mode none) keeps only conntrack.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation, Streams } from '../../../sim/index.ts';
import { Cluster } from '../../../models/datapath/cluster.ts';
import { costProfiles } from '../../../models/profiles/profiles.ts';
import { type BackendName, backendOf } from '../../../models/backends/backends.ts';
import type { ModelConfig } from '../../../models/model-config.ts';
import type { ProxyMode } from '../../../models/services/proxier.ts';
import { serviceStream, type ServiceStreamConfig } from '../../../models/workloads/service-stream.ts';
import { runReplication } from '../../../experiments/experiment.ts';

const profile = costProfiles['xeon-2019-10gbe'];
const clusterConfig = { nodes: 2, coresPerNode: 8, rxQueues: 8, rxHashUdpPorts: false, linkGbps: 10 };

function service(mode: ProxyMode): ServiceStreamConfig {
  return {
    addressing: { clusterCidr: '10.0.0.0/11', nodeCidrMaskSize: 24, nodes: 2, podsPerNode: 110 },
    proxy: { mode, version: 'current', scheduler: 'rr', via: 'clusterIP' },
    catalogue: { services: 1000, endpointsPerService: 1, nodePortServices: 0, targetServices: 1, popularity: { kind: 'uniform' }, placement: 'otherNodes' },
  };
}

function config(mode: ProxyMode | null, backend: BackendName = 'vxlan'): ModelConfig {
  return {
    profile: 'xeon-2019-10gbe', costs: {}, cluster: clusterConfig, network: { backend },
    workload: {
      kind: 'bulk', bulk: { streams: 1, windowSegments: 16, blockBytes: 131072, ackEverySegments: 2, congestion: 'fixed', probe: false, service: mode ? service(mode) : null },
      clientNode: 0, serverNode: 1, arrival: { kind: 'open', rateRps: 1 },
      requestBytes: 64, responseBytes: 64, serviceTime: { kind: 'constant', valueNs: 0 },
    },
    run: { durationNs: 20_000_000, warmupNs: 10_000_000 },
  };
}

const mbps = (mode: ProxyMode | null, backend: BackendName = 'vxlan') => runReplication(config(mode, backend), 1, 0).metrics.throughput_mbps as number;

test('via a ClusterIP (iptables): goodput is the receiving softirq core with netfilter work per data segment and per ACK', () => {
  const c = new Cluster(new Simulation(), clusterConfig, profile, backendOf('vxlan'));
  const nf = serviceStream(c, service('iptables'), 0, 1, new Streams(1, 0));
  const client = { name: 'client', node: 0 }, server = { name: 'server', node: 1 };
  const data = c.stages(client, server, { payloadBytes: c.mssBytes, messageBytes: 131072, first: false, last: false, flow: 1 });
  const ack = c.stages(server, client, { payloadBytes: 0, messageBytes: 0, first: false, last: false, flow: 1, ack: true });
  const on = (stages: typeof data) => stages.filter((s) => s.node === 1 && s.resource === 'softirq').reduce((n, s) => n + s.ns, 0);
  const perSegmentNs = on(data) + nf.data.receiverNs + (on(ack) + nf.ack.senderNs) / 2;
  const expected = (c.mssBytes * 8 * 1e3) / perSegmentNs;
  const got = mbps('iptables');
  assert.ok(Math.abs(got / expected - 1) < 0.02, `${got} vs closed form ${expected}`);
  assert.ok(got < mbps(null), 'slower than the bare pod network');
});

test('through the userspace proxy (host-gw): one thread relays every segment, goodput = MSS / relay time', () => {
  const p = profile, mss = 1448;
  const relayNs = Math.round(p.wakeupNs + 2 * p.syscallNs + 2 * p.copyNsPerByte * mss + p.tcpRxNs + p.tcpTxNs);
  assert.ok(mbps(null, 'host-gw') > 1.1 * (mss * 8 * 1e3) / relayNs, 'the bare path is faster than the proxy thread');
  const m = runReplication(config('userspace', 'host-gw'), 1, 0).metrics;
  assert.ok((m.utilization as Record<string, number>)['client_node.proxy'] > 0.99, 'the proxy thread is saturated');
  const got = m.throughput_mbps as number;
  const expected = (mss * 8 * 1e3) / relayNs;
  assert.ok(Math.abs(got / expected - 1) < 0.02, `${got} vs ${expected}`);
});

test('pod IP through conntrack (proxy.mode none) sits between the bare pod network and the Service', () => {
  const bare = mbps(null), none = mbps('none'), ipt = mbps('iptables');
  assert.ok(ipt < none && none < bare, `${ipt} < ${none} < ${bare}`);
});
