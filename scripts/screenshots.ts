/**
 * Full-page screenshots of reports, to look at what users see: `npm run screenshots [report.html
 * ...]`. Without arguments it shoots the test fixtures' reports and every out/<name>/report.html.
 * PNGs go to out/screenshots/, named after the report's folder. Also reports any problem the
 * browser check finds, and exits non-zero when there is one.
 */
import { mkdtemp, mkdir, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { checkReportInBrowser, launchChromium, writeFixtureReports } from '../test/reports/browser-support.ts';

const OUT = 'out/screenshots';

async function bundledReports(): Promise<string[]> {
  const dirs = await readdir('out', { withFileTypes: true }).catch(() => []);
  const reports = await Promise.all(dirs.filter((d) => d.isDirectory()).map(async (d) => {
    const files = await readdir(join('out', d.name));
    return files.includes('report.html') ? [join('out', d.name, 'report.html')] : [];
  }));
  return reports.flat();
}

const given = process.argv.slice(2);
const reports = given.length > 0
  ? given
  : [...await writeFixtureReports(await mkdtemp(join(tmpdir(), 'podpath-shots-'))), ...await bundledReports()];

await mkdir(OUT, { recursive: true });
const browser = await launchChromium();
let failed = false;
try {
  for (const report of reports) {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const problems = await checkReportInBrowser(page, report);
    const png = join(OUT, `${basename(dirname(report))}.png`);
    await page.screenshot({ path: png, fullPage: true });
    await page.close();
    console.log(`${png}${problems.length ? `\n  ${problems.join('\n  ')}` : ''}`);
    failed ||= problems.length > 0;
  }
} finally {
  await browser.close();
}
process.exitCode = failed ? 1 : 0;
