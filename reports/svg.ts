/**
 * Static SVG of a chart, rendered in Node with Vega's headless view. The report embeds it so a
 * chart is seen without JavaScript (and the files under charts/ are plain images); text widths
 * are estimated, not measured, since there is no canvas here.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
