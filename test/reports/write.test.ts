import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { writeOutputs, writeResultsJson } from '../../reports/write.ts';
import type { Results } from '../../reports/results.ts';
import { META, hostileResults, sweepResults } from './fixtures.ts';

const root = await mkdtemp(join(tmpdir(), 'podpath-write-'));
after(() => rm(root, { recursive: true, force: true }));

test('results.json is byte-identical for equal results, whatever the run meta', async () => {
  await writeOutputs(join(root, 'a'), sweepResults(), META);
  await writeOutputs(join(root, 'b'), sweepResults(), { wallMs: 99, workers: 1, startedAt: '2030-12-31T00:00:00.000Z' });
  const a = await readFile(join(root, 'a', 'results.json'));
  const b = await readFile(join(root, 'b', 'results.json'));
  assert.ok(a.equals(b));
  const text = a.toString();
  assert.ok(text.endsWith('}\n'));
  assert.deepEqual(JSON.parse(text), sweepResults());
  for (const leak of ['12345', 'wallMs', 'workers', '2025-01-02']) assert.ok(!text.includes(leak), `results.json holds ${leak}`);
  assert.match(await readFile(join(root, 'a', 'report.html'), 'utf8'), /2025-01-02T03:04:05/);
});

test('writes results.json, results.csv, report.html and, on request, charts/*.svg; creates the folder', async () => {
  const out = join(root, 'deep', 'er', 'out');
  await writeOutputs(out, sweepResults(), META, { svg: true });
  assert.deepEqual((await readdir(out)).sort(), ['charts', 'report.html', 'results.csv', 'results.json']);
  const charts = (await readdir(join(out, 'charts'))).sort();
  assert.ok(charts.includes('request_latency_ms.svg') && charts.includes('conntrack_entries.svg'), charts.join());
  assert.match(await readFile(join(out, 'charts', 'cpu_cores.svg'), 'utf8'), /^<svg/);
  assert.deepEqual(await readdir(join(root, 'deep', 'er')), ['out'], 'no temporary folder left behind');
});

test('a failure leaves the previous outputs untouched and no temporary files', async () => {
  const out = join(root, 'keep');
  await writeOutputs(out, hostileResults(), META);
  const before = await readFile(join(out, 'results.json'), 'utf8');
  const broken = sweepResults() as Results;
  broken.points[0]!.series = { programming_latency_cdf: { columns: ['only_one'], rows: [[1]] } };
  await assert.rejects(writeOutputs(out, broken, META), /programming_latency_cdf: expected two columns/);
  assert.equal(await readFile(join(out, 'results.json'), 'utf8'), before);
  assert.deepEqual((await readdir(root)).filter((n) => n.includes('tmp')), []);
});

test('charts/ of an earlier run do not linger', async () => {
  const out = join(root, 'charts-replaced');
  await writeOutputs(out, sweepResults(), META, { svg: true });
  await writeFile(join(out, 'charts', 'stale.svg'), '<svg/>');
  await writeOutputs(out, hostileResults(), META, { svg: true });
  assert.ok(!(await readdir(join(out, 'charts'))).includes('stale.svg'));
});

test('writeResultsJson writes only results.json, atomically', async () => {
  const out = join(root, 'partial');
  await writeResultsJson(out, sweepResults());
  assert.deepEqual(await readdir(out), ['results.json']);
  assert.equal(await readFile(join(out, 'results.json'), 'utf8'), JSON.stringify(sweepResults(), null, 2) + '\n');
});
