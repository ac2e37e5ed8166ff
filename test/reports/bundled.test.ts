/**
 * Every bundled scenario's report, opened in headless Chromium: each scenario (shortened, see
 * bundled-scenarios.ts) goes through the real pipeline into report.html, and the browser check
 * finds every chart rendered with marks, no console error, no network request and no dialog. Each
 * report has the sections its metrics call for, and none falls through to "Other metrics".
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { run } from '../../cli/pipeline.ts';
import { ReplicationPool } from '../../experiments/pool.ts';
import { buildSections } from '../../reports/charts.ts';
import { checkReportInBrowser, launchChromium } from './browser-support.ts';
import { SHORTENED, bundledScenarioNames, writeShortened } from './bundled-scenarios.ts';

let browser: Browser;
let dir: string;
// One worker thread for every scenario's run: a thread through tsx costs about 0.7 s to start.
let pool: ReplicationPool;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'podpath-bundled-'));
  browser = await launchChromium();
  pool = new ReplicationPool(1);
});
after(async () => {
  await pool?.close();
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

test('every bundled scenario has a shortened form for the browser test', async () => {
  assert.deepEqual(await bundledScenarioNames(), Object.keys(SHORTENED).sort());
});

test('the bundled scenarios\' reports render in Chromium from file://, offline, with no errors', async (t) => {
  for (const name of await bundledScenarioNames()) {
    await t.test(name, async () => {
      const file = await writeShortened(name, dir);
      const outDir = join(dir, 'out', name);
      const results = await run({ file, outDir, workers: 1, pool });
      assert.ok(results.points.length > 0);
      assert.deepEqual(buildSections(results).map((s) => s.id), SHORTENED[name]!.sections);
      const page = await browser.newPage();
      try {
        assert.deepEqual(await checkReportInBrowser(page, join(outDir, 'report.html')), []);
      } finally {
        await page.close();
      }
    });
  }
});
