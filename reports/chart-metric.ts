/**
 * A chart of one metric against the swept parameter: a line per (variant, statistic or role),
 * a shaded band where a 95% confidence interval is known, published points as black-outlined
 * markers. More than six lines are split into panels: a column per group of variants
 * (variant-groups.ts) and a row per statistic or role, so no panel holds more than six. A click on
 * a legend entry brings its lines forward. With nothing swept the same data becomes bars by
 * variant with error bars. The table under the chart holds the very numbers plotted.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Chart, Table } from './chart-types.ts';
import { type FlatMetrics, flattenMetrics, variantLabel } from './flatten.ts';
import { overlaysFor } from './overlays.ts';
import type { Results } from './results.ts';
import { CHART_CONFIG, CHART_HEIGHT, CHART_WIDTH, DASH_LEGEND, REFERENCE_SHAPES, colorEncoding, groupsOf, legendPick, pickedOpacity, spansDecades, xAxis } from './chart-style.ts';
import { variantsOf } from './flatten.ts';
import { MAX_LINES } from './variant-groups.ts';
import { axisTitle } from './units.ts';

/** A line of the chart: the metric path it plots and how the legend names it (`p99`, `client_node`). */
export interface MetricLine {
  path: string;
  label: string;
  /** The line is the sum of these paths (every receive queue's softirq of a role), not `path`. */
  sumOf?: string[];
}

/** A line's value at a point: its path's, or the sum of its parts when any is there; none for a
 *  statistic of an empty distribution (null). */
export function lineValue(flat: FlatMetrics, line: MetricLine): number | undefined {
  if (!line.sumOf) return flat[line.path] ?? undefined;
  const parts = line.sumOf.map((p) => flat[p]).filter((v) => typeof v === 'number');
  return parts.length > 0 ? parts.reduce((a, b) => a + b, 0) : undefined;
}

export interface MetricChartOptions {
  /** Metric name; also the chart's file name. */
  name: string;
  lines: MetricLine[];
  /** Legend title for the lines when there are several: `statistic`, `role`. */
  linesTitle: string;
}

interface Row {
  variant: string;
  x?: number | string;
  series: string;
  value: number;
  lo?: number;
  hi?: number;
}

/** The confidence bounds of a path: its own, or for a distribution's mean the distribution's. */
function bounds(flat: FlatMetrics, path: string): [number, number] | undefined {
  const base = path.endsWith('.mean') ? path.slice(0, -'.mean'.length) : path;
  for (const p of [path, base]) {
    const lo = flat[`${p}.ci95_lo`];
    const hi = flat[`${p}.ci95_hi`];
    if (typeof lo === 'number' && typeof hi === 'number') return [lo, hi];
  }
  return undefined;
}

function rowsOf(results: Results, lines: MetricLine[], param: string | undefined): Row[] {
  return results.points.flatMap((point) => {
    const flat = flattenMetrics(point);
    return lines.flatMap((line) => {
      const value = lineValue(flat, line);
      // A statistic of an empty distribution (no sync finished, nothing programmed) is null, no
      // value: drawn as 0 it would read as "instant". The cell stays empty in the table too.
      if (value === undefined) return [];
      const ci = line.sumOf ? undefined : bounds(flat, line.path);
      return [{
        variant: variantLabel(point.variant),
        ...(param !== undefined ? { x: point.params[param] as number | string } : {}),
        series: line.label,
        value,
        ...(ci ? { lo: ci[0], hi: ci[1] } : {}),
      }];
    });
  });
}

/** Tables longer than this are folded under their chart (a click shows them). */
const FOLD_ROWS = 24;

