/**
 * Reports of many variants: kube-proxy-modes' 12 variants are split by keepalive into two panels
 * of six, coloured by mode alike on every chart. In headless Chromium the shortened report shows
 * at most 6 lines in any panel of any chart, a click on a legend entry dims the other colours'
 * lines, and the console stays clean.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { parse } from 'yaml';
import type { Browser } from 'playwright-core';
import { run } from '../../cli/pipeline.ts';
import type { Results } from '../../reports/results.ts';
import { variantGroups } from '../../reports/variant-groups.ts';
import { launchChromium } from './browser-support.ts';
import { SCENARIOS_DIR, writeShortened } from './bundled-scenarios.ts';

let browser: Browser;
let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'podpath-groups-'));
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

test('kube-proxy-modes: two panels by requestsPerConnection, a colour per mode shared across them', async () => {
  const scenario = parse(await readFile(join(SCENARIOS_DIR, 'kube-proxy-modes.yaml'), 'utf8'));
  scenario.traffic.requestsPerConnection = 1;
  const results = { scenario, points: scenario.compare.map((c: { name: string }) => ({ variant: c.name, params: {}, replications: 1, metrics: {} })) } as Results;
  const g = variantGroups(results);
  assert.deepEqual(g.panels, ['requestsPerConnection: 1', 'requestsPerConnection: 100']);
  assert.deepEqual(g.colours, ['iptables', 'iptables-legacy', 'ipvs', 'nftables', 'ebpf', 'userspace']);
  assert.equal(g.colourOf('iptables-legacy-keepalive'), 'iptables-legacy');
  assert.equal(g.panelOf('ebpf-keepalive'), 'requestsPerConnection: 100');
  assert.equal(g.panelOf('ebpf'), 'requestsPerConnection: 1');
  // Six variants or fewer: one panel, each variant its own colour.
  const few = { ...results, points: results.points.slice(0, 6) };
  assert.deepEqual(variantGroups(few).panels, []);
});

test('the kube-proxy-modes report in Chromium: at most 6 lines per panel, the legend toggles variants, no console error', async () => {
  const file = await writeShortened('kube-proxy-modes', dir);
  const outDir = join(dir, 'out');
  await run({ file, outDir, workers: 1 });
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(pathToFileURL(join(outDir, 'report.html')).href);
    await page.waitForFunction(() => document.body.dataset['charts'] === 'done', null, { timeout: 60_000 });
    // Lines per panel: the line paths of each facet cell (the items of the "cell" group), or of the
    // whole chart when it has none.
    const counts = await page.$$eval('.chart svg.marks', (svgs) => svgs.map((svg) => {
      const cells = [...svg.querySelectorAll('g.role-scope.cell > g')];
      return (cells.length > 0 ? cells : [svg]).map((c) => c.querySelectorAll('g.mark-line path').length);
    }));
    assert.ok(counts.length >= 10, `charts: ${counts.length}`);
    assert.ok(counts.some((cs) => cs.length >= 4), `some chart is faceted: ${JSON.stringify(counts)}`);
    for (const [i, cs] of counts.entries()) assert.ok(Math.max(...cs) <= 6, `chart ${i}: lines per panel ${cs}`);

    // A click on the first legend entry of the first latency chart: iptables's lines stay, the rest fade.
    const chart = page.locator('.chart svg.marks').first();
    const opacities = () => chart.evaluate((svg) => [...svg.querySelectorAll('g.mark-line path')].map((p) => Number(p.getAttribute('opacity') ?? '1')));
    const before = await opacities();
    assert.ok(before.length > 0 && before.every((o) => o === 1), `all lines at full strength: ${before}`);
    await chart.locator('g.role-legend-label text', { hasText: /^iptables$/ }).first().click();
    await page.waitForTimeout(300);
    const after = await opacities();
    const faded = after.filter((o) => o < 0.5).length;
    assert.ok(faded > 0 && faded < after.length, `some lines fade, not all: ${after}`);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
