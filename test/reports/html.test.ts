import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildSections } from '../../reports/charts.ts';
import { escapeHtml, renderHtml, scriptJson } from '../../reports/html.ts';
import type { Results } from '../../reports/results.ts';
import { renderSvg } from '../../reports/svg.ts';
import { META, hostileResults, sweepResults } from './fixtures.ts';

async function page(results: Results): Promise<string> {
  const sections = buildSections(results);
  const svgs = await Promise.all(sections.flatMap((s) => s.charts).map((c) => renderSvg(c.spec)));
  return renderHtml(results, META, sections, svgs);
}

/** The page outside the inlined library bundles. */
function ownMarkup(html: string): string {
  return html.replace(/<script>!function[\s\S]*?<\/script>/g, '');
}

test('escaping: hostile scenario text appears as text, never as markup', async () => {
  const html = await page(hostileResults());
  assert.ok(html.includes('<h1>&#60;script&#62;alert(1)&#60;/script&#62;</h1>'));
  assert.ok(!html.includes('<script>alert'));
  assert.ok(!html.includes('<img src=x'));
  assert.ok(!html.includes('<b>udp</b>'));
  assert.ok(!html.includes('<i>source</i>'));
  assert.ok(!html.includes('javascript:alert'), 'only http(s) links are linked');
  // The only </script> closings are those of our own script elements.
  const own = ownMarkup(html);
  assert.equal(own.match(/<\/script>/g)!.length, 2);
  const json = own.match(/<script type="application\/json" id="podpath-specs">([\s\S]*?)<\/script>/)![1]!;
  assert.ok(!json.includes('<'));
  assert.equal((JSON.parse(json) as unknown[]).length, 3);
});

test('scriptJson escapes < so a string cannot close the script', () => {
  assert.equal(scriptJson({ a: '</script><b>' }), '{"a":"\\u003c/script>\\u003cb>"}');
  assert.deepEqual(JSON.parse(scriptJson({ a: '</script>' })), { a: '</script>' });
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
});

test('the summary names the scenario, comparison, sweep, seed, replications, version and the run', async () => {
  const html = await page(sweepResults());
  for (const fact of [
    '<h1>iptables vs IPVS</h1>', 'Service count sweep', '<dd>iptables, ipvs</dd>', '<dd>services: 100, 1000, 10000, 30000</dd>',
    '<dt>Seed</dt><dd>42</dd>', '<dt>Replications</dt><dd>3</dd>', '<dt>podpath version</dt><dd>0.1.0</dd>',
    '<dt>Wall time</dt><dd>12.3 s</dd>', '<dt>Workers</dt><dd>4</dd>', '2025-01-02T03:04:05.000Z',
  ]) assert.ok(html.includes(fact), `missing ${fact}`);
});

test('every chart has a static SVG with marks, footnotes citing overlays, and its table', async () => {
  const html = await page(sweepResults());
  const charts = html.match(/<div class="chart" data-chart="\d+"><div class="static"><svg[\s\S]*?<\/svg><\/div><\/div>/g)!;
  assert.equal(charts.length, buildSections(sweepResults()).flatMap((s) => s.charts).length);
  for (const chart of charts) assert.match(chart, /class="mark-(line|symbol|rect|area)[^"]*"[^>]*><path/);
  assert.match(html, /<li value="1">Published: Dan Winship, &#39;NFTables mode for kube-proxy&#39;, Kubernetes blog, 2025-02-28 — <a href="https:\/\/kubernetes.io\/blog\/2025\/02\/28\/nftables-kube-proxy\/">/);
  assert.equal(ownMarkup(html).match(/<table>/g)!.length, charts.length);
  assert.match(html, /<td>iptables<\/td><td class="num">30,000<\/td>/);
});

test('the page is self-contained: Vega, Vega-Lite and vega-embed inlined, nothing loaded from elsewhere', async () => {
  const html = await page(sweepResults());
  assert.ok(html.includes('vegaEmbed'));
  assert.ok(html.includes('.vegaLite='));
  assert.doesNotMatch(ownMarkup(html), /<script[^>]+src=|<link[^>]+href=/);
});
