/**
 * Static SVG of a chart, rendered in Node with Vega's headless view. The report embeds it so a
 * chart is seen without JavaScript (and the files under charts/ are plain images); text widths
 * are estimated, not measured, since there is no canvas here. Vega and Vega-Lite are loaded on
 * the first rendering, not with this module: a process or worker thread that renders nothing
 * (validate, a replication) never pays for them.
 */
import type { TopLevelSpec } from 'vega-lite';

type Libraries = [typeof import('vega'), typeof import('vega-lite')];
let libraries: Promise<Libraries> | undefined;

/** Loads Vega and Vega-Lite once per thread (a pool worker calls it ahead, while it is idle). */
export function loadRenderer(): Promise<Libraries> {
  libraries ??= Promise.all([import('vega'), import('vega-lite')]);
  return libraries;
}

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, { compile }] = await loadRenderer();
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
