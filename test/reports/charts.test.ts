import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Chart } from '../../reports/chart-types.ts';
import { buildCharts, buildSections } from '../../reports/charts.ts';
import { hostileResults, rolloutResults, sweepResults } from './fixtures.ts';

type Layer = { mark: string | { type: string; shape?: string; stroke?: string }; data: { name: string }; encoding: Record<string, { field?: string; title?: string; scale?: { type?: string; domain?: string[]; range?: string[] } }> };

/** The layers of a chart, or of each panel when it is faceted. */
function layers(chart: Chart): Layer[] {
  const spec = chart.spec as unknown as { layer?: Layer[]; spec?: { layer: Layer[] } };
  return spec.layer ?? spec.spec!.layer;
}
function markType(layer: Layer): string {
  return typeof layer.mark === 'string' ? layer.mark : layer.mark.type;
}
function chartNamed(charts: Chart[], name: string): Chart {
  const chart = charts.find((c) => c.name === name);
  assert.ok(chart, `no chart ${name} among ${charts.map((c) => c.name).join(', ')}`);
  return chart;
}
function datasets(chart: Chart): Record<string, Record<string, unknown>[]> {
  return (chart.spec as unknown as { datasets: Record<string, Record<string, unknown>[]> }).datasets;
}

test('a section per family present, in page order', () => {
  assert.deepEqual(buildSections(sweepResults()).map((s) => s.id), ['latency', 'latency-cdf', 'throughput', 'cpu', 'conntrack']);
  assert.deepEqual(buildSections(hostileResults()).map((s) => s.id), ['latency', 'throughput', 'crossings']);
});

test('latency: p50/p99 lines (and the mean with its CI band) per variant against a log x axis', () => {
  const chart = chartNamed(buildCharts(sweepResults()), 'request_latency_ms');
  const [band, line] = layers(chart);
  assert.equal(markType(band!), 'area');
  assert.equal(band!.encoding['y']!.field, 'lo');
  assert.equal(band!.encoding['y2']!.field, 'hi');
  assert.equal(markType(line!), 'line');
  assert.equal(line!.encoding['x']!.field, 'x');
  assert.equal(line!.encoding['x']!.title, 'services');
  assert.equal(line!.encoding['x']!.scale!.type, 'log', '100 … 30,000 spans more than two decades');
  assert.equal(line!.encoding['y']!.title, 'request latency (ms)');
  assert.equal(line!.encoding['color']!.field, 'variant');
  assert.equal(line!.encoding['color']!.title, 'variant');
  assert.deepEqual(line!.encoding['color']!.scale!.domain, ['iptables', 'ipvs']);
  assert.equal(line!.encoding['strokeDash']!.field, 'series');
  const series = new Set(datasets(chart)['results']!.map((r) => r['series']));
  assert.deepEqual([...series], ['mean', 'p50', 'p99']);
  const p99at30k = datasets(chart)['results']!.find((r) => r['variant'] === 'iptables' && r['x'] === 30000 && r['series'] === 'p99');
  assert.equal(p99at30k!['value'], 0.5 + 3 * (30000 * 2e-5));
});

test('CPU: a line per role, units in cores', () => {
  const chart = chartNamed(buildCharts(sweepResults()), 'cpu_cores');
  const line = layers(chart).find((l) => markType(l) === 'line')!;
  assert.equal(line.encoding['y']!.title, 'CPU (cores)');
  assert.equal(line.encoding['strokeDash']!.title, 'role');
  assert.deepEqual([...new Set(datasets(chart)['results']!.map((r) => r['series']))], ['client_node', 'server_node']);
  assert.deepEqual(chart.table.columns, ['variant', 'services', 'client_node', 'server_node']);
  assert.equal(chart.table.rows.length, 8);
});

test('throughput: band from the point-level ci95', () => {
  const chart = chartNamed(buildCharts(sweepResults()), 'throughput_mbps');
  assert.equal(markType(layers(chart)[0]!), 'area');
  assert.equal(layers(chart)[1]!.encoding['y']!.title, 'throughput (Mbit/s)');
  assert.deepEqual(chart.table.columns, ['variant', 'services', 'throughput (Mbit/s)', 'throughput_mbps 95% CI']);
});

