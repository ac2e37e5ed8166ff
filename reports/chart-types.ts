/**
 * The shapes the report's chart builders produce: a chart (its Vega-Lite spec and its table), a
 * constant said in a line, and a section of them.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Footnote } from './overlays.ts';

export interface Table {
  columns: string[];
  rows: (string | number | boolean | undefined)[][];
  /** Unit of the numeric cells when the column names do not carry it. */
  unit?: string;
  /** Long tables (series) are folded away under the chart. */
  collapsed?: boolean;
}

export interface Chart {
  /** File-name-safe identifier, unique in the report (the metric or series name). */
  name: string;
  title: string;
  spec: TopLevelSpec;
  table: Table;
  footnotes: Footnote[];
}

/** A metric with one value at every point: said in a line, not drawn as a flat chart. */
export interface ConstantNote {
  name: string;
  title: string;
  value: number;
}

export interface Section {
  id: string;
  title: string;
  charts: Chart[];
  constants: ConstantNote[];
}

