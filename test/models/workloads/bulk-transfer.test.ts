/**
 * The bulk-transfer workload: deterministic; its goodput equals the closed form of its bottleneck
 * (one softirq core for VXLAN, one flanneld thread for UDP: MSS over the bottleneck's work per
 * data segment, itself plus half an ACK's); send()/recv() crossings amortise over a 128 KiB block.
 * With NewReno (`congestion: reno`): one stream through a 1 Gbit/s link behind a 20-packet
 * transmit queue fills the link, loses segments at the queue and retransmits them, and its window
 * saws (halvings with linear growth between); with TSO trains a drop loses a train's range and is
 * recovered the same way; with no loss it retransmits nothing and moves what the fixed window does.
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

function bulkConfig(backend: BackendName, streams: number, probe = false, congestion: 'reno' | 'fixed' = 'fixed'): ModelConfig {
  return {
    profile: 'xeon-2019-10gbe', costs: {},
    cluster: { nodes: 2, coresPerNode: 8, rxQueues: 8, rxHashUdpPorts: false, linkGbps: 10 },
    network: { backend },
    workload: {
      kind: 'bulk', bulk: { streams, windowSegments: 16, blockBytes: 131072, ackEverySegments: 2, congestion, probe, service: null },
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

/** One stream over host-gw to a 1 Gbit/s link whose transmit queue holds `txqueuelen` packets. */
function bottleneck(txqueuelen: number, tso = false): ModelConfig {
  const c = bulkConfig('host-gw', 1, false, 'reno');
  return {
    ...c,
    cluster: {
      ...c.cluster, linkGbps: 1, queues: { txqueuelen },
      ...(tso ? { offloads: { tso: true, gso: true, gro: true, checksum: true, udpTunnel: false, gsoMaxBytes: 65536, groMaxBytes: 65536 } } : {}),
    },
    workload: { ...c.workload, bulk: { ...c.workload.bulk!, windowSegments: 1000 } },
    run: { durationNs: 40_000_000, warmupNs: 10_000_000 },
  };
}

/** Goodput at the line rate of 1 Gbit/s: 1448 payload bytes per 1538 on the wire. */
const lineMbps = 1000 * (1448 / 1538);

/** Halvings of a window series and the growth between them: a fall to at most 60% of the peak
 *  since the last halving counts once the window has grown by `growth` segments from its trough. */
function sawtooth(rows: number[][], growth: number): { halvings: number; peaks: number[] } {
  let peak = 0, trough = Infinity, armed = true, halvings = 0;
  const peaks: number[] = [];
  for (const [, w] of rows) {
    if (armed && w <= 0.6 * peak) {
      halvings++;
      peaks.push(peak);
      armed = false;
      trough = w;
    }
    if (!armed) {
      trough = Math.min(trough, w);
      if (w >= trough + growth) {
        armed = true;
        peak = w;
      }
    } else peak = Math.max(peak, w);
  }
  return { halvings, peaks };
}

test('reno through a 20-packet queue at 1 Gbit/s: ≥ 90% of the link, drops, fast retransmits, a sawtooth window', () => {
  const r = runReplication(bottleneck(20), 1, 0);
  const m = r.metrics;
  assert.ok((m.throughput_mbps as number) >= 0.9 * lineMbps, `goodput ${m.throughput_mbps}`);
  const drops = (m.drops_per_s as Record<string, number>).qdisc_drop!;
  const retransmits = m.retransmits_per_s as Record<string, number>;
  assert.ok(drops > 0 && retransmits.fast! > 0, JSON.stringify({ drops, retransmits }));
  assert.equal(retransmits.fast, drops, 'one loss per window, each repaired by one fast retransmit');
  assert.equal(retransmits.rto, 0);
  const rows = r.series.congestion_window!.rows;
  assert.ok(rows.length <= 500, 'a bounded series');
  const { halvings, peaks } = sawtooth(rows, 5);
  assert.ok(halvings >= 10, `${halvings} halvings`);
  // Each peak is the queue plus the path's own few segments, or NewReno's window inflated by
  // duplicate ACKs in recovery when a sample falls there.
  for (const p of peaks.slice(1)) assert.ok(p >= 20 && p <= 40, `peak ${p}`);
});

test('reno with TSO trains: a drop loses a train\'s range, recovered; the link stays ≥ 90% busy', () => {
  const m = runReplication(bottleneck(20, true), 1, 0).metrics;
  assert.ok((m.throughput_mbps as number) >= 0.9 * lineMbps, `goodput ${m.throughput_mbps}`);
  const retransmits = m.retransmits_per_s as Record<string, number>;
  assert.ok((m.drops_per_s as Record<string, number>).qdisc_drop! > 0 && retransmits.fast! + retransmits.rto! > 0, JSON.stringify(m.retransmits_per_s));
});

test('reno without loss: no retransmission, and the fixed window\'s goodput within 1% once slow start is over', () => {
  const reno = runReplication(bulkConfig('vxlan', 1, false, 'reno'), 1, 0).metrics;
  const fixed = runReplication(bulkConfig('vxlan', 1), 1, 0).metrics;
  assert.deepEqual(reno.retransmits_per_s, { fast: 0, rto: 0 });
  assert.equal(Object.values(reno.drops_per_s as Record<string, number>).reduce((a, b) => a + b, 0), 0);
  const ratio = (reno.throughput_mbps as number) / (fixed.throughput_mbps as number);
  assert.ok(Math.abs(ratio - 1) < 0.01, `reno / fixed = ${ratio}`);
  assert.equal(fixed.retransmits_per_s, undefined, 'a fixed window counts no retransmissions');
});
