/**
 * podpath as a user gets it: `npm pack` (which builds dist/ through `prepare`), the tarball
 * installed into an empty folder (dependencies from the npm cache that `npm ci` filled, the
 * registry asked only for what is not there), then the `podpath` command through npx, the
 * library through `import('podpath')` from a plain .mjs file, the shipped example, and the type
 * declarations from a TypeScript file. tsx is a development dependency, so it is not installed
 * there: the command and its worker threads run the built JavaScript. Results are compared with
 * the same run made here, in process, from the sources.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario, simulate } from '../../index.ts';
import { resultsJson } from '../../reports/write.ts';
import { version } from '../../cli/version.ts';

const root = join(import.meta.dirname, '../..');
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const shortRun = { 'run.durationMs': 60, 'run.warmupMs': 10 };
const station = [
  'name: tiny-station',
  'workload: { kind: station, arrival: { kind: open, rateRps: 50000 }, serviceTime: { dist: exponential, meanUs: 10 } }',
  'run: { durationMs: 50, warmupMs: 5 }',
  'sweep: { workload.arrival.rateRps: [20000, 60000] }',
].join('\n');
const badScenario = 'name: bad\ncluster: { nodes: -3 }\n';

// The plain .mjs file a user would write: load from text, simulate on one worker, and a bad scenario.
const userScript = `import { loadScenario, simulate, InputError } from 'podpath';
const seen = [];
const results = await simulate(loadScenario({ text: process.argv[2] }), {
  seed: 3, workers: 1, onPoint: (p, done, total) => seen.push([p.params['workload.arrival.rateRps'], done, total]),
});
let bad;
try { loadScenario({ text: process.argv[3], name: 'bad.yaml' }); } catch (e) { bad = { inputError: e instanceof InputError, message: e.message }; }
console.log(JSON.stringify({ results, seen, bad }));
`;

// A TypeScript user's file: it compiles only if the declarations resolve all the way down (each
// expected-error directive must meet an error, which an unresolved type, any, would not give).
const expectError = '// @ts-expect-error';
const userTypes = `import { loadScenario, simulate, runScenario, InputError, type Results, type PointResult } from 'podpath';
const s = loadScenario('x.yaml', { set: { 'run.durationMs': 50 } });
const r: Promise<Results> = simulate(s, { seed: 1, workers: 2, onPoint: (p: PointResult, done: number, total: number) => void [p, done, total] });
const w: Promise<Results> = runScenario('x.yaml', { out: 'o', shard: { index: 0, count: 2 } });
const e: Error = new InputError('m');
${expectError}: no such option
simulate(s, { seeds: 1 });
${expectError}: a point's variant is a string (reports/results.d.ts resolved)
const v: number = (await r).points[0].variant;
${expectError}: a node count is a number (the scenario schema's types resolved)
const n: string = s.cluster.nodes;
export { w, e, v, n };
`;

let app: string;

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

before(() => {
  const dir = mkdtempSync(join(tmpdir(), 'podpath-package-'));
  const pack = join(dir, 'pack');
  app = join(dir, 'app');
  mkdirSync(pack);
  mkdirSync(app);
  npm(['pack', '--pack-destination', pack], root);
  const [tarball] = readdirSync(pack);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  npm(['install', '--prefer-offline', join(pack, tarball)], app);
  writeFileSync(join(app, 'use-podpath.mjs'), userScript);
  writeFileSync(join(app, 'types.ts'), userTypes);
});

describe('the installed package', () => {
  it('holds the built JavaScript, its declarations and the bundled scenarios, and neither sources nor tsx', () => {
    const pkg = join(app, 'node_modules/podpath');
    for (const f of ['bin/podpath.js', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js', 'dist/experiments/replication-worker.js', 'dist/reports/reference/published.json', 'scenarios/quickstart.yaml']) {
      assert.ok(existsSync(join(pkg, f)), f);
    }
    const files = readdirSync(pkg, { recursive: true }).map(String);
    assert.deepEqual(files.filter((f) => /(?<!\.d)\.ts$|tsbuildinfo|^test\//.test(f)), []);
    assert.equal(existsSync(join(app, 'node_modules/tsx')), false);
  });

  it('npx podpath run: a bundled scenario, shortened, writes the results and report the sources give', async () => {
    const scenario = join(app, 'node_modules/podpath/scenarios/quickstart.yaml');
    const sets = Object.entries(shortRun).flatMap(([k, v]) => ['--set', `${k}=${v}`]);
    const r = spawnSync('npx', ['podpath', 'run', scenario, ...sets, '--out', 'out/quickstart', '--workers', '2'], { cwd: app, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /5 point\(s\) written to out\/quickstart\//);
    const here = await simulate(loadScenario(join(root, 'scenarios/quickstart.yaml'), { set: shortRun }), { workers: 1 });
    assert.equal(readFileSync(join(app, 'out/quickstart/results.json'), 'utf8'), resultsJson(here));
    assert.match(readFileSync(join(app, 'out/quickstart/report.html'), 'utf8'), /^<!doctype html>/i);
  });

  it("import('podpath') from a plain .mjs file: simulate returns the results contract, onPoint hears each point, bad input is an InputError", async () => {
    const r = spawnSync(process.execPath, ['use-podpath.mjs', station, badScenario], { cwd: app, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const { results, seen, bad } = JSON.parse(r.stdout);
    assert.equal(results.podpath, version);
    assert.equal(results.scenario.name, 'tiny-station');
    assert.equal(results.scenario.seed, 3);
    assert.deepEqual(results.points.map((p: any) => p.params), [{ 'workload.arrival.rateRps': 20000 }, { 'workload.arrival.rateRps': 60000 }]);
    assert.deepEqual(seen, [[20000, 1, 2], [60000, 2, 2]]);
    const here = await simulate(loadScenario({ text: station }), { seed: 3, workers: 2 });
    assert.equal(typeof here.points[1].metrics.request_latency_ms, 'object');
    assert.deepEqual(results, JSON.parse(JSON.stringify(here)));
    let message = '';
    try {
      loadScenario({ text: badScenario, name: 'bad.yaml' });
    } catch (e) {
      message = (e as Error).message;
    }
    assert.deepEqual(bad, { inputError: true, message });
    assert.match(message, /^bad\.yaml: cluster\.nodes: -3 is not allowed \(.*\)$/);
  });

  it('examples/library.mjs, run from the installed package, meets the M/M/1 closed form', () => {
    const r = spawnSync(process.execPath, ['node_modules/podpath/examples/library.mjs'], { cwd: app, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const rows = r.stdout.trim().split('\n').slice(1).map((line) => line.trim().split(/\s+/).map(Number));
    assert.deepEqual(rows.map(([rate]) => rate), [10000, 20000, 30000, 40000, 50000, 60000, 70000, 80000, 90000]);
    for (const [rate, simulated, closedForm] of rows.filter(([rate]) => rate <= 80000)) {
      assert.ok(Math.abs(simulated / closedForm - 1) < 0.1, `${rate}/s: ${simulated} us against ${closedForm} us`);
    }
  });

  it('the type declarations resolve from the package name in a TypeScript file', () => {
    const r = spawnSync(process.execPath, [tsc, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022',
      '--skipLibCheck', '--types', 'node', '--typeRoots', join(root, 'node_modules/@types'), 'types.ts'], { cwd: app, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout);
  });
});