function tableOf(rows: Row[], lines: MetricLine[], param: string | undefined, name: string): Table {
  const withCi = new Set(rows.filter((r) => r.lo !== undefined).map((r) => r.series));
  const columns = ['variant', ...(param !== undefined ? [param] : [])];
  for (const line of lines) {
    columns.push(lines.length > 1 ? `${line.label}` : axisTitle(name));
    if (withCi.has(line.label)) columns.push(`${line.label} 95% CI`);
  }
  const keys = [...new Set(rows.map((r) => JSON.stringify([r.variant, r.x ?? null])))];
  const body = keys.map((key) => {
    const [variant, x] = JSON.parse(key) as [string, number | string | null];
    const cells: (string | number | undefined)[] = [variant, ...(param !== undefined ? [x ?? undefined] : [])];
    for (const line of lines) {
      const row = rows.find((r) => r.variant === variant && (r.x ?? null) === x && r.series === line.label);
      cells.push(row?.value);
      if (withCi.has(line.label)) cells.push(row?.lo !== undefined ? `${fmt(row.lo)} – ${fmt(row.hi!)}` : undefined);
    }
    return cells;
  });
  return { columns, rows: body, ...(lines.length > 1 ? { unit: axisTitle(name) } : {}), ...(body.length > FOLD_ROWS ? { collapsed: true } : {}) };
}

// One formatter for every cell: n.toLocaleString('en-US', options) makes the same formatter anew on
// each call (ECMA-402), which cost the report about as much as all its tables otherwise do.
const FOUR_DIGITS = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 });

function fmt(n: number): string {
  return FOUR_DIGITS.format(n);
}

/** Header style of panel rows and columns. */
const HEADER = { labelFontSize: 12, titleFontSize: 12, titleFontWeight: 'normal' };

/** A faceted chart reads one dataset: each layer keeps the rows of the dataset it named. */
function fromOneDataset(layer: unknown): unknown {
  const { data, transform, ...rest } = layer as { data: { name: string }; transform?: unknown[] };
  return { ...rest, transform: [{ filter: `datum.kind === '${data.name}'` }, ...(transform ?? [])] };
}

