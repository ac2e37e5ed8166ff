/**
 * Many variants on one chart are unreadable (kube-proxy-modes compares 12: six modes, each with
 * and without keepalive). Beyond six, variants are split into panels by the one override they
 * differ in that makes the fewest panels of at most six (`traffic.requestsPerConnection`: one
 * panel without keepalive, one with), and a variant's colour is then its class across panels —
 * the variants whose other overrides agree (iptables and iptables-keepalive) share a colour,
 * named after the first of them, on every chart. With no such override the variants are cut into
 * panels of six in order, each keeping its own colour.
 */
import { variantLabel, variantsOf } from './flatten.ts';
import type { Results } from './results.ts';

/** Most lines a panel holds. */
export const MAX_LINES = 6;

export interface VariantGroups {
  /** Panel titles in order; empty when every variant fits one panel. */
  panels: string[];
  /** Colour labels in order (the legend's entries). */
  colours: string[];
  panelOf(variant: string): string;
  colourOf(variant: string): string;
}

type Sets = Map<string, Record<string, unknown>>;

function setsOf(results: Results): Sets {
  const compare = results.scenario['compare'];
  const list = Array.isArray(compare) ? (compare as { name: string; set?: Record<string, unknown> }[]) : [];
  return new Map(list.map((c) => [c.name, c.set ?? {}]));
}

/** The override path splitting `variants` into the fewest groups of at most MAX_LINES. */
function splitKey(variants: string[], sets: Sets): string | undefined {
  const keys = [...new Set(variants.flatMap((v) => Object.keys(sets.get(v) ?? {})))];
  let best: { key: string; groups: number } | undefined;
  for (const key of keys) {
    const sizes = new Map<string, number>();
    for (const v of variants) {
      const value = JSON.stringify(sets.get(v)?.[key] ?? null);
      sizes.set(value, (sizes.get(value) ?? 0) + 1);
    }
    if (sizes.size < 2 || Math.max(...sizes.values()) > MAX_LINES) continue;
    if (!best || sizes.size < best.groups) best = { key, groups: sizes.size };
  }
  return best?.key;
}

export function variantGroups(results: Results, extra: string[] = []): VariantGroups {
  const variants = variantsOf(results);
  const known = new Set(variants);
  const others = [...new Set(extra.filter((v) => !known.has(v)))];
  if (variants.length <= MAX_LINES) {
    const colours = [...new Set([...variants, ...others].map(variantLabel))];
    return { panels: [], colours, panelOf: () => '', colourOf: variantLabel };
  }
  const sets = setsOf(results);
  const key = splitKey(variants, sets);
  const panel = new Map<string, string>();
  const colour = new Map<string, string>();
  if (key) {
    const name = key.split('.').at(-1);
    // A variant that does not set it runs the scenario's own value (defaults filled in).
    let base: unknown = results.scenario;
    for (const k of key.split('.')) base = (base as Record<string, unknown> | undefined)?.[k];
    const classes = new Map<string, string>();
    for (const v of variants) {
      const set = sets.get(v) ?? {};
      panel.set(v, `${name}: ${String(set[key] ?? base ?? 'default')}`);
      const rest = JSON.stringify(Object.entries(set).filter(([k]) => k !== key).sort(([a], [b]) => a.localeCompare(b)));
      if (!classes.has(rest)) classes.set(rest, variantLabel(v));
      colour.set(v, classes.get(rest)!);
    }
  } else {
    variants.forEach((v, i) => {
      const first = Math.floor(i / MAX_LINES) * MAX_LINES;
      panel.set(v, `variants ${first + 1}-${Math.min(first + MAX_LINES, variants.length)}`);
      colour.set(v, variantLabel(v));
    });
  }
  const firstPanel = panel.get(variants[0]!)!;
  return {
    panels: [...new Set(panel.values())],
    colours: [...new Set([...colour.values(), ...others.map(variantLabel)])],
    panelOf: (v) => panel.get(v) ?? firstPanel,
    colourOf: (v) => colour.get(v) ?? variantLabel(v),
  };
}
