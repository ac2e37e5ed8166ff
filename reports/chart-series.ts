/**
 * Charts of the series attached to points: latency CDFs (`*_cdf`, columns [x, "fraction"]) and
 * time series such as `conntrack_entries` (columns [t_s, entries]). One line per point, coloured
 * by variant. When a parameter is swept, CDFs get a panel per swept value (at most three: first,
 * middle, last) and the lines of a time series differ by dash (by colour when there is only one
 * variant); the tooltip names the value. A limit (nf_conntrack_max) is drawn as a labelled
 * horizontal rule (on an unfaceted chart); moments of a point's run (a rolling update's phases) as
 * labelled vertical rules, on every panel of a time series. Variants in groups (variant-groups.ts) get a panel row (CDFs) or column (time
 * series, with a row per shown swept value) each, so no panel holds more than six lines; a click
 * on a legend entry brings its lines forward.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Chart, Table } from './chart-types.ts';
import { sweptParam, variantLabel } from './flatten.ts';
import type { PointResult, Results } from './results.ts';
import { CHART_CONFIG, CHART_HEIGHT, CHART_WIDTH, DASH_LEGEND, VARIANT_COLORS, colorEncoding, groupsOf, legendPick, pickedOpacity, spansDecades } from './chart-style.ts';

const HEADER = { labelFontSize: 12, titleFontSize: 12, titleFontWeight: 'normal' };

/** The first, middle and last of more than three values. */
function firstMiddleLast<T>(xs: T[]): T[] {
  return xs.length <= 3 ? xs : [xs[0]!, xs[Math.floor((xs.length - 1) / 2)]!, xs.at(-1)!];
}
import { axisTitle, paramTitle } from './units.ts';

export interface SeriesChartOptions {
  /** Series name (`request_latency_cdf`, `conntrack_entries`). */
  name: string;
  /** Horizontal rules, e.g. the conntrack table limit. */
  limits?: { label: string; value: number }[];
  /** Vertical rules: moments of each point's run on the x axis (a rolling update's phases). */
  moments?: (point: PointResult) => Moment[];
}

/** A labelled moment of a run, at `x` in the series' x unit. */
export interface Moment {
  label: string;
  x: number;
}

const MOMENT_COLOR = '#555';

/**
 * One rule per distinct moment of the points drawn (per panel when `cell` tags the panels),
 * the labels of moments that coincide joined ("last old deleted, last new ready").
 */
function momentRows(points: PointResult[], moments: (point: PointResult) => Moment[], cell: (point: PointResult) => Record<string, string>) {
  const rows = new Map<string, { x: number; label: string } & Record<string, unknown>>();
  for (const point of points) {
    const tags = cell(point);
    for (const m of moments(point)) {
      const key = JSON.stringify([tags, m.x]);
      const row = rows.get(key);
      if (!row) rows.set(key, { ...tags, x: m.x, label: m.label });
      else if (!row.label.split(', ').includes(m.label)) row.label = `${row.label}, ${m.label}`;
    }
  }
  return [...rows.values()];
}

/** The rule and label layers of the moments, on the series' x encoding. */
function momentLayers(x: Record<string, unknown>, xName: string): unknown[] {
  return [
    { mark: { type: 'rule', color: MOMENT_COLOR, strokeDash: [4, 3], strokeWidth: 1 }, encoding: { x, tooltip: [{ field: 'label', title: 'phase' }, { field: 'x', title: xName, format: '.4~g' }] } },
    // Written down the rule from the top, to its right: labels of moments a few pixels apart stay apart.
    { mark: { type: 'text', angle: 90, align: 'left', baseline: 'bottom', dy: -3, fontSize: 10, color: MOMENT_COLOR }, encoding: { x, y: { value: 2 }, text: { field: 'label' } } },
  ];
}

