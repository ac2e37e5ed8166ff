/**
 * The layering of DESIGN.md, checked on the source files' relative imports: no import cycle;
 * sim/ imports nothing outside sim/; models/ nothing above it (experiments/, scenarios/, cli/,
 * reports/); scenarios/ neither experiments/ nor cli/; experiments/ not cli/; reports/ only
 * reports/. Source files are what git tracks or would track (tests excluded). And test/ mirrors
 * the source tree: every .ts file of sim/, models/, experiments/, scenarios/, cli/ and reports/
 * has test/<same path>.test.ts, but for the listed exemptions.
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

/** Files with nothing to run, so nothing a test of their own could check; each is checked below to
 *  hold only types (or re-exports). */
const typeOnly = new Map<string, string>([
  ['models/model-config.ts', 'the interfaces of a point\'s model configuration'],
  ['experiments/replication-result.ts', 'the interface of one replication\'s result'],
  ['reports/chart-types.ts', 'the interfaces of a chart, its table and its section'],
  ['sim/index.ts', 'the engine\'s public API: re-exports only'],
  ['models/profiles/profile-definition.ts', 'the interfaces of a cost profile\'s definition and its hardware'],
  ['models/tcp/retransmit-counter.ts', 'the interface of the retransmission counters TCP models share'],
  ['models/workloads/connection-records.ts', 'the interfaces of a Service request, its connection and its client'],
]);

/** Files with logic and no mirrored test yet (issue 13 item 7), with what exercises them today.
 *  The list may only shrink: an entry whose mirrored test exists fails the check below. */
const awaitingTest = new Map<string, string>([
  ['experiments/collectors/drop-collector.ts', 'test/reports (the bundled overload scenario, shortened) and the conservation check'],
  ['sim/queue-kinds.ts', 'test/sim/event-queue.test.ts runs every kind against the reference'],
  ['sim/radix-heap-queue.ts', 'test/sim/event-queue.test.ts (radix and adaptive kinds)'],
  ['experiments/replicate-points.ts', 'through cli/pipeline.ts'],
  ['experiments/replication-worker.ts', 'the worker threads of experiments/pool.ts'],
  ['experiments/network-experiment.ts', 'through experiments/experiment.ts'],
  ['experiments/pool.ts', 'through experiments/replicate-points.ts and cli/plan.ts'],
  ['experiments/collectors/conntrack-collector.ts', 'through experiments/service-experiment.ts'],
  ['experiments/collectors/path-collector.ts', 'through experiments/network-experiment.ts'],
  ['experiments/collectors/connection-collector.ts', 'through experiments/service-experiment.ts'],
  ['experiments/collectors/control-plane-collector.ts', 'through experiments/network-experiment.ts'],
  ['experiments/collectors/role-cpu-collector.ts', 'through experiments/service-experiment.ts'],
  ['experiments/collectors/backend-collector.ts', 'through experiments/network-experiment.ts'],
  ['experiments/collectors/request-collector.ts', 'through the three experiments'],
  ['experiments/collectors/node-cpu-collector.ts', 'through experiments/network-experiment.ts'],
  ['reports/chart-metric.ts', 'through reports/charts.ts'],
  ['reports/chart-style.ts', 'through reports/chart-metric.ts and chart-series.ts'],
  ['reports/results.ts', 'its types and constants, by test/reports/*'],
  ['reports/chart-series.ts', 'through reports/charts.ts'],
  ['reports/bundles.ts', 'through reports/html.ts'],
  ['scenarios/schema-overlay.ts', 'through scenarios/schema.ts'],
  ['scenarios/schema-experiments.ts', 'test/scenarios/expand.test.ts'],
  ['scenarios/issues.ts', 'through scenarios/load.ts'],
  ['scenarios/expand-services.ts', 'test/scenarios/schema-services.test.ts'],
  ['scenarios/messages.ts', 'asserted against by test/scenarios/* and test/cli/*'],
  ['scenarios/schema.ts', 'through scenarios/load.ts'],
  ['cli/output-folder.ts', 'through cli/pipeline.ts'],
  ['cli/read-results.ts', 'through cli/pipeline.ts and cli/merge.ts'],
  ['cli/checkpoint.ts', 'through cli/pipeline.ts'],
  ['cli/overlays.ts', 'through cli/prepare.ts'],
  ['cli/merge.ts', 'test/cli/pipeline.test.ts'],
  ['cli/version.ts', 'test/package/installed-package.test.ts'],
  ['cli/prepare.ts', 'test/cli/trace.test.ts, test/scenarios/bundled-services.test.ts'],
  ['cli/main.ts', 'the command every test/cli/ test runs, through cli/start.ts'],
  ['cli/start.ts', 'the command\'s entry every test/cli/ test runs (test/cli/podpath-command.ts)'],
  ['cli/progress.ts', 'nothing: a progress bar drawn only on a terminal'],
]);

const mirrored = ['sim', 'models', 'experiments', 'scenarios', 'cli', 'reports'];
const mirrorOf = (f: string) => `test/${f.replace(/\.ts$/, '.test.ts')}`;

test('test/ mirrors the source tree: a test file per source file, but for the exemptions', () => {
  const sources = files.filter((f) => f.endsWith('.ts') && mirrored.includes(layer(f)));
  assert.ok(sources.length > 100, `${sources.length} source files`);
  const untested = sources.filter((f) => !existsSync(join(root, mirrorOf(f))) && !typeOnly.has(f) && !awaitingTest.has(f));
  assert.deepEqual(untested, []);
  // The lists stay true: every entry is a source file without a test of its own.
  const stale = [...typeOnly.keys(), ...awaitingTest.keys()].filter((f) => !sources.includes(f) || existsSync(join(root, mirrorOf(f))));
  assert.deepEqual(stale, []);
});

test('the type-only exemptions hold only types, type imports and re-exports', () => {
  const runtime = /^\s*(export\s+)?(const|let|var|function|class|enum|default|async)\b|^\s*import\s+(?!type\b)/m;
  const code = [...typeOnly.keys()].filter((f) => {
    const text = readFileSync(join(root, f), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    return runtime.test(text);
  });
  assert.deepEqual(code, []);
});
