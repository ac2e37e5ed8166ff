/**
 * The Service model end to end against published points and closed forms: iptables first-packet
 * p99 (nftables blog, ±30%), the uniform-position median, IPVS and nftables flat in Services
 * (±15%), Tigera's client-node CPU without keepalive (±30%) and keepalive bringing iptables down
 * to IPVS, common random numbers across modes, and a conntrack table driven past its limit:
 * entries at rate × timeout, capped, drops, and the 1 s and 3 s SYN-retransmission steps.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import published from '../../reports/reference/published.json' with { type: 'json' };
import { costProfiles } from '../../models/profiles/profiles.ts';
import type { ProxyMode } from '../../models/services/proxier.ts';
import type { KubeProxyVersion } from '../../models/services/kube-proxy-ruleset.ts';
import { recorded } from '../sim/recorded.ts';
import type { ModelConfig, ServiceModelConfig } from '../../models/model-config.ts';
import { buildServiceModel, runServiceReplication } from '../../experiments/service-experiment.ts';
import { defaultClientCpu } from '../../models/workloads/client-application.ts';

const base: ModelConfig = {
  profile: 'xeon-2019-10gbe',
  costs: {},
  cluster: { nodes: 101, coresPerNode: 8, rxQueues: 8, linkGbps: 10 },
  network: { backend: 'host-gw' },
  workload: {
    kind: 'request-response', clientNode: 0, serverNode: 1, arrival: { kind: 'open', rateRps: 1 },
    requestBytes: 64, responseBytes: 64, serviceTime: { kind: 'constant', valueNs: 0 },
  },
  run: { durationNs: 1.5e9, warmupNs: 0.1e9 },
};

interface Setup {
  mode: ProxyMode;
  services: number;
  version?: KubeProxyVersion;
  perConnection?: number;
  conntrack?: Partial<ServiceModelConfig['conntrack']>;
  rateRps?: number;
  dnsServiceNs?: number;
  ipvsConnReuse?: ServiceModelConfig['proxy']['ipvsConnReuse'];
  clientPorts?: number;
}

/** Tigera's setup: one client node, 1,000 requests/s to one Service of 10 endpoints among N. */
function services(s: Setup): ServiceModelConfig {
  return {
    addressing: { clusterCidr: '10.0.0.0/11', nodeCidrMaskSize: 24, nodes: 101, podsPerNode: 110 },
    catalogue: { groups: [{ count: s.services, endpointsPerService: 10 }], nodePortServices: 0, targetServices: 1, popularity: { kind: 'uniform' }, placement: 'otherNodes' },
    proxy: { mode: s.mode, version: s.version ?? 'current', scheduler: 'rr', via: 'clusterIP', ...(s.ipvsConnReuse && { ipvsConnReuse: s.ipvsConnReuse }) },
    conntrack: { max: null, buckets: null, timeoutsNs: {}, sampleNs: 1e9, ...s.conntrack },
    traffic: {
      clientNodes: [0], arrival: { kind: 'open', rateRps: s.rateRps ?? 1000 }, clientCpu: defaultClientCpu, clientThreads: 1, serverThreads: null,
      requestsPerConnection: s.perConnection ?? 1, requestBytes: 64, responseBytes: 1024,
      serviceTime: { kind: 'exponential', meanNs: 50_000 }, ...(s.clientPorts && { clientPorts: s.clientPorts }), dns: s.dnsServiceNs === undefined ? null : { answerNs: s.dnsServiceNs, queries: 'A+AAAA', resolver: 'parallel', nodeLocalHitRatio: null, kernel: '4.x' },
    },
  };
}

function run(s: Setup, config: ModelConfig = base) {
  const r = runServiceReplication(config, services(s), 42, 0);
  return {
    firstPacket: recorded(r.metrics.first_packet_latency_ms),
    request: recorded(r.metrics.request_latency_ms),
    cpu: (r.metrics.cpu_cores as Record<string, number>).client_node,
    metrics: r.metrics,
    series: r.series,
  };
}

const within = (x: number, ref: number, tol: number, what: string) =>
  assert.ok(Math.abs(x / ref - 1) <= tol, `${what}: ${x.toFixed(4)} vs ${ref} (${((x / ref - 1) * 100).toFixed(1)}%, allowed ±${tol * 100}%)`);

