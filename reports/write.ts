/**
 * Writes a run's outputs: results.json (byte-identical for identical results: nothing about the
 * machine or the clock goes in it), results.csv, report.html and, on request, each chart as
 * charts/<name>.svg. Everything is first written into a temporary folder beside the output folder
 * and renamed into place only once all of it succeeded, so a failure never leaves a half-written
 * report, nor a report that disagrees with its results.json.
 */
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { buildSections } from './charts.ts';
import { toCsv } from './csv.ts';
import { renderHtml } from './html.ts';
import type { Results, RunMeta } from './results.ts';
import { renderSvg } from './svg.ts';
import type { TopLevelSpec } from 'vega-lite';

export interface WriteOptions {
  /** Also write each chart as charts/<name>.svg. */
  svg?: boolean;
  /** Renders one chart's static SVG (a worker pool's, to render charts in parallel); by default
   *  on this thread. Any renderer gives the same bytes: an SVG depends on its spec alone. */
  render?: (spec: TopLevelSpec) => Promise<string>;
}

export function resultsJson(results: Results): string {
  return JSON.stringify(results, null, 2) + '\n';
}

/** A temporary folder on the same file system as `outDir`, so renames out of it are atomic. */
async function tempBeside(outDir: string): Promise<string> {
  await mkdir(dirname(outDir), { recursive: true });
  return mkdtemp(join(dirname(outDir), `.${basename(outDir)}.tmp-`));
}

/** Writes only results.json, atomically (for partial or interrupted runs). */
export async function writeResultsJson(outDir: string, results: Results): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const temp = join(outDir, `.results.json.tmp-${process.pid}`);
  try {
    await writeFile(temp, resultsJson(results));
    await rename(temp, join(outDir, 'results.json'));
  } finally {
    await rm(temp, { force: true });
  }
}

/** File name for a chart: its name with anything outside [A-Za-z0-9_.-] replaced. */
function chartFile(name: string): string {
  return `${name.replace(/[^A-Za-z0-9_.-]/g, '_')}.svg`;
}

export async function writeOutputs(outDir: string, results: Results, meta: RunMeta, opts: WriteOptions = {}): Promise<void> {
  const sections = buildSections(results);
  const charts = sections.flatMap((s) => s.charts);
  const render = opts.render ?? renderSvg;
  const svgs = await Promise.all(charts.map((c) => render(c.spec)));
  const html = await renderHtml(results, meta, sections, svgs);

  const temp = await tempBeside(outDir);
  try {
    const files: [string, string][] = [
      ['results.json', resultsJson(results)],
      ['results.csv', toCsv(results)],
      ['report.html', html],
    ];
    for (const [name, text] of files) await writeFile(join(temp, name), text);
    if (opts.svg) {
      await mkdir(join(temp, 'charts'));
      for (const [i, chart] of charts.entries()) await writeFile(join(temp, 'charts', chartFile(chart.name)), svgs[i]!);
    }

    await mkdir(outDir, { recursive: true });
    if (opts.svg) {
      // Replace the whole charts/ folder so charts of an earlier run do not linger beside these.
      await rm(join(outDir, 'charts'), { recursive: true, force: true });
      await rename(join(temp, 'charts'), join(outDir, 'charts'));
    }
    for (const [name] of files) await rename(join(temp, name), join(outDir, name));
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}