test('overlays: distinct black-outlined markers on the matching chart only, with a numbered footnote', () => {
  const charts = buildCharts(sweepResults());
  const first = chartNamed(charts, 'first_packet_latency_ms');
  const overlay = layers(first).find((l) => l.data.name === 'published')!;
  assert.equal(markType(overlay), 'point');
  assert.equal((overlay.mark as { stroke: string }).stroke, 'black');
  assert.equal(overlay.encoding['shape']!.scale!.range![0], 'diamond');
  const rows = datasets(first)['published']!;
  assert.equal(rows.length, 3);
  assert.deepEqual(rows[0], {
    variant: 'iptables', x: 10000, series: 'p99', value: 0.257, reference: 'published p99 [1]',
    source: "Dan Winship, 'NFTables mode for kube-proxy', Kubernetes blog, 2025-02-28", label: 'services = 10000',
  });
  assert.deepEqual(first.footnotes.map((f) => [f.n, f.url]), [[1, 'https://kubernetes.io/blog/2025/02/28/nftables-kube-proxy/']]);
  assert.equal(chartNamed(charts, 'cpu_cores').footnotes[0]!.reference, 'tigera-2019-cpu');
  // The same source's p50 on the same chart: its own marker, the same footnote.
  const results = sweepResults();
  results.overlays!.push({ ...results.overlays![0]!, metric: 'first_packet_latency_ms.p50', points: [{ variant: 'iptables', x: 10000, y: 0.1 }] });
  const both = chartNamed(buildCharts(results), 'first_packet_latency_ms');
  assert.deepEqual(both.footnotes.map((f) => f.n), [1]);
  assert.deepEqual([...new Set(datasets(both)['published']!.map((r) => r['reference']))], ['published p99 [1]', 'published p50 [1]']);
  assert.equal(chartNamed(charts, 'request_latency_ms').footnotes.length, 0);
  assert.ok(!layers(chartNamed(charts, 'request_latency_ms')).some((l) => l.data.name === 'published'));
});

test('an overlay measured along another parameter is not drawn on a swept chart', () => {
  const results = sweepResults();
  results.overlays![0]!.x = 'streams';
  assert.equal(chartNamed(buildCharts(results), 'first_packet_latency_ms').footnotes.length, 0);
});

test('series: latency CDFs in a panel per swept value (first, middle, last), conntrack entries over time with the nf_conntrack_max rule', () => {
  const charts = buildCharts(sweepResults());
  const cdf = chartNamed(charts, 'request_latency_cdf');
  const faceted = cdf.spec as unknown as { facet: { column: { field: string; sort: string[] } }; spec: { layer: Layer[] } };
  assert.equal(faceted.spec.layer[0]!.encoding['x']!.title, 'latency (ms)');
  assert.equal(faceted.spec.layer[0]!.encoding['y']!.title, 'cumulative fraction');
  assert.equal(faceted.facet.column.field, 'run');
  assert.deepEqual(faceted.facet.column.sort, ['100', '1000', '30000']);
  assert.deepEqual(new Set(datasets(cdf)['series']!.map((r) => r['run'])), new Set(['100', '1000', '30000']));
  assert.equal(cdf.table.rows.length, 4 * 2 * 4, 'the table keeps every swept value');
  const conntrack = chartNamed(charts, 'conntrack_entries');
  assert.equal(layers(conntrack)[0]!.encoding['x']!.title, 't (s)');
  const rule = layers(conntrack).find((l) => markType(l) === 'rule')!;
  assert.equal(rule.data.name, 'limits');
  assert.deepEqual(datasets(conntrack)['limits'], [{ label: 'nf_conntrack_max = 131,072', value: 131072 }]);
});

test('nothing swept: bars by variant, overlays placed by variant', () => {
  const charts = buildCharts(hostileResults());
  const throughput = chartNamed(charts, 'throughput_mbps');
  const [bar, overlay] = layers(throughput);
  assert.equal(markType(bar!), 'bar');
  assert.equal(bar!.encoding['x']!.field, 'variant');
  assert.equal(overlay!.data.name, 'published');
  assert.equal(throughput.footnotes[0]!.source, '<i>source</i>');
  const latency = chartNamed(charts, 'request_latency_ms');
  assert.equal(layers(latency)[0]!.encoding['x']!.field, 'series');
  assert.equal(layers(latency)[0]!.encoding['xOffset']!.field, 'variant');
});