const blog = published.references.find((r) => r.id === 'nftables-blog-2025-first-packet')!.points as { mode: string; services: number; p50: number; p99: number }[];

test('iptables first-packet p99 at 5k, 10k and 30k Services within ±30% of the nftables blog', () => {
  const iptables = blog.filter((p) => p.mode === 'iptables');
  assert.deepEqual(iptables.map((p) => p.services), [5000, 10_000, 30_000]);
  for (const point of iptables) {
    const fp = run({ mode: 'iptables', services: point.services }).firstPacket;
    within(fp.p99, point.p99, 0.3, `p99 at ${point.services}`);
    // Predicted misses, held to their current band: a uniform position puts the median at half the
    // list, the blog's walks are skewed to its front (README, Known gaps).
    const p = point as typeof point & { p90: number };
    const over = (x: number, ref: number) => x / ref - 1;
    assert.ok(over(fp.p50, p.p50) > 0.5 && over(fp.p50, p.p50) < 1.6, `p50 at ${p.services}: ${fp.p50} vs ${p.p50}`);
    assert.ok(over(fp.p90, p.p90) > 0.1 && over(fp.p90, p.p90) < 0.7, `p90 at ${p.services}: ${fp.p90} vs ${p.p90}`);
  }
});

test('iptables first-packet median is the uniform-position walk: half of KUBE-SERVICES plus the base path', () => {
  const c = costProfiles['xeon-2019-10gbe'];
  const nft = run({ mode: 'nftables', services: 10_000 }).firstPacket.p50;
  for (const n of [5000, 30_000]) {
    const p50 = run({ mode: 'iptables', services: n }).firstPacket.p50;
    const walkMs = ((n / 2) * c.iptablesRuleNs) / 1e6;
    within(p50 - nft, walkMs, 0.05, `p50 walk at ${n}`);
  }
});

test('IPVS and nftables first-packet latency flat within ±15% from 1k to 30k Services', () => {
  for (const mode of ['ipvs', 'nftables'] as const) {
    const small = run({ mode, services: 1000 });
    const large = run({ mode, services: 30_000 });
    for (const q of ['p50', 'p99', 'mean'] as const) within(large.firstPacket[q], small.firstPacket[q], 0.15, `${mode} ${q}`);
  }
});

test('Tigera client-node CPU at 10k Services without keepalive: iptables (legacy) 0.35, IPVS 0.08 (±30%); keepalive brings iptables near IPVS', () => {
  const ipt = run({ mode: 'iptables', version: 'legacy', services: 10_000 });
  const ipvs = run({ mode: 'ipvs', services: 10_000 });
  within(ipt.cpu, 0.35, 0.3, 'iptables cpu');
  within(ipvs.cpu, 0.08, 0.3, 'ipvs cpu');
  const iptKeep = run({ mode: 'iptables', version: 'legacy', services: 10_000, perConnection: 100 });
  const ipvsKeep = run({ mode: 'ipvs', services: 10_000, perConnection: 100 });
  within(iptKeep.cpu, 0.02, 0.3, 'iptables keepalive cpu');
  assert.ok(iptKeep.cpu < ipt.cpu / 10, `keepalive cuts iptables' cost: ${iptKeep.cpu} vs ${ipt.cpu}`);
  within(iptKeep.cpu, ipvsKeep.cpu, 0.25, 'iptables keepalive vs IPVS keepalive');
  // Response time: IPVS faster; the published "about half" is not reached (README, Known gaps).
  assert.ok(ipvs.request.mean < 0.5 * ipt.request.mean, `${ipvs.request.mean} vs ${ipt.request.mean}`);
});

/** service-benchmarks' ab-like setup: 100 closed-loop users on one client thread, a new connection
 *  per request, 11 nodes, one Service of 10 endpoints among N. */
function ab(mode: ProxyMode, n: number) {
  const s = services({ mode, services: n });
  s.addressing = { ...s.addressing, nodes: 11 };
  s.traffic = { ...s.traffic, arrival: { kind: 'closed', concurrency: 100, thinkNs: 0 } };
  const r = runServiceReplication({ ...base, cluster: { ...base.cluster, nodes: 11 }, run: { durationNs: 30e6, warmupNs: 5e6 } }, s, 11, 0);
  return { firstPacket: recorded(r.metrics.first_packet_latency_ms), cpu: (r.metrics.cpu_cores as Record<string, number>).client_node };
}

