/**
 * Bulk UDP senders (iperf3 -u): every datagram a full stack pass on each side, so goodput is
 * packet-rate bound, min(line rate, payload × the slowest station's datagram rate), which the
 * tests work out from the profile's constants by hand and check the simulation against; TCP on
 * the same host and MTU (TSO/GRO amortising the stack over 64 KiB) is well above it. Without
 * UDP_SEGMENT nothing merges datagrams, even with TSO/GSO/GRO on; with it the sender hands down
 * trains. With the ixgbe default (UDP hashed on addresses only) eight flows share one receive
 * core; with ports hashed they spread.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../../../sim/index.ts';
import { Cluster } from '../../../models/datapath/cluster.ts';
import { backendOf } from '../../../models/backends/backends.ts';
import { costProfiles, profileDefinitions } from '../../../models/profiles/profiles.ts';
import type { ModelConfig } from '../../../models/model-config.ts';
import type { ProfileName } from '../../../models/profiles/profiles.ts';
import { runReplication } from '../../../experiments/experiment.ts';
import { udpBulkClosedForm, udpSendUnit } from '../../../models/workloads/udp-bulk.ts';

function config(profile: ProfileName, o: { streams?: number; udp?: { gso: boolean } | null; mtu?: number; hashUdpPorts?: boolean } = {}): ModelConfig {
  const d = profileDefinitions[profile];
  return {
    profile, costs: {},
    cluster: { nodes: 2, coresPerNode: 16, rxQueues: 16, rxHashUdpPorts: o.hashUdpPorts ?? d.hardware.rxHashUdpPorts, linkGbps: d.hardware.linkGbps, mtu: o.mtu ?? d.hardware.mtu, offloads: d.offloads },
    network: { backend: 'host-gw' },
    workload: {
      kind: 'bulk',
      bulk: { streams: o.streams ?? 1, windowSegments: 256, blockBytes: 131072, ackEverySegments: 2, congestion: 'fixed', probe: false, service: null, ...(o.udp === null ? {} : { udp: o.udp ?? { gso: false } }) },
      clientNode: 0, serverNode: 1, arrival: { kind: 'closed', concurrency: 1, thinkNs: 1_000_000 },
      requestBytes: 64, responseBytes: 64, serviceTime: { kind: 'constant', valueNs: 0 },
    },
    run: { durationNs: 10_000_000, warmupNs: 5_000_000 },
  };
}

const gbps = (c: ModelConfig) => (runReplication(c, 1, 0).metrics.throughput_mbps as number) / 1000;

test('2019 10 GbE host-gw: one UDP flow at the closed form of its receive core, by hand from the constants', () => {
  const p = costProfiles['xeon-2019-10gbe'];
  const payload = 1448; // iperf3 -u's default length: the control connection's MSS (1500 - 20 - 32)
  const sender = p.syscallNs + p.copyNsPerByte * payload + p.udpTxNs + p.vethNs + p.bridgeNs + p.routeNs + p.nicTxNs;
  const softirq = p.nicRxNs + p.routeNs + p.bridgeNs + p.vethNs + p.udpRxNs;
  const reader = p.syscallNs + p.copyNsPerByte * payload;
  assert.deepEqual([Math.round(sender), softirq, Math.round(reader)], [2895, 3300, 395]);
  const wire = ((payload + 28 + 38) * 8) / 10;
  const expected = (payload * 8) / Math.max(sender, softirq, reader, wire); // 3.510 Gbit/s: the receive core
  const got = gbps(config('xeon-2019-10gbe'));
  assert.ok(Math.abs(got / expected - 1) < 0.005, `${got} vs ${expected}`);
  const tcp = gbps(config('xeon-2019-10gbe', { udp: null }));
  assert.ok(tcp > 2.5 * got, `TCP ${tcp} well above UDP ${got}`);
});

test('2024 40 GbE at MTU 1500: one UDP flow bound by its sender thread; TCP on the same host and MTU far above', () => {
  const c = new Cluster(new Simulation(), config('server-2024-40gbe', { mtu: 1500 }).cluster, costProfiles['server-2024-40gbe'], backendOf('host-gw'));
  const path = c.path({ name: 'client', node: 0 }, { name: 'server', node: 1 }, { payloadBytes: c.mssBytes, messageBytes: c.mssBytes, first: true, last: true, flow: 1, udp: true });
  const f = udpBulkClosedForm(path, c.mssBytes, 1);
  const p = costProfiles['server-2024-40gbe'];
  assert.equal(f.senderNs, Math.round(p.syscallNs + p.copyNsPerByte * 1448) + p.udpTxNs + p.vethNs + p.bridgeNs + p.routeNs + p.nicTxNs);
  assert.ok(f.senderNs > f.softirqNs && f.senderNs > f.readerNs && f.senderNs > f.wireNs);
  const got = gbps(config('server-2024-40gbe', { mtu: 1500 }));
  assert.ok(Math.abs(got / f.gbps - 1) < 0.005, `${got} vs closed form ${f.gbps}`);
  const tcp = gbps(config('server-2024-40gbe', { mtu: 1500, udp: null }));
  assert.ok(tcp > 4 * got, `TCP ${tcp} vs UDP ${got}`);
});

test('no merging without UDP_SEGMENT: one datagram per sendto() and per stack pass, TSO/GSO/GRO on or not', () => {
  const c = new Cluster(new Simulation(), config('ryzen-2021-100gbe').cluster, costProfiles['ryzen-2021-100gbe'], backendOf('host-gw'));
  assert.equal(udpSendUnit(c, false), 1);
  assert.equal(udpSendUnit(c, true), 45);
  assert.ok(c.sendUnitSegments > 1, 'TCP on the same cluster sends trains');
  const names = c.stages({ name: 'client', node: 0 }, { name: 'server', node: 1 }, { payloadBytes: 1448, messageBytes: 1448, first: true, last: true, flow: 1, udp: true }).map((s) => s.name);
  assert.deepEqual(names.filter((n) => /udp|sendto|recvfrom|gso|tcp/.test(n)), ['sendto()', 'udp/ip tx', 'udp/ip rx', 'recvfrom()']);
  const train = c.stages({ name: 'client', node: 0 }, { name: 'server', node: 1 }, { payloadBytes: 1448, messageBytes: 45 * 1448, first: true, last: true, flow: 1, udp: true, segments: 45 }).map((s) => s.name);
  assert.deepEqual(train.filter((n) => /udp|sendto|recvfrom|gso|driver/.test(n)), ['sendto()', 'udp/ip tx', 'gso: skb_segment ×45', 'nic driver tx ×45', 'nic driver rx (napi) ×45', 'udp/ip rx', 'recvfrom()']);
});

test('UDP_SEGMENT and UDP_GRO lift one flow to the link on 10 GbE', () => {
  const plain = gbps(config('xeon-2019-10gbe'));
  const gso = gbps(config('xeon-2019-10gbe', { udp: { gso: true } }));
  const line = (10 * 1448) / (1448 + 28 + 38);
  assert.ok(gso > 0.99 * line && gso < 1.01 * line, `gso ${gso} vs line ${line}`);
  assert.ok(gso > 2.5 * plain);
});

test('RSS: eight flows on one receive core with ixgbe\'s addresses-only UDP hash, spread with ports hashed', () => {
  const one = gbps(config('xeon-2019-10gbe'));
  const eightAddr = gbps(config('xeon-2019-10gbe', { streams: 8 }));
  const eightPorts = gbps(config('xeon-2019-10gbe', { streams: 8, hashUdpPorts: true }));
  assert.ok(Math.abs(eightAddr / one - 1) < 0.005, `${eightAddr} vs ${one}`);
  assert.ok(eightPorts > 2 * eightAddr, `${eightPorts} vs ${eightAddr}`);
});

test('deterministic, and the datagrams conserved (delivered + dropped + in flight = sent)', () => {
  const a = runReplication(config('xeon-2019-10gbe', { streams: 8 }), 3, 0);
  assert.deepEqual(a, runReplication(config('xeon-2019-10gbe', { streams: 8 }), 3, 0));
  const drops = a.metrics.drops_per_s as Record<string, number>;
  assert.ok(drops.rx_ring_full > 0 && drops.qdisc_drop > 0, JSON.stringify(drops));
});
