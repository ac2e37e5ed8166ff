/**
 * Charts of the series attached to points: latency CDFs (`*_cdf`, columns [x, "fraction"]) and
 * time series such as `conntrack_entries` (columns [t_s, entries]). One line per point, coloured
 * by variant. When a parameter is swept, CDFs get a panel per swept value (at most three: first,
 * middle, last) and the lines of a time series differ by dash (by colour when there is only one
 * variant); the tooltip names the value. A limit (nf_conntrack_max) is drawn as a labelled
 * horizontal rule.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Chart, Table } from './chart-types.ts';
import { sweptParam, variantLabel } from './flatten.ts';
import type { Results } from './results.ts';
import { CHART_CONFIG, CHART_HEIGHT, CHART_WIDTH, DASH_LEGEND, VARIANT_COLORS, colorEncoding, spansDecades } from './chart-style.ts';
import { axisTitle, paramTitle } from './units.ts';

export interface SeriesChartOptions {
  /** Series name (`request_latency_cdf`, `conntrack_entries`). */
  name: string;
  /** Horizontal rules, e.g. the conntrack table limit. */
  limits?: { label: string; value: number }[];
}

export function seriesChart(results: Results, opts: SeriesChartOptions): Chart {
  const param = sweptParam(results);
  const holders = results.points.filter((p) => p.series?.[opts.name]);
  const [xName, yName] = holders[0]!.series![opts.name]!.columns;
  if (xName === undefined || yName === undefined) {
    throw new Error(`series ${opts.name}: expected two columns, got ${JSON.stringify(holders[0]!.series![opts.name]!.columns)}`);
  }
  const rows = holders.flatMap((point) => {
    const run = param !== undefined ? String(point.params[param]) : '';
    return point.series![opts.name]!.rows.map(([x, y]) => ({ variant: variantLabel(point.variant), run, x, y }));
  });
  const isCdf = opts.name.endsWith('_cdf');
  const xs = rows.map((r) => r.x!).filter((x) => x > 0);
  const tooltip = [
    { field: 'variant' },
    ...(param !== undefined ? [{ field: 'run', title: param }] : []),
    { field: 'x', title: xName, format: '.4~g' },
    { field: 'y', title: yName, format: '.4~g' },
  ];
  const runs = [...new Set(rows.map((r) => r.run))];
  const x = { field: 'x', type: 'quantitative', title: axisTitle(xName), scale: isCdf && spansDecades(xs) ? { type: 'log' } : { zero: !isCdf } };
  const y = { field: 'y', type: 'quantitative', title: isCdf ? 'cumulative fraction' : axisTitle(yName) };
  const line = { type: 'line', strokeWidth: 2, interpolate: isCdf ? 'step-after' : 'linear' };
  const limits = opts.limits ?? [];
  let spec: TopLevelSpec;
  if (isCdf && runs.length > 1) {
    // CDFs of several swept values: one panel per value (the first, middle and last when there are
    // more), variants by colour, so a dozen variants stay readable. The table keeps every value.
    const shown = runs.length <= 3 ? runs : [runs[0]!, runs[Math.floor((runs.length - 1) / 2)]!, runs.at(-1)!];
    spec = {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      datasets: { series: rows.filter((r) => shown.includes(r.run)) },
      data: { name: 'series' },
      facet: { column: { field: 'run', type: 'ordinal', sort: shown, title: paramTitle(param!), header: { labelFontSize: 12, titleFontSize: 12, titleFontWeight: 'normal' } } },
      spec: { width: Math.floor(CHART_WIDTH / shown.length) - 10, height: CHART_HEIGHT, mark: line, encoding: { x, y, color: colorEncoding(results), tooltip } },
      resolve: { scale: { x: 'shared', y: 'shared' } },
      config: CHART_CONFIG,
    } as unknown as TopLevelSpec;
  } else {
    const oneVariant = new Set(rows.map((r) => r.variant)).size === 1;
    const layer: unknown[] = [{
      data: { name: 'series' },
      mark: line,
      encoding: {
        x,
        y,
        // One variant and several swept values: the values get the colours (dashes would be all
        // the eye has to tell five rates apart); several variants keep their colours and dash by value.
        ...(runs.length > 1 && oneVariant
          ? { color: { field: 'run', type: 'ordinal', title: paramTitle(param!), sort: runs, scale: { range: VARIANT_COLORS } } }
          : { color: colorEncoding(results) }),
        ...(runs.length > 1 && !oneVariant ? { strokeDash: { field: 'run', type: 'nominal', title: param !== undefined ? paramTitle(param) : 'run', sort: runs, legend: DASH_LEGEND } } : {}),
        tooltip,
      },
    }];
    if (limits.length > 0) {
      layer.push(
        { data: { name: 'limits' }, mark: { type: 'rule', color: '#b00020', strokeDash: [6, 3], strokeWidth: 1.5 }, encoding: { y: { field: 'value', type: 'quantitative' }, tooltip: [{ field: 'label' }, { field: 'value' }] } },
        { data: { name: 'limits' }, mark: { type: 'text', align: 'left', dx: 4, dy: -7, color: '#b00020', fontSize: 11 }, encoding: { x: { datum: 0 }, y: { field: 'value', type: 'quantitative' }, text: { field: 'label' } } },
      );
    }
    spec = {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: CHART_WIDTH,
      height: CHART_HEIGHT,
      datasets: { series: rows, limits },
      layer,
      config: CHART_CONFIG,
    } as unknown as TopLevelSpec;
  }
  const table: Table = {
    columns: ['variant', ...(param !== undefined ? [param] : []), axisTitle(xName), isCdf ? 'cumulative fraction' : axisTitle(yName)],
    rows: rows.map((r) => [r.variant, ...(param !== undefined ? [r.run] : []), r.x, r.y]),
    collapsed: true,
  };
  const title = isCdf ? `${axisTitle(opts.name.slice(0, -'_cdf'.length)).replace(/ \(.*\)$/, '')} CDF` : `${axisTitle(opts.name)} over time`;
  return { name: opts.name, title, spec, table, footnotes: [] };
}
