import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { checkReportInBrowser, launchChromium, writeFixtureReports } from './browser-support.ts';

let browser: Browser;
let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'podpath-browser-'));
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

test('reports render in Chromium from file://, offline, with no errors and no script injection', async (t) => {
  const reports = await writeFixtureReports(dir);
  for (const html of reports) {
    await t.test(html, async () => {
      const page = await browser.newPage();
      try {
        assert.deepEqual(await checkReportInBrowser(page, html), []);
      } finally {
        await page.close();
      }
    });
  }
});

test('the check catches a broken report', async () => {
  const [html] = await writeFixtureReports(join(dir, 'broken'));
  const page = await browser.newPage();
  try {
    // A page that fails to embed, alerts and reaches the network: everything the check must see.
    // (A string, not a function: tsx's helpers would not exist in the page.)
    await page.addInitScript(`
      Object.defineProperty(window, 'vegaEmbed', { get: () => () => Promise.reject(new Error('embed failed')), set: () => {} });
      window.addEventListener('DOMContentLoaded', () => {
        alert('hi');
        fetch('https://example.invalid/x').catch(() => {});
      });
    `);
    const problems = await checkReportInBrowser(page, html!);
    assert.ok(problems.some((p) => p.includes('embed failed')), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('dialog (alert)')), problems.join('\n'));
    assert.ok(problems.some((p) => p.includes('network request: https://example.invalid/x')), problems.join('\n'));
    assert.ok(problems.some((p) => p.includes('did not render')), problems.join('\n'));
  } finally {
    await page.close();
  }
});
