/**
 * The layering of DESIGN.md, checked on the source files' relative imports: no import cycle;
 * sim/ imports nothing outside sim/; models/ nothing above it (experiments/, scenarios/, cli/,
 * reports/); scenarios/ neither experiments/ nor cli/; experiments/ not cli/; reports/ only
 * reports/. Source files are what git tracks or would track (tests excluded).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';

const root = join(import.meta.dirname, '..');
const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
  .split('\n')
  .filter((f) => /\.(ts|mjs)$/.test(f) && !f.startsWith('test/') && existsSync(join(root, f)));

const importRe = /(?:from|import)\s*\(?\s*['"](\.\.?\/[^'"]+\.(?:ts|mjs|js))['"]/g;
const graph = new Map<string, string[]>(files.map((f) => [
  f,
  [...readFileSync(join(root, f), 'utf8').matchAll(importRe)].map((m) => posix.normalize(posix.join(dirname(f), m[1]))),
]));
const layer = (f: string) => f.split('/')[0];

test('the source graph is the project: every layer present, every relative import resolves', () => {
  for (const l of ['sim', 'models', 'experiments', 'scenarios', 'cli', 'reports']) assert.ok(files.some((f) => layer(f) === l), l);
  assert.ok(files.length > 100, `${files.length} files`);
  const missing = [...graph].flatMap(([f, ds]) => ds.filter((d) => !existsSync(join(root, d))).map((d) => `${f} -> ${d}`));
  assert.deepEqual(missing, []);
});

test('no import cycle among the source files', () => {
  const cycles: string[] = [];
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (f: string): void => {
    state.set(f, 1);
    stack.push(f);
    for (const d of graph.get(f) ?? []) {
      if (state.get(d) === 1) cycles.push([...stack.slice(stack.indexOf(d)), d].join(' -> '));
      else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(f, 2);
  };
  for (const f of graph.keys()) if (!state.has(f)) visit(f);
  assert.deepEqual(cycles, []);
});

test('imports point down the layers only', () => {
  const allowed: Record<string, (to: string) => boolean> = {
    sim: (to) => to === 'sim',
    models: (to) => !['experiments', 'scenarios', 'cli', 'reports'].includes(to),
    scenarios: (to) => !['experiments', 'cli'].includes(to),
    experiments: (to) => to !== 'cli',
    reports: (to) => to === 'reports',
  };
  const wrong = [...graph].flatMap(([f, ds]) => ds.filter((d) => allowed[layer(f)] && !allowed[layer(f)](layer(d))).map((d) => `${f} -> ${d}`));
  assert.deepEqual(wrong, []);
});