test('predictions of service-benchmarks (ab-like): nftables first-packet p50 within ±30% of the blog; IPVS p50 and both p99s miss low (no jitter)', () => {
  for (const n of [10_000, 30_000]) {
    const at = (mode: string) => blog.find((p) => p.mode === mode && p.services === n)!;
    const nft = ab('nftables', n).firstPacket, ipvs = ab('ipvs', n).firstPacket;
    within(nft.p50, at('nftables').p50, 0.3, `nftables p50 at ${n}`);
    // Misses, their current band: per-packet costs are constants (a spike), so p99 ≈ p50, 70-80%
    // below the blog's p99; IPVS's new-connection costs are estimates, 40-55% below its p50.
    const band = (x: number, ref: number, lo: number, hi: number, what: string) =>
      assert.ok(x / ref - 1 >= lo && x / ref - 1 <= hi, `${what}: ${x} vs ${ref} (${((x / ref - 1) * 100).toFixed(1)}%, band ${lo * 100}..${hi * 100}%)`);
    band(ipvs.p50, at('ipvs').p50, -0.55, -0.35, `ipvs p50 at ${n}`);
    band(ipvs.p99, at('ipvs').p99, -0.8, -0.7, `ipvs p99 at ${n}`);
    band(nft.p99, at('nftables').p99, -0.8, -0.7, `nftables p99 at ${n}`);
  }
});

test('common random numbers: every mode sees the same requests at the same times to the same Services', () => {
  const issued = (mode: ProxyMode) => {
    const m = buildServiceModel({ ...base, run: { durationNs: 0.3e9, warmupNs: 0 } }, { ...services({ mode, services: 2000 }), catalogue: { ...services({ mode, services: 2000 }).catalogue, targetServices: 2000 } }, 9, 0);
    const log: string[] = [];
    m.traffic.issued.subscribe((r) => log.push(`${r.issuedNs}:${r.service}`));
    m.sim.run({ untilNs: 0.3e9 });
    return log;
  };
  const ipt = issued('iptables');
  assert.ok(ipt.length > 250);
  for (const mode of ['ipvs', 'nftables', 'ebpf', 'userspace'] as const) assert.deepEqual(issued(mode), ipt, mode);
});

test('conntrack past its limit: entries grow as rate × timeout, stop at max, drops appear, latency CDF steps at 1 s and 3 s', () => {
  const max = 3000, timeWaitS = 10, rate = 500;
  const r = run({
    mode: 'iptables', services: 100, rateRps: rate,
    conntrack: { max, timeoutsNs: { timeWait: timeWaitS * 1e9 }, sampleNs: 0.5e9 },
  }, { ...base, run: { durationNs: 16e9, warmupNs: 0 } });
  const rows = r.series.conntrack_entries.rows;
  const at = (t: number) => rows.find((row) => row[0] === t)![1];
  within(at(3), rate * 3, 0.1, 'entries at 3 s'); // before the limit: one entry per connection so far
  // Full from ~6 s on: at most the limit, and refilled within one insert of every expiry.
  for (const [t, entries] of rows) if (t >= 7) assert.ok(entries <= max && entries >= max - 5, `capped at ${t} s: ${entries}`);
  assert.ok((r.metrics.conntrack_drops as number) > 1000);
  assert.equal(r.metrics.conntrack_memory_bytes, (r.metrics.conntrack_entries as number) * 304);
  const cdf = r.series.request_latency_cdf.rows;
  const fractionBelow = (ms: number) => Math.max(0, ...cdf.filter(([x]) => x < ms).map(([, f]) => f));
  const step1 = fractionBelow(1100) - fractionBelow(1000);
  const step3 = fractionBelow(3100) - fractionBelow(3000);
  assert.ok(fractionBelow(1000) > 0.2 && fractionBelow(1000) < 0.9, `some requests pass at once: ${fractionBelow(1000)}`);
  assert.ok(step1 > 0.05, `1 s step ${step1}`);
  assert.ok(step3 > 0.03, `3 s step ${step3}`);
});

