/**
 * The bundled hardware-eras scenario against the published points of its eras: flannel VXLAN on
 * the 2024 40 GbE testbed (ducastel-2024-flannel-40gbe, ±25%), the bare-metal figures of the same
 * testbed (ducastel-2024-wireguard-40gbe, ±25%; host-gw stands for bare metal), the 2021 100 GbE
 * single stream ("just over 40 Gbit/s", cilium-2021-cni-benchmark, ±25%), and host-gw near line
 * rate on one stream on the 2019 10 GbE profile now that it keeps TSO/GRO. One point is a
 * documented expected miss: the bare-metal single stream (see README "Hardware eras").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import published from '../../reports/reference/published.json' with { type: 'json' };
import { prepare } from '../../cli/prepare.ts';
import { runReplication } from '../../experiments/experiment.ts';
import { costProfiles } from '../../models/profiles/profiles.ts';

const file = join(import.meta.dirname, '../../scenarios/hardware-eras.yaml');
const noProbe = [{ path: 'workload.bulk.probe', value: false, origin: '--set' }];

const got = new Map<string, number>();
{
  const { points, loaded } = prepare(file, noProbe);
  for (const p of points) got.set(`${p.variant}/${p.params['workload.bulk.streams']}`, runReplication(p.model, loaded.scenario.seed, 0).metrics.throughput_mbps as number);
}

const gbps = (key: string) => got.get(key)! / 1000;
const point = (id: string, pick: (pt: Record<string, unknown>) => boolean) =>
  (published.references.find((r) => r.id === id)!.points as Record<string, unknown>[]).find(pick)!.gbps as number;
const within = (sim: number, ref: number, tol: number, what: string) =>
  assert.ok(Math.abs(sim / ref - 1) <= tol, `${what}: ${sim.toFixed(2)} Gbit/s vs published ${ref} (±${tol * 100}%)`);

test('2024 40 GbE, flannel VXLAN pod to pod: one stream and eight within ±25% of ducastel-2024-flannel-40gbe', () => {
  within(gbps('2024 40GbE vxlan/1'), point('ducastel-2024-flannel-40gbe', (p) => p.streams === 'single'), 0.25, 'single');
  within(gbps('2024 40GbE vxlan/8'), point('ducastel-2024-flannel-40gbe', (p) => p.streams === 'multi'), 0.25, 'multi');
});

test('2024 40 GbE bare metal (host-gw): eight streams within ±25%; one stream an expected miss, +25-30% (no single-core copy ceiling)', () => {
  const bare = (s: string) => point('ducastel-2024-wireguard-40gbe', (p) => p.cni === 'bare metal (no CNI)' && p.streams === s);
  within(gbps('2024 40GbE host-gw/8'), bare('multi'), 0.25, 'multi');
  // Expected miss: the model's one stream reaches the link (39.6) where the testbed's stopped at
  // 31.4; the receive copy of one stream runs on a station of all cores, not on its one reader
  // thread, so the per-byte ceiling of one core is not modelled. The figure must stay in its band.
  const ratio = gbps('2024 40GbE host-gw/1') / bare('single');
  assert.ok(ratio > 1.2 && ratio < 1.3, `single: ${ratio.toFixed(3)} × published, expected 1.2-1.3 (a documented miss)`);
});

test('2021 100 GbE, node to node one stream: "just over 40 Gbit/s" within ±25% (cilium-2021-cni-benchmark)', () => {
  within(gbps('2021 100GbE host-gw/1'), point('cilium-2021-cni-benchmark', (p) => String(p.test).startsWith('TCP_STREAM single')), 0.25, 'single');
  assert.ok(gbps('2021 100GbE host-gw/8') > 2 * gbps('2021 100GbE host-gw/1'), 'eight streams spread over receive queues');
});

test('2019 10 GbE: host-gw with TSO/GRO near line rate on one stream; VXLAN still per segment at the 10 GbE flannel figure', () => {
  // Line rate in goodput: 1448 payload bytes per 1538 on the wire.
  assert.ok(gbps('2019 10GbE host-gw/1') > 0.95 * 10 * (1448 / 1538), `host-gw ${gbps('2019 10GbE host-gw/1')}`);
  within(gbps('2019 10GbE vxlan/1'), 1.44, 0.3, 'vxlan single (flannel-udp-vs-vxlan-10gbe)');
});

test('MTU: jumbo frames lift per-segment VXLAN on the same host (fewer, larger segments)', () => {
  assert.ok(gbps('2024 40GbE vxlan/1') > 4 * gbps('2024 40GbE vxlan MTU 1500/1'));
});

test('2024 40 GbE WireGuard: parallel streams do not help (as published); the level an expected miss, 2.4-2.9× published', () => {
  const wg = (s: string) => point('ducastel-2024-wireguard-40gbe', (p) => p.cni === 'cilium-wireguard' && p.streams === s);
  // Prediction that holds: eight streams within 10% of one, as the peer's one NAPI context runs
  // the receiver's whole stack.
  assert.ok(gbps('2024 40GbE wireguard/8') <= 1.1 * gbps('2024 40GbE wireguard/1'), 'eight streams no faster than one');
  // Expected miss (README "Hardware eras"): 23.7 / 23.1 Gbit/s against 9.0 / 8.4.
  for (const s of ['single', 'multi']) {
    const ratio = gbps(`2024 40GbE wireguard/${s === 'single' ? 1 : 8}`) / wg(s);
    assert.ok(ratio > 2.4 && ratio < 2.9, `${s}: ${ratio.toFixed(2)} × published, expected 2.4-2.9 (a documented miss)`);
  }
});

test('UDP without GSO (iperf3 -u): packet-rate bound, at the closed form of one core; TCP on the same host and MTU well above', () => {
  const xeon = costProfiles['xeon-2019-10gbe'], s2024 = costProfiles['server-2024-40gbe'];
  const payload = 1448; // MTU 1500: iperf3 -u's length is the control connection's MSS
  // 2019: the receive core (driver, routing, bridge, veth, UDP/IP) is the slowest, 3.3 us a datagram.
  const rx2019 = xeon.nicRxNs + xeon.routeNs + xeon.bridgeNs + xeon.vethNs + xeon.udpRxNs;
  within(gbps('2019 10GbE host-gw UDP/1'), (payload * 8) / rx2019, 0.005, '2019 UDP one flow');
  // ixgbe hashes UDP on addresses only (the profile's NIC default): eight flows on that one core.
  within(gbps('2019 10GbE host-gw UDP/8'), (payload * 8) / rx2019, 0.005, '2019 UDP eight flows');
  assert.ok(gbps('2019 10GbE host-gw/1') > 2.5 * gbps('2019 10GbE host-gw UDP/1'));
  // 2024 at MTU 1500: the sender thread (sendto(), copy, UDP/IP, veth, bridge, route, driver).
  const tx2024 = Math.round(s2024.syscallNs + s2024.copyNsPerByte * payload) + s2024.udpTxNs + s2024.vethNs + s2024.bridgeNs + s2024.routeNs + s2024.nicTxNs;
  within(gbps('2024 40GbE host-gw UDP MTU 1500/1'), (payload * 8) / tx2024, 0.005, '2024 UDP one flow');
  assert.ok(gbps('2024 40GbE host-gw MTU 1500/1') > 4 * gbps('2024 40GbE host-gw UDP MTU 1500/1'));
  // The profile's NIC hashes UDP ports (no cluster.rxHashUdpPorts in the variant): eight flows spread.
  assert.ok(gbps('2024 40GbE host-gw UDP MTU 1500/8') > 5 * gbps('2024 40GbE host-gw UDP MTU 1500/1'));
  // Jumbo frames: six times fewer datagrams, so UDP comes close to TCP but stays below it.
  assert.ok(gbps('2024 40GbE host-gw UDP/1') < gbps('2024 40GbE host-gw/1') && gbps('2024 40GbE host-gw UDP/1') > 4 * gbps('2024 40GbE host-gw UDP MTU 1500/1'));
});
