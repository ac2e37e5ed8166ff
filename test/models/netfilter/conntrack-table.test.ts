/**
 * The conntrack table against closed forms: under a constant rate of new flows each living T, the
 * entries settle at rate × T (Little's law) and stop at max, past which every new flow is dropped;
 * memory is entries × 304 bytes; kube-proxy's nf_conntrack_max rule; lookup cost with chain length.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConntrackTable, conntrackBytesPerEntry, kubeProxyConntrackMax, kubeProxyTimeoutsNs } from '../../../models/netfilter/conntrack-table.ts';
import { costProfiles } from '../../../models/profiles/profiles.ts';

const costs = costProfiles['xeon-2019-10gbe'];
const timeouts = { ...kubeProxyTimeoutsNs, timeWait: 10e9 };

test('kube-proxy nf_conntrack_max = max(131072, 32768 × cores)', () => {
  assert.equal(kubeProxyConntrackMax(2), 131_072);
  assert.equal(kubeProxyConntrackMax(4), 131_072);
  assert.equal(kubeProxyConntrackMax(16), 524_288);
});

test('entries = rate × timeout in steady state; memory = entries × 304 bytes', () => {
  const t = new ConntrackTable({ max: 1e6, buckets: 1 << 16, timeoutsNs: timeouts }, costs);
  const rate = 1000; // per second, one every ms, each closing at once into TIME_WAIT (10 s)
  for (let i = 0; i < 30_000; i++) {
    const now = i * 1e6;
    const e = t.insert(now, 'established')!;
    t.transition(e, now, 'timeWait');
  }
  t.expire(30e9 - 1e6);
  assert.equal(t.entries, rate * 10);
  assert.equal(t.memoryBytes, rate * 10 * conntrackBytesPerEntry);
  t.expire(40e9);
  assert.equal(t.entries, 0);
});

test('at max the table drops new flows; expiry makes room again', () => {
  const t = new ConntrackTable({ max: 100, buckets: 25, timeoutsNs: timeouts }, costs);
  for (let i = 0; i < 150; i++) t.insert(i * 1e6, 'timeWait');
  assert.equal(t.entries, 100);
  assert.equal(t.drops, 50);
  assert.equal(t.insert(10e9 - 1, 'timeWait'), null); // the first entry expires at 10 s
  assert.notEqual(t.insert(10e9, 'timeWait'), null);
  assert.equal(t.entries, 100);
});

test('a closed flow leaves its long timeout: only its TIME_WAIT entry counts', () => {
  const t = new ConntrackTable({ max: 10, buckets: 4, timeoutsNs: timeouts }, costs);
  const e = t.insert(0, 'established')!;
  t.insert(0, 'established');
  t.transition(e, 1e9, 'timeWait');
  t.expire(12e9);
  assert.equal(t.entries, 1); // the other is still established (86,400 s)
});

test('lookup cost grows with the mean chain length entries / buckets', () => {
  const t = new ConntrackTable({ max: 1000, buckets: 100, timeoutsNs: timeouts }, costs);
  assert.equal(t.lookupNs(false), costs.conntrackLookupNs);
  for (let i = 0; i < 400; i++) t.insert(0, 'established');
  assert.equal(t.lookupNs(false), costs.conntrackLookupNs + 4 * costs.conntrackChainEntryNs);
  assert.equal(t.lookupNs(true), costs.conntrackLookupNs + 2 * costs.conntrackChainEntryNs);
});

test('conntrack -D: a live entry leaves at once (once only), an expired one is not there to delete', () => {
  const t = new ConntrackTable({ max: 10, buckets: 4, timeoutsNs: timeouts }, costs);
  const a = t.insert(0, 'udp')!;
  const b = t.insert(0, 'udp')!;
  // A datagram refreshes b: its entry moves to a later expiry.
  const b2 = t.transition(b, 10e9, 'udp');
  assert.equal(t.remove(a, 20e9), true);
  assert.equal(t.entries, 1);
  assert.equal(t.remove(a, 20e9), false, 'deleted already');
  assert.equal(t.remove(b, 20e9), false, 'the refreshed entry has a new handle');
  t.expire(30e9);
  assert.equal(t.entries, 1, 'b expires at 40 s, not 30 s');
  assert.equal(t.remove(b2, 40e9), false, 'expired at 40 s');
  assert.equal(t.entries, 0);
});

test('a closed flow closes once: a second transition of its old handle adds no entry', () => {
  const t = new ConntrackTable({ max: 10, buckets: 4, timeoutsNs: timeouts }, costs);
  const e = t.insert(0, 'established')!;
  const w = t.transition(e, 1e9, 'timeWait');
  assert.equal(t.transition(e, 2e9, 'timeWait'), e); // e's record is dead already
  assert.notEqual(w, e);
  t.expire(11e9 + 1); // the TIME_WAIT entry (10 s from 1 s) has gone, and only it
  assert.equal(t.entries, 0);
  t.expire(13e9);
  assert.equal(t.entries, 0);
});

test('dead records among live ones across growth: each live entry expires once, on time', () => {
  const t = new ConntrackTable({ max: 1e6, buckets: 1024, timeoutsNs: timeouts }, costs);
  // 100 established entries a ms apart, every other one closed into TIME_WAIT at once.
  for (let i = 0; i < 100; i++) {
    const e = t.insert(i * 1e6, 'established')!;
    if (i % 2 === 0) t.transition(e, i * 1e6, 'timeWait');
  }
  assert.equal(t.entries, 100);
  t.expire(10e9 + 49e6); // TIME_WAIT entries of 0, 2 … 48 ms have expired: 25 of them
  assert.equal(t.entries, 75);
  t.expire(11e9);
  assert.equal(t.entries, 50);
});
