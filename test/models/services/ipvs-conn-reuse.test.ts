/** IPVS meeting a reused client port: mode 0 reuses the old real server, mode 1 drops the SYN
 *  before the 5.9 fix and schedules it after; entries are forgotten after 120 s of TIME_WAIT. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IpvsConnReuse, ipvsTimeWaitNs } from '../../../models/services/ipvs-conn-reuse.ts';

test('a port never closed is scheduled; closed within 120 s it meets its TIME_WAIT entry; after, it is forgotten', () => {
  for (const mode of [0, 1] as const) {
    const t = new IpvsConnReuse({ mode, fixed: false });
    assert.deepEqual(t.check(0, 3, 7, 40000, 0), { kind: 'schedule' });
    t.closed(0, 3, 7, 40000, 2, 1e9);
    assert.deepEqual(t.check(0, 3, 7, 40001, 2e9), { kind: 'schedule' }, 'another port');
    assert.deepEqual(t.check(1, 3, 7, 40000, 2e9), { kind: 'schedule' }, 'another node');
    assert.deepEqual(t.check(0, 3, 7, 40000, 1e9 + ipvsTimeWaitNs), { kind: 'schedule' }, 'expired');
  }
});

test('mode 0 reuses the old endpoint every time; mode 1 drops once (the entry expires with it) before 5.9, never from 5.9', () => {
  const zero = new IpvsConnReuse({ mode: 0, fixed: false });
  zero.closed(0, 3, 7, 40000, 2, 0);
  assert.deepEqual(zero.check(0, 3, 7, 40000, 1e9), { kind: 'reuse', endpoint: 2 });
  assert.deepEqual(zero.check(0, 3, 7, 40000, 2e9), { kind: 'reuse', endpoint: 2 });
  const one = new IpvsConnReuse({ mode: 1, fixed: false });
  one.closed(0, 3, 7, 40000, 2, 0);
  assert.deepEqual(one.check(0, 3, 7, 40000, 1e9), { kind: 'drop' });
  assert.deepEqual(one.check(0, 3, 7, 40000, 2e9), { kind: 'schedule' }, 'the retransmitted SYN');
  const fixed = new IpvsConnReuse({ mode: 1, fixed: true });
  fixed.closed(0, 3, 7, 40000, 2, 0);
  assert.deepEqual(fixed.check(0, 3, 7, 40000, 1e9), { kind: 'schedule' });
  assert.deepEqual([zero.reused, one.dropped, fixed.dropped], [2, 1, 0]);
});
