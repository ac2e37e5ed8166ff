/**
 * The self-contained `report.html`: the scenario and the run, then a section per metric family,
 * each chart followed by its footnotes (published sources) and the table of its numbers. Vega,
 * Vega-Lite and vega-embed are inlined so the page opens offline; every chart also carries a
 * static SVG rendered in Node, shown until (or unless) the interactive embed replaces it.
 * Everything from the scenario is escaped: as HTML text, and as JSON inside <script> with `<`
 * written \u003c so no string can close the script element.
 */
import { browserBundles } from './bundles.ts';
import type { Chart, Section, Table } from './chart-types.ts';
import { sweptParam, variantLabel, variantsOf } from './flatten.ts';
import type { Results, RunMeta } from './results.ts';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON safe inside a <script> element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

// One formatter for every number (n.toLocaleString('en-US', options) makes it anew on each call).
const FOUR_DIGITS = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 });

function formatNumber(n: number): string {
  return FOUR_DIGITS.format(n);
}

function cell(value: string | number | boolean | undefined): string {
  if (value === undefined) return '<td></td>';
  if (typeof value === 'number') return `<td class="num">${formatNumber(value)}</td>`;
  return `<td>${escapeHtml(String(value))}</td>`;
}

function renderTable(table: Table): string {
  const head = table.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = table.rows.map((row) => `<tr>${row.map(cell).join('')}</tr>`).join('\n');
  const unit = table.unit ? `<caption>${escapeHtml(table.unit)}</caption>` : '';
  const html = `<table>${unit}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
  return table.collapsed ? `<details><summary>Data (${table.rows.length} rows)</summary>${html}</details>` : html;
}

function renderFootnotes(chart: Chart): string {
  if (chart.footnotes.length === 0) return '';
  const items = chart.footnotes.map((f) => {
    const link = f.url && /^https?:\/\//.test(f.url) ? ` — <a href="${escapeHtml(f.url)}">${escapeHtml(f.url)}</a>` : '';
    return `<li value="${f.n}">Published: ${escapeHtml(f.source)}${link}</li>`;
  });
  return `<ol class="footnotes">${items.join('')}</ol>`;
}

function renderChart(chart: Chart, index: number, svg: string): string {
  return `<figure class="chart-block" id="chart-${escapeHtml(chart.name)}">
<h3>${escapeHtml(chart.title)}</h3>
<div class="chart" data-chart="${index}"><div class="static">${svg}</div></div>
${renderFootnotes(chart)}
${renderTable(chart.table)}
</figure>`;
}

function formatWall(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function renderSummary(results: Results, meta: RunMeta): string {
  const { scenario } = results;
  const variants = variantsOf(results);
  const param = sweptParam(results);
  const swept = param === undefined
    ? 'nothing'
    : `${param}: ${[...new Set(results.points.map((p) => String(p.params[param])))].join(', ')}`;
  const facts: [string, string][] = [
    ['Compared (variant)', variants.length === 1 && variants[0] === '' ? 'nothing' : variants.map(variantLabel).join(', ')],
    ['Swept', swept],
    ['Points', String(results.points.length)],
    ['Seed', String(scenario.seed)],
    ['Replications', String(scenario.replications)],
    ['podpath version', results.podpath],
    ['Wall time', formatWall(meta.wallMs)],
    ['Workers', String(meta.workers)],
    ['Run started', meta.startedAt],
  ];
  const description = scenario.description ? `<p class="description">${escapeHtml(scenario.description)}</p>` : '';
  return `<header><h1>${escapeHtml(scenario.name)}</h1>${description}</header>
<section class="summary"><dl>${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>
<details><summary>Scenario as run</summary><pre>${escapeHtml(JSON.stringify(scenario, null, 2))}</pre></details></section>`;
}

const STYLE = `
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1d1d1f;
  background: #fff; margin: 0; line-height: 1.45; }
main { max-width: 980px; margin: 0 auto; padding: 24px 20px 60px; }
h1 { font-size: 1.7rem; margin: 0 0 4px; overflow-wrap: anywhere; }
h2 { font-size: 1.3rem; margin: 40px 0 8px; padding-bottom: 4px; border-bottom: 1px solid #ddd; }
h3 { font-size: 1.05rem; margin: 24px 0 6px; }
.description { color: #444; margin: 0 0 12px; }
.summary dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 12px 0; }
.summary dt { color: #666; } .summary dd { margin: 0; overflow-wrap: anywhere; }
nav ul { padding-left: 18px; margin: 4px 0; } nav li { display: inline; margin-right: 14px; }
figure { margin: 0 0 28px; }
.chart { overflow-x: auto; } .chart svg { max-width: 100%; height: auto; }
.constants { color: #333; margin: 0 0 24px; padding-left: 20px; }
.footnotes { font-size: 0.85rem; color: #444; margin: 4px 0 8px; padding-left: 28px; }
table { border-collapse: collapse; font-size: 0.85rem; margin: 8px 0; }
caption { text-align: left; color: #666; font-size: 0.8rem; }
th, td { padding: 3px 10px; border-bottom: 1px solid #eee; text-align: left; }
th { background: #f6f6f6; font-weight: 600; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
details summary { cursor: pointer; color: #555; font-size: 0.9rem; }
pre { background: #f6f6f6; padding: 10px; overflow-x: auto; font-size: 0.8rem; }
footer { margin-top: 48px; color: #777; font-size: 0.8rem; }
`;

/** Replaces each static SVG by the interactive chart; marks the page when all charts are done. */
const EMBED = `
(() => {
  const specs = JSON.parse(document.getElementById('podpath-specs').textContent);
  const jobs = [...document.querySelectorAll('.chart')].map((el) => {
    const live = document.createElement('div');
    live.hidden = true;
    el.appendChild(live);
    return vegaEmbed(live, specs[Number(el.dataset.chart)], {
      renderer: 'svg',
      actions: { export: true, source: false, compiled: false, editor: false },
    }).then(() => {
      el.querySelector('.static')?.remove();
      live.hidden = false;
      el.dataset.rendered = 'true';
    });
  });
  Promise.allSettled(jobs).then((outcomes) => {
    for (const o of outcomes) if (o.status === 'rejected') console.error(o.reason);
    document.body.dataset.charts = 'done';
  });
})();
`;

/** The whole page. `svgs[i]` is the static rendering of the i-th chart in section order. */
export async function renderHtml(results: Results, meta: RunMeta, sections: Section[], svgs: string[]): Promise<string> {
  const charts = sections.flatMap((s) => s.charts);
  if (svgs.length !== charts.length) throw new Error(`renderHtml: ${charts.length} charts but ${svgs.length} SVGs`);
  let index = 0;
  const body = sections.map((section) => {
    const blocks = section.charts.map((chart) => renderChart(chart, index, svgs[index++]!));
    const constants = section.constants.length === 0
      ? ''
      : `<ul class="constants">${section.constants.map((c) => `<li id="metric-${escapeHtml(c.name)}">${escapeHtml(c.title)}: <b>${formatNumber(c.value)}</b> at every point</li>`).join('')}</ul>`;
    return `<section id="${escapeHtml(section.id)}"><h2>${escapeHtml(section.title)}</h2>\n${blocks.join('\n')}${constants}</section>`;
  });
  const nav = sections.map((s) => `<li><a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a></li>`).join('');
  const bundles = await browserBundles();
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(results.scenario.name)} — podpath report</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${renderSummary(results, meta)}
<nav><ul>${nav}</ul></nav>
${body.join('\n')}
<footer>Generated by podpath ${escapeHtml(results.podpath)} on ${escapeHtml(meta.startedAt)}. Charts: Vega-Lite.</footer>
</main>
${bundles.map((code) => `<script>${code}</script>`).join('\n')}
<script type="application/json" id="podpath-specs">${scriptJson(charts.map((c) => c.spec))}</script>
<script>${EMBED}</script>
</body>
</html>
`;
}
