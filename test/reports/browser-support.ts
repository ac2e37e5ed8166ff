/**
 * Opening reports in a real browser: the Chromium launch every browser check and screenshot uses,
 * the fixture reports, and `checkReportInBrowser`, which loads one report.html from file:// and
 * lists what is wrong with it (charts not rendered, console errors, network requests, dialogs).
 * Kept apart from the test so more reports (the bundled scenarios' outputs) can be checked the
 * same way.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type ConsoleMessage, type Dialog, type Page, type Request } from 'playwright-core';
import { writeOutputs } from '../../reports/write.ts';
import { META, hostileResults, rolloutResults, sweepResults } from './fixtures.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Headless Debian Chromium; Playwright gives every launch a fresh, temporary user-data dir. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} not found: install it with "apt-get install -y chromium" (.ci/run does)`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** Writes the fixture reports under `dir`; returns the report.html paths. */
export async function writeFixtureReports(dir: string): Promise<string[]> {
  const reports = { sweep: sweepResults(), hostile: hostileResults(), rollout: rolloutResults(), 'rollout-panels': rolloutResults(['a', 'b', 'c', 'd', 'e', 'f', 'g']) };
  const paths: string[] = [];
  for (const [name, results] of Object.entries(reports)) {
    await writeOutputs(join(dir, name), results, META);
    paths.push(join(dir, name, 'report.html'));
  }
  return paths;
}

const MARKS = 'svg .mark-line path, svg .mark-symbol path, svg .mark-rect path, svg .mark-area path, canvas';

/**
 * Loads `htmlPath` in `page`, waits for every chart's interactive embed, and returns the problems
 * found (empty when the report is fine): a chart without an SVG or canvas holding marks, a
 * console error or uncaught exception, any request but the page itself, any dialog.
 */
export async function checkReportInBrowser(page: Page, htmlPath: string): Promise<string[]> {
  const url = pathToFileURL(resolve(htmlPath)).href;
  const problems: string[] = [];
  const onConsole = (m: ConsoleMessage) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  };
  const onPageError = (e: Error) => problems.push(`uncaught: ${e.message}`);
  const onRequest = (r: Request) => {
    if (r.url() !== url) problems.push(`network request: ${r.url()}`);
  };
  const onDialog = (d: Dialog) => {
    problems.push(`dialog (${d.type()}): ${d.message()}`);
    void d.dismiss();
  };
  page.on('console', onConsole);
  page.on('pageerror', onPageError);
  page.on('request', onRequest);
  page.on('dialog', onDialog);
  try {
    await page.goto(url);
    await page.waitForFunction(() => document.body.dataset['charts'] === 'done', null, { timeout: 30_000 });
    const charts = await page.$$eval('.chart', (els, marks) => els.map((el) => ({
      index: (el as HTMLElement).dataset['chart'],
      rendered: (el as HTMLElement).dataset['rendered'] === 'true',
      marks: el.querySelectorAll(marks).length,
    })), MARKS);
    if (charts.length === 0) problems.push('no charts');
    for (const chart of charts) {
      if (!chart.rendered) problems.push(`chart ${chart.index}: interactive embed did not render`);
      if (chart.marks === 0) problems.push(`chart ${chart.index}: no marks drawn`);
    }
  } finally {
    page.off('console', onConsole);
    page.off('pageerror', onPageError);
    page.off('request', onRequest);
    page.off('dialog', onDialog);
  }
  return problems;
}
