/**
 * IPVS schedulers' picks on small cases, exactly as the kernel's algorithms make them: rr order,
 * wrr by weight, lc/wlc/sed/nq by (weighted) connection counts with ties to the earlier server,
 * sh stable per source and dh per destination.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashAddr, IpvsService } from '../../../models/services/ipvs-scheduler.ts';

const picks = (svc: IpvsService, k: number, src = 1, dst = 2) => Array.from({ length: k }, () => svc.schedule(src, dst));

test('rr: servers in list order, wrapping', () => {
  assert.deepEqual(picks(new IpvsService('rr', [1, 1, 1]), 7), [0, 1, 2, 0, 1, 2, 0]);
});

test('rr skips a server of weight 0', () => {
  assert.deepEqual(picks(new IpvsService('rr', [1, 0, 1]), 4), [0, 2, 0, 2]);
});

test('wrr: weights 4, 3, 2 give the kernel sequence (gcd 1, current weight stepping down)', () => {
  // cw = 4: a; cw = 3: a b; cw = 2: a b c; cw = 1: a b c; then again.
  assert.deepEqual(picks(new IpvsService('wrr', [4, 3, 2]), 9), [0, 0, 1, 0, 1, 2, 0, 1, 2]);
});

test('lc: the server with least active·256 + inactive, earliest on ties', () => {
  const svc = new IpvsService('lc', [1, 1, 1]);
  assert.equal(svc.schedule(1, 2), 0);
  svc.opened(0);
  assert.equal(svc.schedule(1, 2), 1);
  svc.opened(1);
  svc.opened(1);
  assert.equal(svc.schedule(1, 2), 2);
  svc.opened(2);
  svc.closed(0); // 0: active 0, inactive 1 → overhead 1, least
  assert.equal(svc.schedule(1, 2), 0);
  svc.forgotten(0);
  assert.deepEqual([...svc.active], [0, 2, 1]);
  assert.deepEqual([...svc.inactive], [0, 0, 0]);
});

test('wlc: overhead / weight; sed: (active + 1) / weight; nq: an idle server first', () => {
  const wlc = new IpvsService('wlc', [1, 3]);
  wlc.opened(1);
  wlc.opened(1);
  // overheads 0 and 512: 0·3 > 512·1 is false, so server 0.
  assert.equal(wlc.schedule(1, 2), 0);
  wlc.opened(0);
  // 256·3 = 768 > 512·1: server 1 is less loaded per weight.
  assert.equal(wlc.schedule(1, 2), 1);

  const sed = new IpvsService('sed', [1, 3]);
  // (0+1)·3 > (0+1)·1: the heavier server even when both are idle.
  assert.equal(sed.schedule(1, 2), 1);
  sed.opened(1);
  sed.opened(1);
  sed.opened(1);
  // (0+1)·3 > (3+1)·1 is false: stays on server 0 now.
  assert.equal(sed.schedule(1, 2), 0);

  const nq = new IpvsService('nq', [1, 3]);
  nq.opened(1);
  assert.equal(nq.schedule(1, 2), 0); // idle server 0 wins whatever the weights
  nq.opened(0);
  assert.equal(nq.schedule(1, 2), 1); // no idle one: sed, (1+1)·1 > (1+1)·3 is false → (2/3 < 2) server 1
});

test('sh: the same source always gets the same server; sources spread over all servers', () => {
  const svc = new IpvsService('sh', [1, 1, 1, 1]);
  for (const src of [0x0a000102, 0x0a000202, 0x0a00ff02]) {
    const first = svc.schedule(src, 7);
    assert.deepEqual(picks(svc, 5, src, 7), [first, first, first, first, first]);
    assert.equal(first, hashAddr(src) % 4);
  }
  const seen = new Set(Array.from({ length: 200 }, (_, i) => svc.schedule(0x0a000002 + (i << 8), 7)));
  assert.deepEqual([...seen].sort(), [0, 1, 2, 3]);
});

test('dh: one server per destination, whoever the source', () => {
  const svc = new IpvsService('dh', [1, 1, 1]);
  const dst = 0x0a600005;
  const expected = hashAddr(dst) % 3;
  for (let src = 1; src < 50; src++) assert.equal(svc.schedule(src, dst), expected);
});

test('hashAddr is the kernel multiplicative hash: (addr · 2654435761 mod 2^32) >> 24', () => {
  for (const a of [0, 1, 0x0a000102, 0xffffffff]) {
    assert.equal(hashAddr(a), Number((BigInt(a) * 2654435761n) % 2n ** 32n >> 24n));
  }
});
