/**
 * Client-address affinity as a timeline: a client is remembered per node and Service from its
 * last new connection, and forgotten once the timeout has passed since then (--rcheck --seconds
 * matches only a last-seen time less than T ago; --reap drops the rest).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClientIpAffinity, sessionAffinityParameters } from '../../../models/services/session-affinity.ts';

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