export function metricChart(results: Results, opts: MetricChartOptions): Chart {
  const x = xAxis(results);
  const rows = rowsOf(results, opts.lines, x.param);
  const published = overlaysFor(results, opts.lines, x.param);
  const several = opts.lines.length > 1;
  const color = colorEncoding(results);
  const groups = groupsOf(results);
  const inPanel = new Map<string, number>();
  for (const v of variantsOf(results)) inPanel.set(groups.panelOf(v), (inPanel.get(groups.panelOf(v)) ?? 0) + 1);
  const byPanel = x.param !== undefined && groups.panels.length > 0;
  const bySeries = x.param !== undefined && several && Math.max(...inPanel.values()) * opts.lines.length > MAX_LINES;
  // A log y axis when the positive values span more than two decades (eBPF's 0.01 ms beside the
  // legacy iptables walk's 3 ms would otherwise sit on the x axis); bars keep a linear axis.
  const ys = [...rows.flatMap((r) => [r.value, r.lo ?? r.value, r.hi ?? r.value]), ...published.rows.map((r) => r.value)];
  const logY = x.param !== undefined && spansDecades(ys.filter((v) => v > 0));
  // Zeros have no place on a log axis: beside them the axis is symmetric-log (linear near 0).
  const yScale = logY ? { scale: { type: ys.some((v) => v <= 0) ? 'symlog' : 'log' } } : {};
  const y = { field: 'value', type: 'quantitative', title: axisTitle(opts.name), ...yScale };
  const seriesTooltip = several ? [{ field: 'series', title: opts.linesTitle }] : [];
  const xTooltip = x.param !== undefined ? [{ field: 'x', title: x.param }] : [];
  const tooltip = [{ field: 'variant' }, ...xTooltip, ...seriesTooltip, { field: 'value', title: opts.name, format: '.4~g' }];
  const hasBand = rows.some((r) => r.lo !== undefined);
  const shape = {
    field: 'reference',
    type: 'nominal',
    title: 'published',
    scale: { range: REFERENCE_SHAPES },
  };
  const overlayTooltip = [{ field: 'source' }, { field: 'variant' }, { field: 'label', title: 'point' }, { field: 'value', title: opts.name }];
  const overlayMark = { type: 'point', filled: true, size: 130, stroke: 'black', strokeWidth: 1.5, opacity: 1 };

  // Unswept: bars by variant (grouped by statistic/role when there are several lines).
  const position = x.param !== undefined
    ? { x: x.encoding }
    : several
      ? { x: { field: 'series', type: 'nominal', title: opts.linesTitle, sort: opts.lines.map((l) => l.label), axis: { labelAngle: 0 } }, xOffset: { field: 'variant', type: 'nominal', scale: { domain: color.scale.domain } } }
      : { x: { field: 'variant', type: 'nominal', title: 'variant', sort: color.scale.domain, axis: { labelAngle: 0 } } };

  const layer: unknown[] = [];
  if (x.param !== undefined) {
    if (hasBand) {
      layer.push({
        data: { name: 'results' },
        transform: [{ filter: 'isValid(datum.lo)' }],
        mark: { type: 'area', opacity: 0.18 },
        encoding: { ...position, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color, detail: { field: 'series' }, opacity: pickedOpacity(0.18, 0.03) },
      });
    }
    // Points are their own layer: on the line layer they would turn the dash legend into dots.
    const dash = several && !bySeries ? { strokeDash: { field: 'series', type: 'nominal', title: opts.linesTitle, sort: opts.lines.map((l) => l.label), legend: DASH_LEGEND } } : {};
    layer.push(
      {
        data: { name: 'results' },
        params: [legendPick(color.field)],
        mark: { type: 'line', strokeWidth: 2 },
        encoding: { ...position, y, color, ...dash, detail: { field: 'series' }, opacity: pickedOpacity(1) },
      },
      { data: { name: 'results' }, mark: { type: 'point', filled: true, size: 30 }, encoding: { ...position, y, color, detail: { field: 'series' }, tooltip, opacity: pickedOpacity(1) } },
    );
  } else {
    layer.push({ data: { name: 'results' }, mark: { type: 'bar', width: { band: 0.7 } }, encoding: { ...position, y, color, tooltip } });
    if (hasBand) {
      layer.push({
        data: { name: 'results' },
        transform: [{ filter: 'isValid(datum.lo)' }],
        mark: { type: 'rule', color: 'black' },
        encoding: { ...position, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } },
      });
    }
  }
  if (published.rows.length > 0) {
    // On bars the variant is the bar's position; a white marker stands out from its own colour.
    const overlayColor = x.param !== undefined ? { color } : {};
    const mark = x.param !== undefined ? overlayMark : { ...overlayMark, color: 'white', strokeWidth: 2, size: 170 };
    layer.push({ data: { name: 'published' }, mark, encoding: { ...position, y, ...overlayColor, shape, tooltip: overlayTooltip } });
  }

  // Only the panels with something to draw (keepalive variants may open no new connection at all).
  const panels = groups.panels.filter((p) => rows.some((r) => groups.panelOf(r.variant) === p));
  const columns = byPanel ? Math.max(1, panels.length) : 1;
  const facetRows = bySeries ? opts.lines.length : 1;
  const tag = (kind: string) => (r: { variant: string }) => ({ ...r, kind, panel: groups.panelOf(r.variant), colour: groups.colourOf(r.variant) });
  const spec = (byPanel || bySeries ? {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    datasets: { all: [...rows.map(tag('results')), ...published.rows.map(tag('published'))] },
    data: { name: 'all' },
    facet: {
      ...(byPanel ? { column: { field: 'panel', type: 'nominal', sort: panels, title: null, header: HEADER } } : {}),
      ...(bySeries ? { row: { field: 'series', type: 'nominal', sort: opts.lines.map((l) => l.label), title: opts.linesTitle, header: HEADER } } : {}),
    },
    spec: { width: Math.floor(CHART_WIDTH / columns) - 10, height: facetRows > 1 ? Math.max(140, Math.floor((CHART_HEIGHT * 1.4) / facetRows)) : CHART_HEIGHT, layer: layer.map(fromOneDataset) },
    resolve: { scale: { x: 'shared', y: 'shared' } },
    config: CHART_CONFIG,
  } : {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    datasets: { results: rows, published: published.rows },
    layer,
    config: CHART_CONFIG,
  }) as unknown as TopLevelSpec;
  return { name: opts.name, title: axisTitle(opts.name).replace(/ \(.*\)$/, ''), spec, table: tableOf(rows, opts.lines, x.param, opts.name), footnotes: published.footnotes };
}
