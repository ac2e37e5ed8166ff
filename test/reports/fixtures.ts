/**
 * Small synthetic results for the report tests: a kube-proxy sweep (two variants, latency with
 * confidence intervals, throughput, CPU per role, a latency CDF, conntrack over time with its
 * limit, published overlays), a scenario with hostile names and nothing swept, a rolling update
 * with its phases, and a tiny result whose CSV is checked cell by cell.
 */
import type { Distribution, PointResult, Results, RunMeta } from '../../reports/results.ts';

export const META: RunMeta = { wallMs: 12_345, workers: 4, startedAt: '2025-01-02T03:04:05.000Z' };

function dist(p50: number, p99: number, ci = true): Distribution {
  const mean = p50 * 1.1;
  return { mean, p50, p90: (p50 + p99) / 2, p99, p999: p99 * 1.5, max: p99 * 2, count: 1000, ...(ci ? { ci95: [mean * 0.95, mean * 1.05] as [number, number] } : {}) };
}

const SERVICES = [100, 1000, 10000, 30000];

function sweepPoint(variant: 'iptables' | 'ipvs', services: number): PointResult {
  const walk = variant === 'iptables' ? services * 2e-5 : 0.002;
  return {
    variant,
    params: { services },
    replications: 3,
    metrics: {
      request_latency_ms: dist(0.2 + walk, 0.5 + 3 * walk),
      first_packet_latency_ms: dist(0.01 + walk, 0.03 + 2 * walk),
      throughput_mbps: variant === 'iptables' ? 1400 - services / 100 : 1420,
      cpu_cores: { client_node: variant === 'iptables' ? 0.02 + services * 3e-5 : 0.08, server_node: 0.05 },
      conntrack_max: 131072,
    },
    ci95: { throughput_mbps: [1380 - services / 100, 1440 - services / 100] },
    series: {
      request_latency_cdf: { columns: ['latency_ms', 'fraction'], rows: [[0.1, 0], [0.2 + walk, 0.5], [0.5 + 3 * walk, 0.99], [1 + 4 * walk, 1]] },
      conntrack_entries: { columns: ['t_s', 'entries'], rows: [[0, 0], [10, 40000], [20, 90000], [30, 120000]] },
    },
  };
}

export function sweepResults(): Results {
  return {
    podpath: '0.1.0',
    contract: 2,
    scenario: { name: 'iptables vs IPVS', description: 'Service count sweep', seed: 42, replications: 3, compare: 'proxy.mode' },
    points: SERVICES.flatMap((s) => [sweepPoint('iptables', s), sweepPoint('ipvs', s)]),
    overlays: [
      {
        reference: 'nftables-blog-2025-first-packet',
        metric: 'first_packet_latency_ms.p99',
        x: 'services',
        points: [
          { variant: 'iptables', x: 10000, y: 0.257 },
          { variant: 'iptables', x: 30000, y: 0.713 },
          { variant: 'ipvs', x: 10000, y: 0.049 },
        ],
        source: "Dan Winship, 'NFTables mode for kube-proxy', Kubernetes blog, 2025-02-28",
        url: 'https://kubernetes.io/blog/2025/02/28/nftables-kube-proxy/',
      },
      {
        reference: 'tigera-2019-cpu',
        metric: 'cpu_cores.client_node',
        x: 'services',
        points: [{ variant: 'iptables', x: 10000, y: 0.35 }, { variant: 'ipvs', x: 10000, y: 0.08 }],
        source: "Tigera, 'Comparing kube-proxy modes: iptables or IPVS?', 2019",
        url: 'https://www.tigera.io/blog/comparing-kube-proxy-modes-iptables-or-ipvs/',
      },
    ],
  };
}

/** Nothing swept, hostile text everywhere the scenario reaches the page. */
export function hostileResults(): Results {
  const point = (variant: string, mbps: number): PointResult => ({
    variant,
    params: {},
    replications: 1,
    metrics: { throughput_mbps: mbps, request_latency_ms: dist(0.3, 0.9, false), crossings_per_packet: variant.length },
  });
  return {
    podpath: '0.1.0',
    contract: 2,
    scenario: { name: '<script>alert(1)</script>', description: 'a & b </script><img src=x onerror=alert(2)>', seed: 7, replications: 1 },
    points: [point('<b>udp</b>', 477), point('vxlan"</script>', 1440)],
    overlays: [{
      reference: 'evil',
      metric: 'throughput_mbps',
      x: 'streams',
      points: [{ variant: 'vxlan"</script>', x: 1, y: 1450 }],
      source: '<i>source</i>',
      url: 'javascript:alert(3)',
    }],
  };
}

/** Two points whose CSV is asserted exactly: a comma and a quote in the variant, a missing metric. */
export function tinyResults(): Results {
  return {
    podpath: '0.1.0',
    contract: 2,
    scenario: { name: 'tiny', seed: 1, replications: 2 },
    points: [
      {
        variant: 'a,b',
        params: { services: 10, 'cluster.nodes': 3 },
        replications: 2,
        metrics: { throughput_mbps: 100, cpu_cores: { client_node: 0.5 } },
        ci95: { throughput_mbps: [90, 110] },
      },
      {
        variant: 'say "hi"',
        params: { services: 20, 'cluster.nodes': 3 },
        replications: 2,
        metrics: { throughput_mbps: 50, connect_latency_ms: { mean: 1, p50: 1, p90: 2, p99: 3, p999: 4, max: 5, count: 6 } },
      },
    ],
  };
}

/**
 * A rolling update per variant and Services count: requests refused and latency per second, the
 * update's phases (`instant`'s last old pod not gone by the end: -1). `variants` more than six
 * puts the variants in panels.
 */
export function rolloutResults(variants = ['iptables-partial', 'instant']): Results {
  const point = (variant: string, services: number): PointResult => ({
    variant,
    params: { services },
    replications: 1,
    metrics: {
      requests_failed: { refused: variant === 'instant' ? 0 : services / 10, timeout: 0, reset: 0 },
      rollout_phases_s: { start: 10, first_new_ready: 12, last_old_deleted: 18, last_new_ready: 18, last_old_gone: variant === 'instant' ? -1 : 23 },
    },
    series: {
      requests_failed: { columns: ['s', 'refused', 'timeout', 'reset'], rows: [[0, 0, 0, 0], [15, 0, 0, 0], [20, services / 100, 0, 0], [30, 0, 0, 0]] },
      request_latency_over_time: { columns: ['s', 'mean_ms', 'p99_ms'], rows: [[0, 0.2, 0.4], [15, 0.2, 0.5], [30, 0.2, 0.4]] },
      request_latency_cdf: { columns: ['latency_ms', 'fraction'], rows: [[0.1, 0], [0.2, 0.5], [0.5, 1]] },
    },
  });
  return {
    podpath: '0.1.0',
    contract: 2,
    scenario: { name: 'rolling update', seed: 7, replications: 1 },
    points: [1000, 20000].flatMap((s) => variants.map((v) => point(v, s))),
  };
}
