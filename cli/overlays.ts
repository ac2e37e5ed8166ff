/**
 * Published reference points for the report: the scenario's `report.overlays` resolved against
 * reports/reference/published.json, each point mapped to a variant, an x and a y in the metric's
 * unit, with its source kept for the citation.
 */
import published from '../reports/reference/published.json' with { type: 'json' };
import type { Overlay } from '../reports/results.ts';
import { InputError, messages } from '../scenarios/messages.ts';
import type { Scenario } from '../scenarios/schema.ts';

interface Reference {
  id: string;
  source: string;
  url?: string;
  points: Record<string, unknown>[];
}

export function resolveOverlays(file: string, scenario: Scenario): Overlay[] {
  const refs = published.references as Reference[];
  return scenario.report.overlays.map((o, i) => {
    const ref = refs.find((r) => r.id === o.reference);
    if (!ref) {
      throw new InputError(messages.field(file, `report.overlays[${i}].reference`, o.reference, `must be one of ${refs.map((r) => r.id).join(', ')}`));
    }
    const points = ref.points
      .filter((p) => Object.entries(o.where ?? {}).every(([k, v]) => p[k] === v))
      .map((p) => ({ p, x: typeof p[o.x] === 'number' ? (p[o.x] as number) : o.xValues?.[String(p[o.x])] }))
      .filter(({ p, x }) => x !== undefined && typeof p[o.y] === 'number')
      .map(({ p, x }) => {
        const raw = o.variantField ? String(p[o.variantField]) : '';
        return { variant: o.variants?.[raw] ?? raw, x: x!, y: (p[o.y] as number) * o.scale, label: `${o.y}` };
      });
    return { reference: ref.id, metric: o.metric, x: o.param, points, source: ref.source, ...(ref.url ? { url: ref.url } : {}) };
  });
}