test('a metric the registry lacks is an internal error, not a chart in a catch-all section', () => {
  const results = sweepResults();
  for (const [i, p] of results.points.entries()) p.metrics['dns_queries_per_s'] = 5 + i;
  assert.throws(() => buildSections(results), /^Error: metric dns_queries_per_s is not in reports\/metric-registry\.ts$/);
});

test('a metric with one value at every point is a line of text, not a flat chart', () => {
  const results = sweepResults();
  for (const p of results.points) p.metrics['connections_failed'] = 0;
  const sections = buildSections(results);
  const connections = sections.find((s) => s.id === 'connections')!;
  assert.deepEqual(connections.charts, []);
  assert.deepEqual(connections.constants, [{ name: 'connections_failed', title: 'connections failed', value: 0 }]);
  results.points[3]!.metrics['connections_failed'] = 2;
  assert.deepEqual(buildSections(results).find((s) => s.id === 'connections')!.charts.map((c) => c.name), ['connections_failed']);
});

test('more than ten variants get twenty distinct colours; values over two decades a log y axis', () => {
  const results = sweepResults();
  const base = results.points.filter((p) => p.variant === 'iptables');
  for (let v = 0; v < 10; v++) results.points.push(...base.map((p) => ({ ...p, variant: `mode-${v}` })));
  const latency = chartNamed(buildCharts(results), 'first_packet_latency_ms');
  const color = layers(latency).find((l) => markType(l) === 'line')!.encoding['color']!;
  // Twelve variants with nothing in common: two panels of six, each variant its own colour.
  assert.deepEqual((latency.spec as unknown as { facet: { column: { sort: string[] } } }).facet.column.sort, ['variants 1-6', 'variants 7-12']);
  assert.equal(color.scale!.domain!.length, 12);
  assert.equal(new Set(color.scale!.range).size, 20);
  // First-packet p50 from 0.012 ms (iptables at 100 Services) to p99 0.03 + 2 × 0.6 ms: 0.012 to 1.23, two decades.
  assert.equal(layers(latency).find((l) => markType(l) === 'line')!.encoding['y']!.scale?.type, 'log');
  const cpu = chartNamed(buildCharts(sweepResults()), 'cpu_cores');
  assert.equal(layers(cpu).find((l) => markType(l) === 'line')!.encoding['y']!.scale, undefined);
  assert.equal(layers(cpu).find((l) => markType(l) === 'line')!.encoding['color']!.scale!.range, undefined);
});

test('CPU by station: the receive queues of a role are one line, their sum', () => {
  const results = sweepResults();
  for (const p of results.points) {
    p.metrics['cpu_cores_by_station'] = { 'client_node.cpu': 0.5, 'client_node.softirq-0': 0.25, 'client_node.softirq-1': 0.125, 'server_node.softirq-0': 0.0625 };
  }
  results.points[0]!.metrics['cpu_cores_by_station'] = { 'client_node.cpu': 1, 'client_node.softirq-0': 0.25, 'client_node.softirq-1': 0.125, 'server_node.softirq-0': 0.0625 };
  const chart = chartNamed(buildCharts(results), 'cpu_cores_by_station');
  const rows = datasets(chart)['results']!.filter((r) => r['variant'] === 'iptables' && r['x'] === 1000);
  assert.deepEqual(rows.map((r) => [r['series'], r['value']]), [['client_node.cpu', 0.5], ['client_node.softirq (2 queues)', 0.375], ['server_node.softirq (1 queue)', 0.0625]]);
});

test('a time series of one variant over a sweep: the swept values get the colours, several variants keep theirs and dash by value', () => {
  const results = sweepResults();
  const several = layers(chartNamed(buildCharts(results), 'conntrack_entries'))[0]!;
  assert.equal(several.encoding['color']!.field, 'variant');
  assert.equal(several.encoding['strokeDash']!.field, 'run');
  results.points = results.points.filter((p) => p.variant === 'iptables');
  const one = layers(chartNamed(buildCharts(results), 'conntrack_entries'))[0]!;
  assert.equal(one.encoding['color']!.field, 'run');
  assert.equal(one.encoding['strokeDash'], undefined);
});

