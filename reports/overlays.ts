/**
 * Published measurements drawn over a chart. An overlay belongs on the chart whose lines include
 * its metric path (`first_packet_latency_ms.p99`, `throughput_mbps`); on a swept chart only when
 * it was measured along the same parameter. Each source used on a chart gets a footnote number,
 * shown in the legend (with the statistic, when the chart has several) and under the chart with its
 * source and link.
 */
import type { Results } from './results.ts';
import { variantLabel } from './flatten.ts';

export interface Footnote {
  n: number;
  reference: string;
  source: string;
  url?: string;
}

/** One published point, in chart coordinates. `series` is the label of the line it compares with. */
export interface OverlayRow {
  variant: string;
  x: number | string;
  series: string;
  value: number;
  reference: string;
  source: string;
  label: string;
}

/**
 * Overlay rows and footnotes for a chart showing `lines` (metric path → line label) against
 * `param` (undefined for an unswept chart).
 */
export function overlaysFor(
  results: Results,
  lines: { path: string; label: string }[],
  param: string | undefined,
): { rows: OverlayRow[]; footnotes: Footnote[] } {
  const rows: OverlayRow[] = [];
  const footnotes: Footnote[] = [];
  for (const overlay of results.overlays ?? []) {
    const line = lines.find((l) => l.path === overlay.metric);
    if (!line || (param !== undefined && overlay.x !== param)) continue;
    // One footnote per source, however many of its statistics the chart overlays.
    let n = footnotes.find((f) => f.reference === overlay.reference)?.n;
    if (n === undefined) {
      n = footnotes.length + 1;
      footnotes.push({ n, reference: overlay.reference, source: overlay.source, ...(overlay.url ? { url: overlay.url } : {}) });
    }
    for (const point of overlay.points) {
      rows.push({
        variant: variantLabel(point.variant),
        x: point.x,
        series: line.label,
        value: point.y,
        reference: lines.length > 1 ? `published ${line.label} [${n}]` : `published [${n}]`,
        source: overlay.source,
        label: point.label ?? `${overlay.x} = ${point.x}`,
      });
    }
  }
  return { rows, footnotes };
}
