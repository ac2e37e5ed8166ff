/**
 * What every chart shares: size, fonts, the variant colour scale (the same colour for a variant on
 * every chart of the page) and the x axis. The x axis is the first swept parameter, on a log scale
 * when it spans more than two decades (Service counts from 100 to 30,000 would otherwise crowd
 * into the left edge); string and boolean parameters are nominal.
 */
import type { Results } from './results.ts';
import { sweptParam, variantLabel, variantsOf } from './flatten.ts';
import { paramTitle } from './units.ts';

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

/** Variant labels in order: the results' variants, then any a published overlay names besides. */
export function variantDomain(results: Results): string[] {
  const fromOverlays = (results.overlays ?? []).flatMap((o) => o.points.map((p) => p.variant));
  return [...new Set([...variantsOf(results), ...fromOverlays].map(variantLabel))];
}

export function colorEncoding(results: Results) {
  return { field: 'variant', type: 'nominal', title: 'variant', scale: { domain: variantDomain(results) } } as const;
}

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

export function xAxis(results: Results): XAxis {
  const param = sweptParam(results);
  if (param === undefined) return { param, encoding: {} };
  const values = results.points.map((p) => p.params[param]);
  const numeric = values.every((v) => typeof v === 'number');
  const encoding = numeric
    ? {
        field: 'x',
        type: 'quantitative',
        title: paramTitle(param),
        scale: spansDecades(values as number[]) ? { type: 'log' } : { zero: false },
        axis: { format: '~s' },
      }
    : { field: 'x', type: 'ordinal', title: paramTitle(param), sort: [...new Set(values.map(String))] };
  return { param, encoding };
}