export function seriesChart(results: Results, opts: SeriesChartOptions): Chart {
  const param = sweptParam(results);
  const holders = results.points.filter((p) => p.series?.[opts.name]);
  const [xName, yName] = holders[0]!.series![opts.name]!.columns;
  if (xName === undefined || yName === undefined) {
    throw new Error(`series ${opts.name}: expected two columns, got ${JSON.stringify(holders[0]!.series![opts.name]!.columns)}`);
  }
  const groups = groupsOf(results);
  const grouped = groups.panels.length > 0;
  const rows = holders.flatMap((point) => {
    const run = param !== undefined ? String(point.params[param]) : '';
    const tags = grouped ? { panel: groups.panelOf(point.variant), colour: groups.colourOf(point.variant) } : {};
    return point.series![opts.name]!.rows.map(([x, y]) => ({ variant: variantLabel(point.variant), run, x, y, ...tags }));
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
  const oneVariant = new Set(rows.map((r) => r.variant)).size === 1;
  const coloursRuns = runs.length > 1 && oneVariant;
  const picked = { params: [legendPick(coloursRuns ? 'run' : colorEncoding(results).field)], mark: line };
  if ((isCdf && runs.length > 1) || grouped) {
    // CDFs of several swept values: one panel per value (the first, middle and last when there are
    // more), variants by colour, so a dozen variants stay readable; variants in groups a row of
    // panels per group. A time series of grouped variants: a column per group, a row per swept
    // value shown. The table keeps every value.
    const shown = firstMiddleLast(runs);
    const runFacet = { field: 'run', type: 'ordinal', sort: shown, title: param !== undefined ? paramTitle(param) : null, header: HEADER };
    const panelFacet = { field: 'panel', type: 'nominal', sort: groups.panels, title: null, header: HEADER };
    const facet = isCdf
      ? { ...(runs.length > 1 ? { column: runFacet } : {}), ...(grouped ? { row: panelFacet } : {}) }
      : { column: panelFacet, ...(runs.length > 1 ? { row: runFacet } : {}) };
    const columns = isCdf ? (runs.length > 1 ? shown.length : 1) : groups.panels.length;
    const panelRows = isCdf ? (grouped ? groups.panels.length : 1) : (runs.length > 1 ? shown.length : 1);
    // A facet reads one dataset: the moments' rows, one per panel, are told apart by their kind.
    const moments = isCdf || !opts.moments ? [] : momentRows(holders, opts.moments, (point) => ({
      kind: 'moment', panel: groups.panelOf(point.variant), run: param !== undefined ? String(point.params[param]) : '',
    })).filter((r) => shown.includes(r['run'] as string));
    const lines = { ...picked, ...(moments.length > 0 ? { transform: [{ filter: "datum.kind !== 'moment'" }] } : {}), encoding: { x, y, color: colorEncoding(results), tooltip, opacity: pickedOpacity(1) } };
    const momentLayer = (l: unknown) => ({ ...(l as object), transform: [{ filter: "datum.kind === 'moment'" }] });
    const layer = [lines, ...(moments.length > 0 ? momentLayers(x, xName).map(momentLayer) : [])];
    spec = {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      datasets: { series: [...rows.filter((r) => shown.includes(r.run)), ...moments] },
      data: { name: 'series' },
      facet,
      spec: { width: Math.floor(CHART_WIDTH / columns) - 10, height: panelRows > 1 ? Math.max(140, Math.floor((CHART_HEIGHT * 1.4) / panelRows)) : CHART_HEIGHT, layer },
      resolve: { scale: { x: 'shared', y: 'shared' } },
      config: CHART_CONFIG,
    } as unknown as TopLevelSpec;
  } else {
    const layer: unknown[] = [{
      data: { name: 'series' },
      ...picked,
      encoding: {
        opacity: pickedOpacity(1),
        x,
        y,
        // One variant and several swept values: the values get the colours (dashes would be all
        // the eye has to tell five rates apart); several variants keep their colours and dash by value.
        ...(coloursRuns
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
    const moments = isCdf || !opts.moments ? [] : momentRows(holders, opts.moments, () => ({}));
    if (moments.length > 0) layer.push(...momentLayers(x, xName).map((l) => ({ data: { name: 'moments' }, ...(l as object) })));
    spec = {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: CHART_WIDTH,
      height: CHART_HEIGHT,
      datasets: { series: rows, limits, ...(moments.length > 0 ? { moments } : {}) },
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
