/**
 * What every chart shares: size, fonts, the variant colour scale (the same colour for a variant on
 * every chart of the page) and the x axis. The x axis is the first swept parameter, on a log scale
 * when it spans more than two decades (Service counts from 100 to 30,000 would otherwise crowd
 * into the left edge); string and boolean parameters are nominal.
 */
import type { Results } from './results.ts';
import { sweptParam } from './flatten.ts';
import { paramTitle } from './units.ts';
import { type VariantGroups, variantGroups } from './variant-groups.ts';

export const CHART_WIDTH = 560;
export const CHART_HEIGHT = 300;

export const CHART_CONFIG = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif',
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal' },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal' },
  title: { fontSize: 14, anchor: 'start' },
  view: { stroke: null },
} as const;

/** Shapes for published references, in footnote order; none of them is the line's circle. */
export const REFERENCE_SHAPES = ['diamond', 'cross', 'triangle-up', 'square', 'triangle-down'];

/** The variants' panels and colours, counting those a published overlay names besides. */
export function groupsOf(results: Results): VariantGroups {
  return variantGroups(results, (results.overlays ?? []).flatMap((o) => o.points.map((p) => p.variant)));
}

/** The field of a row the colour reads: the variant, or its colour class when variants are in panels. */
export function colourField(groups: VariantGroups): 'variant' | 'colour' {
  return groups.panels.length > 0 ? 'colour' : 'variant';
}

/** The legend selection: clicking a legend entry shows that colour's lines and dims the others
 *  (shift-click adds more; a click on the chart's empty space shows all again). */
export function legendPick(field: string) {
  return { name: 'pick', select: { type: 'point', fields: [field] }, bind: 'legend' } as const;
}

/** Full strength when picked (or nothing is), faint otherwise. */
export function pickedOpacity(on: number, off = 0.1) {
  return { condition: { param: 'pick', empty: true, value: on }, value: off } as const;
}

/**
 * Twenty distinct colours: Vega's tableau10 (its default), then ten more of other hues and
 * darkness, so a scenario of 12 variants (kube-proxy-modes) never gives two variants one colour.
 * (tableau20 and category20 pair each hue with its light shade: two variants would look alike.)
 */
export const VARIANT_COLORS = [
  '#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac',
  '#393b79', '#17becf', '#7f3b08', '#bcbd22', '#006d2c', '#843c39', '#a55194', '#1f1f1f', '#637939', '#6baed6',
];

export function colorEncoding(results: Results) {
  const groups = groupsOf(results);
  const domain = groups.colours;
  return {
    field: colourField(groups),
    type: 'nominal',
    title: groups.panels.length > 0 ? 'variant (colour across panels)' : 'variant',
    scale: { domain, ...(domain.length > 10 ? { range: VARIANT_COLORS } : {}) },
    // Full-strength swatches even when a faint confidence band shares the legend.
    legend: { symbolOpacity: 1 },
  } as const;
}

/** Legend for a dash encoding: a stroke sample, so the dash pattern can be seen. */
export const DASH_LEGEND = { symbolType: 'stroke', symbolStrokeWidth: 2, symbolSize: 500, symbolStrokeColor: '#444' } as const;

export interface XAxis {
  /** The parameter path; undefined when nothing is swept (charts become bars by variant). */
  param: string | undefined;
  encoding: Record<string, unknown>;
}

/** True when positive numbers span more than two decades. */
export function spansDecades(values: number[]): boolean {
  const min = Math.min(...values);
  return values.length > 0 && min > 0 && Math.max(...values) / min > 100;
}

/** The distinct values of `param` over points, plus those of overlays measured along it. */
function xValues(results: Results, param: string): (number | string | boolean)[] {
  const fromOverlays = (results.overlays ?? []).filter((o) => o.x === param).flatMap((o) => o.points.map((p) => p.x));
  return [...new Set([...results.points.map((p) => p.params[param]!), ...fromOverlays])];
}

export function xAxis(results: Results): XAxis {
  const param = sweptParam(results);
  if (param === undefined) return { param, encoding: {} };
  const swept = [...new Set(results.points.map((p) => p.params[param]!))];
  const values = xValues(results, param);
  if (!values.every((v) => typeof v === 'number')) {
    return { param, encoding: { field: 'x', type: 'ordinal', title: paramTitle(param), sort: swept.map(String) } };
  }
  const numbers = values as number[];
  const min = Math.min(...numbers);
  const max = Math.max(...numbers);
  // Ticks at the swept values (a few of them read better than a dense log grid); the domain padded
  // a little so the first and last points do not sit on the axes.
  const axis = { ...(swept.length <= 12 ? { values: swept } : {}), ...(max >= 10_000 ? { format: '~s' } : {}) };
  const scale = spansDecades(numbers)
    ? { type: 'log', domain: [min / 1.4, max * 1.4], nice: false }
    : { zero: false, nice: false, domain: [min - (max - min) * 0.04, max + (max - min) * 0.04] };
  return { param, encoding: { field: 'x', type: 'quantitative', title: paramTitle(param), scale, axis } };
}