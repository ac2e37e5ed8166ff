/**
 * Client-address affinity as a timeline: a client is remembered per node and Service from its
 * last new connection, and forgotten once the timeout has passed since then (--rcheck --seconds
 * matches only a last-seen time less than T ago; --reap drops the rest).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClientIpAffinity, sessionAffinityParameters, xtRecentParameters } from '../../../models/services/session-affinity.ts';

const s = 1e9;

test('remembered within the timeout, from the last new connection; forgotten at it', () => {
  const a = new ClientIpAffinity(10 * s);
  assert.equal(a.lookup(0, 0, 7, 0), -1);
  a.record(0, 0, 7, 3, 0);
  assert.equal(a.lookup(0, 0, 7, 9.999 * s), 3);
  a.record(0, 0, 7, 3, 9 * s);
  assert.equal(a.lookup(0, 0, 7, 18 * s), 3);
  assert.equal(a.lookup(0, 0, 7, 19 * s), -1);
  // Reaped: still forgotten after.
  assert.equal(a.lookup(0, 0, 7, 19 * s), -1);
});

test('per node, per Service and per client address', () => {
  const a = new ClientIpAffinity(10 * s);
  a.record(0, 0, 7, 3, 0);
  assert.deepEqual([a.lookup(1, 0, 7, 1), a.lookup(0, 1, 7, 1), a.lookup(0, 0, 8, 1), a.lookup(0, 0, 7, 1)], [-1, -1, -1, 3]);
});

test('the default timeout is Kubernetes\' 10800 s', () => {
  assert.equal(sessionAffinityParameters.timeoutSeconds.value, 10800);
});

test('xt_recent: a list holds 100 addresses; the 101st evicts the least recently set, which is balanced afresh', () => {
  assert.equal(xtRecentParameters.listTot.value, 100);
  const a = new ClientIpAffinity(10_800 * s, 100);
  for (let c = 0; c < 100; c++) a.record(0, 0, c, 2, c);
  // Client 0 connects again: --set moves it to the tail; client 1 is now the oldest.
  assert.equal(a.lookup(0, 0, 0, 200), 2);
  a.record(0, 0, 0, 2, 200);
  a.record(0, 0, 100, 2, 300);
  assert.equal(a.evictions, 1);
  assert.deepEqual([a.lookup(0, 0, 1, 400), a.lookup(0, 0, 0, 400), a.lookup(0, 0, 2, 400), a.lookup(0, 0, 100, 400)], [-1, 2, 2, 2]);
  // Another endpoint's list, another node's, are separate.
  a.record(0, 0, 500, 3, 500);
  a.record(1, 0, 501, 2, 500);
  assert.equal(a.evictions, 1);
  // Unbounded (nftables sets, IPVS templates): 1,000 clients all remembered.
  const u = new ClientIpAffinity(10_800 * s);
  for (let c = 0; c < 1000; c++) u.record(0, 0, c, 2, c);
  assert.equal(Array.from({ length: 1000 }, (_, c) => u.lookup(0, 0, c, 2000)).filter((e) => e === 2).length, 1000);
});

test('xt_recent: with 150 clients cycling through one endpoint\'s list, each finds itself evicted: none sticks', () => {
  // Round-robin over 150 addresses, all to endpoint 0: by an address's return 149 others were
  // set after it, and the 100th of them evicted it; a list of 100 cannot hold a cycle of 150.
  const a = new ClientIpAffinity(10_800 * s, 100);
  let sticky = 0;
  for (let k = 0; k < 1500; k++) {
    const c = k % 150;
    if (a.lookup(0, 0, c, k) >= 0) sticky++;
    a.record(0, 0, c, 0, k);
  }
  assert.equal(sticky, 0);
  // A cycle of 100 fits: after the first round every lookup hits.
  const b = new ClientIpAffinity(10_800 * s, 100);
  let hits = 0;
  for (let k = 0; k < 1000; k++) {
    if (b.lookup(0, 0, k % 100, k) >= 0) hits++;
    b.record(0, 0, k % 100, 0, k);
  }
  assert.equal(hits, 900);
});

test('--reap: a lookup that finds the client drops its list\'s oldest address once it is T old', () => {
  const a = new ClientIpAffinity(10 * s, 100);
  a.record(0, 0, 1, 0, 0);
  a.record(0, 0, 2, 0, 5 * s);
  assert.equal(a.lookup(0, 0, 2, 11 * s), 0); // client 2 fresh; client 1 (11 s old) reaped
  // Client 1 then is no longer in the list: forgotten (it would be anyway, being T old).
  assert.equal(a.lookup(0, 0, 1, 11 * s), -1);
});