test('a DNS lookup before each connection: a UDP conntrack entry per lookup (30 s), one more walk, a longer request', () => {
  const config = { ...base, run: { durationNs: 2e9, warmupNs: 0 } };
  const plain = run({ mode: 'iptables', services: 1000, rateRps: 500 }, config);
  const dns = run({ mode: 'iptables', services: 1000, rateRps: 500, dnsServiceNs: 20_000 }, config);
  // Every connection's client-node entry plus one UDP entry per lookup, none expired within 2 s.
  assert.equal(dns.metrics.conntrack_entries, 2 * (plain.metrics.conntrack_entries as number));
  assert.ok(dns.request.mean > plain.request.mean + 0.02, `${dns.request.mean} vs ${plain.request.mean}`);
  assert.ok(dns.cpu > plain.cpu);
});

test('IPVS conn_reuse_mode with 600 client ports at 500 connections/s: mode 1 before 5.9 drops every reused port\'s first SYN (1 s steps), 5.9 and mode 0 none', () => {
  const config = { ...base, run: { durationNs: 3e9, warmupNs: 0 } };
  const setup = (ipvsConnReuse: Setup['ipvsConnReuse']) => services({ mode: 'ipvs', services: 10, rateRps: 500, clientPorts: 600, ipvsConnReuse });
  const m = buildServiceModel(config, setup({ mode: 1, fixed: false }), 42, 0);
  m.sim.run({ untilNs: 3e9 });
  // Ports come round every 1.2 s (after a dropped SYN's 1 s retransmission), well inside IPVS's
  // 120 s TIME_WAIT: every connection after the first 600 finds its port's entry, and only its
  // first SYN is dropped (the entry goes with it).
  assert.equal(m.proxy.reuse!.dropped, m.traffic.connections - 600);
  const old = run({ mode: 'ipvs', services: 10, rateRps: 500, clientPorts: 600, ipvsConnReuse: { mode: 1, fixed: false } }, config);
  const connect = old.metrics.connect_latency_ms as { max: number; p50: number };
  assert.ok(connect.max >= 1000 && connect.max < 1001, `max ${connect.max} ms`);
  assert.ok((old.metrics.drops_per_s as Record<string, number>).ipvs_conn_reuse > 0);
  for (const fix of [{ mode: 1, fixed: true }, { mode: 0, fixed: false }] as const) {
    const r = run({ mode: 'ipvs', services: 10, rateRps: 500, clientPorts: 600, ipvsConnReuse: fix }, config);
    assert.ok((r.metrics.connect_latency_ms as { max: number }).max < 10, JSON.stringify(fix));
    assert.equal((r.metrics.drops_per_s as Record<string, number>).ipvs_conn_reuse, 0);
  }
  const zero = buildServiceModel(config, setup({ mode: 0, fixed: false }), 42, 0);
  zero.sim.run({ untilNs: 3e9 });
  assert.equal(zero.proxy.reuse!.reused, zero.traffic.connections - 600);
});

test('traffic and the control plane in one simulation: kube-proxy syncs the traffic\'s Services on the same nodes\' cores', async () => {
  const { validate } = await import('../../scenarios/load.ts');
  const { toModelConfig } = await import('../../scenarios/expand.ts');
  const m = toModelConfig(validate('x.yaml', {
    name: 'x', cluster: { nodes: 20 }, services: { count: 50, endpointsPerService: 4 }, run: { durationMs: 3000, warmupMs: 500 },
    traffic: { rateRps: 200, clientNodes: [0, 1] }, controlPlane: { minSyncPeriodMs: 0, churn: { podEventsPerS: 10 } },
  }));
  const r = runServiceReplication(m, m.services!, 42, 0);
  const { ProxierSyncCost } = await import('../../models/control-plane/proxier-sync-cost.ts');
  const { resolveProfile } = await import('../../models/profiles/profiles.ts');
  const cost = new ProxierSyncCost('iptables', { groups: m.services!.catalogue.groups, nodePortServices: 0, version: 'current' }, resolveProfile(m.profile, {}), m.controlPlane!.syncCosts);
  assert.equal(r.metrics.rules, cost.rules, 'the control plane programs the catalogue the traffic calls');
  assert.ok((r.metrics.kube_proxy_cpu_cores as Record<string, number>).kube_proxy_node_mean > 0);
  assert.ok((r.metrics.endpoint_changes_per_s as number) > 0);
  assert.ok((r.metrics.requests_per_s as number) > 150);
});
