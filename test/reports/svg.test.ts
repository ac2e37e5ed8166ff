import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildCharts } from '../../reports/charts.ts';
import { renderSvg } from '../../reports/svg.ts';
import { hostileResults, sweepResults } from './fixtures.ts';

test('the static SVG has the lines, the published markers and the legend', async () => {
  const chart = buildCharts(sweepResults()).find((c) => c.name === 'first_packet_latency_ms')!;
  const svg = await renderSvg(chart.spec);
  assert.match(svg, /^<svg/);
  const symbols = svg.match(/<g class="mark-symbol[^"]*"[^>]*>([\s\S]*?)<\/g>/g)!.join('');
  assert.ok((symbols.match(/<path/g) ?? []).length >= 3 + 8, 'line points and 3 published diamonds');
  assert.match(svg, /stroke="black"/);
  for (const text of ['iptables', 'ipvs', 'published p99 [1]', 'variant', 'first packet latency (ms)', 'services']) {
    assert.ok(svg.includes(`>${text}<`), `missing text ${text}`);
  }
});

test('text from the scenario is escaped in the SVG', async () => {
  const svg = await renderSvg(buildCharts(hostileResults())[0]!.spec);
  assert.ok(!svg.includes('<b>udp'));
  assert.ok(svg.includes('&lt;b&gt;udp&lt;/b&gt;'));
});
