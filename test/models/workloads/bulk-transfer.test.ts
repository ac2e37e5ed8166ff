/**
 * The bulk-transfer workload: deterministic; its goodput equals the closed form of its bottleneck
 * (one softirq core for VXLAN, one flanneld thread for UDP: MSS over the bottleneck's work per
 * data segment, itself plus half an ACK's); send()/recv() crossings amortise over a 128 KiB block.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../../../sim/index.ts';
import { Cluster } from '../../../models/datapath/cluster.ts';
import { costProfiles } from '../../../models/profiles/profiles.ts';
import { type BackendName, backendOf } from '../../../models/backends/backends.ts';
import type { ModelConfig } from '../../../models/model-config.ts';
import { runReplication } from '../../../experiments/experiment.ts';

const profile = costProfiles['xeon-2019-10gbe'];

function bulkConfig(backend: BackendName, streams: number, probe = false): ModelConfig {
  return {
    profile: 'xeon-2019-10gbe', costs: {},
    cluster: { nodes: 2, coresPerNode: 8, rxQueues: 8, rxHashUdpPorts: false, linkGbps: 10 },
    network: { backend },
    workload: {
      kind: 'bulk', bulk: { streams, windowSegments: 16, blockBytes: 131072, ackEverySegments: 2, probe, service: null },
      clientNode: 0, serverNode: 1, arrival: { kind: 'closed', concurrency: 1, thinkNs: 1_000_000 },
      requestBytes: 64, responseBytes: 64, serviceTime: { kind: 'constant', valueNs: 0 },
    },
    run: { durationNs: 20_000_000, warmupNs: 10_000_000 },
  };
}

/** Bottleneck work per data segment from the compiled paths: the receiver's station on the data
 *  path plus half of the same station's work on the ACK path. */
function closedFormMbps(backend: BackendName, resource: 'softirq' | 'flanneld'): number {
  const c = new Cluster(new Simulation(), { nodes: 2, coresPerNode: 8, rxQueues: 8, linkGbps: 10 }, profile, backendOf(backend));
  const client = { name: 'client', node: 0 }, server = { name: 'server', node: 1 };
  const data = c.stages(client, server, { payloadBytes: c.mssBytes, messageBytes: 131072, first: false, last: false, flow: 1 });
  const ack = c.stages(server, client, { payloadBytes: 0, messageBytes: 0, first: false, last: false, flow: 1, ack: true });
  const on = (stages: typeof data) => stages.filter((s) => s.node === 1 && s.resource === resource).reduce((n, s) => n + s.ns, 0);
  const perSegmentNs = on(data) + on(ack) / 2;
  return (c.mssBytes * 8 * 1e3) / perSegmentNs;
}

test('same seed, same results; the workload is deterministic', () => {
  const a = runReplication(bulkConfig('vxlan', 4, true), 5, 0);
  const b = runReplication(bulkConfig('vxlan', 4, true), 5, 0);
  assert.deepEqual(a, b);
});

test('goodput is the closed form of the bottleneck: one softirq core (VXLAN), one flanneld (UDP)', () => {
  for (const [backend, resource] of [['vxlan', 'softirq'], ['udp', 'flanneld']] as const) {
    const expected = closedFormMbps(backend, resource);
    const m = runReplication(bulkConfig(backend, 1), 1, 0).metrics;
    const got = m.throughput_mbps as number;
    assert.ok(Math.abs(got / expected - 1) < 0.02, `${backend}: ${got} vs closed form ${expected}`);
    const util = m.utilization as Record<string, number>;
    const busiest = Math.max(...Object.entries(util).filter(([k]) => k.startsWith(`server_node.${resource}`)).map(([, v]) => v));
    assert.ok(busiest > 0.99, `${backend}: the bottleneck is saturated (${busiest})`);
  }
});

test('send() and recv() amortise over a 128 KiB block: VXLAN crossings per packet', () => {
  const m = runReplication(bulkConfig('vxlan', 1), 1, 0).metrics;
  // Per 128 KiB block: one send() and one recv(); 131072 / 1398 = 93.8 data segments and half as
  // many ACKs, so 2 crossings per 140.6 packets.
  const perBlockPackets = (131072 / 1398) * 1.5;
  assert.ok(Math.abs((m.crossings_per_packet as number) - 2 / perBlockPackets) < 0.002, String(m.crossings_per_packet));
});

test('one stream\'s reader is one thread: with a costly recv() its work bounds the stream, and two streams have two readers', () => {
  // wakeupNs 1 ms (only recv() wakes a thread): recv() of a 128 KiB block = 1,000,000 + syscall
  // 250 + copy 13,107 ns on the reader's one core, far above the softirq's share, so goodput =
  // 131072 × 8 bits / 1,013,357 ns (about half of what the per-segment softirq core carries).
  // A window of 256 segments (~2.8 blocks) lets the sender's copy of the next block overlap.
  const run = (streams: number) => {
    const c = bulkConfig('host-gw', streams);
    return runReplication({ ...c, costs: { wakeupNs: 1_000_000 }, workload: { ...c.workload, bulk: { ...c.workload.bulk!, windowSegments: 256 } } }, 1, 0).metrics;
  };
  const recvNs = 1_000_000 + profile.syscallNs + Math.round(profile.copyNsPerByte * 131072);
  const expected = (131072 * 8 * 1e3) / recvNs;
  const one = run(1);
  assert.ok(Math.abs((one.throughput_mbps as number) / expected - 1) < 0.03, `${one.throughput_mbps} vs closed form ${expected}`);
  assert.ok((one.utilization as Record<string, number>)['server_node.reader-1'] > 0.97);
  const two = run(2).throughput_mbps as number;
  assert.ok(Math.abs(two / (2 * expected) - 1) < 0.03, `two streams: ${two} vs ${2 * expected}`);
});