test('an empty distribution is not drawn as zero; zeros beside decades of values get a symmetric-log axis', () => {
  const results = sweepResults();
  const empty = { mean: null, p50: null, p90: null, p99: null, p999: null, max: null, count: 0 };
  results.points[0]!.metrics['sync_ms'] = empty;
  for (const [i, p] of results.points.slice(1).entries()) p.metrics['sync_ms'] = { mean: 10 ** i, p50: 10 ** i, p90: 10 ** i, p99: 10 ** i, p999: 10 ** i, max: 10 ** i, count: 5 };
  const sync = chartNamed(buildCharts(results), 'sync_ms');
  const rows = datasets(sync)['results']!;
  assert.ok(!rows.some((r) => r['variant'] === 'iptables' && r['x'] === 100), 'no point for the empty distribution');
  assert.equal(layers(sync).find((l) => markType(l) === 'line')!.encoding['y']!.scale?.type, 'log');
  results.points[1]!.metrics['requests_unfinished'] = 0;
  for (const [i, p] of results.points.entries()) if (i !== 1) p.metrics['requests_unfinished'] = 10 ** i;
  const unfinished = chartNamed(buildCharts(results), 'requests_unfinished');
  assert.equal(layers(unfinished).find((l) => markType(l) === 'line')!.encoding['y']!.scale?.type, 'symlog');
});

test('a rolling update\'s phases are labelled vertical rules at their seconds on its time series, per panel when faceted', () => {
  const phases = [
    { x: 10, label: 'start' },
    { x: 12, label: 'first new ready' },
    { x: 18, label: 'last old deleted, last new ready' },
    { x: 23, label: 'last old gone' },
  ];
  const charts = buildCharts(rolloutResults());
  for (const name of ['requests_failed_over_time', 'request_latency_over_time']) {
    const chart = chartNamed(charts, name);
    assert.deepEqual(datasets(chart)['moments'], phases, name);
    const [rule, text] = layers(chart).filter((l) => l.data?.name === 'moments');
    assert.equal(markType(rule!), 'rule');
    assert.equal(rule!.encoding['x']!.field, 'x', 'on the series\' x axis (seconds of the run)');
    assert.equal(rule!.encoding['y'], undefined, 'a vertical rule spans the chart');
    assert.equal(markType(text!), 'text');
    assert.equal((text!.encoding['text'] as { field: string }).field, 'label');
  }
  assert.equal(datasets(chartNamed(charts, 'request_latency_cdf'))['moments'], undefined, 'not on a CDF');
  const notGone = rolloutResults();
  for (const p of notGone.points) (p.metrics['rollout_phases_s'] as Record<string, number>)['last_old_gone'] = -1;
  assert.deepEqual(datasets(chartNamed(buildCharts(notGone), 'requests_failed_over_time'))['moments'], phases.slice(0, 3), 'a phase not reached (-1) is not drawn');

  // Seven variants: two panels, each row of the facet (a Services count) gets every phase once.
  const faceted = chartNamed(buildCharts(rolloutResults(['a', 'b', 'c', 'd', 'e', 'f', 'g'])), 'requests_failed_over_time');
  const rows = datasets(faceted)['series']!.filter((r) => r['kind'] === 'moment');
  const panels = [...new Set(rows.map((r) => r['panel']))];
  assert.equal(panels.length, 2);
  assert.equal(rows.length, 2 * 2 * phases.length);
  for (const panel of panels) {
    for (const run of ['1000', '20000']) {
      assert.deepEqual(rows.filter((r) => r['panel'] === panel && r['run'] === run).map((r) => ({ x: r['x'], label: r['label'] })), phases);
    }
  }
  const [lines, rule] = layers(faceted) as unknown as { transform: { filter: string }[]; mark: { type: string } }[];
  assert.deepEqual(lines!.transform, [{ filter: "datum.kind !== 'moment'" }]);
  assert.equal(rule!.mark.type, 'rule');
  assert.deepEqual(rule!.transform, [{ filter: "datum.kind === 'moment'" }]);
});
