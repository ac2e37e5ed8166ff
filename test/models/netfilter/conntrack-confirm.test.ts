/** The confirm race from per-core timing: no race on one core, and the overlap window's closed
 *  form with two Poisson streams on two cores. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation, Station, Streams } from '../../../sim/index.ts';
import { ConfirmTable } from '../../../models/netfilter/conntrack-confirm.ts';

/** Two Poisson streams of UDP packets of one flow; every packet's entry is created at the
 *  start of its `windowNs` job on the node's cores and confirmed at its end; all share one key,
 *  so any two overlapping windows race. Returns (insert_failed, packets). */
function run(cores: number, ratePerStream: number, windowNs: number, durationNs: number): [number, number] {
  const sim = new Simulation();
  const cpu = new Station(sim, { name: 'cpu', servers: cores });
  const table = new ConfirmTable('4.x');
  const streams = new Streams(1, 0);
  let packets = 0;
  for (const name of ['a', 'b']) {
    const gaps = streams.get(`arrivals/${name}`);
    const next = (): void => {
      packets++;
      cpu.request(windowNs, () => {
        table.confirm('flow', true, 0, sim.now - windowNs, sim.now, windowNs);
      });
      sim.schedule(Math.round(gaps.exponential(1e9 / ratePerStream)), next);
    };
    sim.schedule(Math.round(gaps.exponential(1e9 / ratePerStream)), next);
  }
  sim.run({ untilNs: durationNs });
  return [table.insertFailed, packets];
}

test('one core per node: windows never overlap, so no insert fails', () => {
  const [failed, packets] = run(1, 20_000, 10_000, 1e9);
  assert.ok(packets > 30_000);
  assert.equal(failed, 0);
});

test('two cores: the fraction of packets failing follows 1 - exp(-Λw)', () => {
  const rate = 5_000, w = 10_000; // Λ = 10,000/s, w = 10 µs: Λw = 0.1
  const [failed, packets] = run(2, rate, w, 2e9);
  const expected = 1 - Math.exp(-2 * rate * w * 1e-9);
  const p = failed / packets;
  const se = Math.sqrt(expected * (1 - expected) / packets);
  // A third packet inside a window queues (2 cores): a few per cent below the open-system form.
  assert.ok(Math.abs(p - expected) < 4 * se + 0.05 * expected, `p = ${p}, expected ${expected}`);
});

test('kernel 5.0 merges a UDP clash with the same NAT result; 5.6 any UDP clash; TCP never', () => {
  const k50 = new ConfirmTable('5.0');
  k50.confirm('q', true, 1, 0, 10, 1e9);
  assert.equal(k50.confirm('q', true, 1, 5, 12, 1e9), 'merged');
  assert.equal(k50.confirm('q', true, 2, 5, 13, 1e9), 'insert_failed');
  const k5x = new ConfirmTable('5.6');
  k5x.confirm('q', true, 1, 0, 10, 1e9);
  assert.equal(k5x.confirm('q', true, 2, 5, 12, 1e9), 'merged');
  k5x.confirm('t', false, 1, 0, 10, 1e9);
  assert.equal(k5x.confirm('t', false, 1, 5, 12, 1e9), 'insert_failed');
});
