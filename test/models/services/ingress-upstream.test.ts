/**
 * The keepalive cache of a replica's upstream leg, as a timeline: idle connections are found by
 * peer, the least recently released is closed when the cache is over capacity, a taken connection
 * leaves the LRU order, and capacity 0 closes every connection after its request.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UpstreamPool, type UpstreamConnection, type UpstreamJob, type UpstreamLegs } from '../../../models/services/ingress-upstream.ts';

function fixture(capacity: number) {
  const log: string[] = [];
  const legs = { close: (uc: UpstreamConnection) => log.push(`close ${name(uc)}`), send: (uc: UpstreamConnection) => log.push(`send ${name(uc)}`) } as unknown as UpstreamLegs;
  const pool = new UpstreamPool(legs, { name: 'ingress', node: 0 }, capacity);
  const conn = (service: number, endpoint: number) => ({ service, endpoint, idle: false, idleStamp: 0, job: null, pool } as unknown as UpstreamConnection);
  return { log, pool, conn };
}

const name = (uc: UpstreamConnection) => `${uc.service}/${uc.endpoint}`;
const job = { service: 0 } as UpstreamJob;

test('found by peer; the least recently released closed beyond capacity', () => {
  const { log, pool, conn } = fixture(2);
  const a = conn(0, 0), b = conn(0, 1), c = conn(0, 2);
  pool.release(a);
  pool.release(b);
  assert.equal(pool.take(0, 2, job), false);
  pool.release(c);
  assert.deepEqual(log, ['close 0/0']);
  assert.equal(pool.take(0, 0, job), false);
  assert.equal(pool.take(0, 1, job), true);
  assert.equal(b.job, job);
  assert.equal(b.idle, false);
  // b is busy now: releasing a new one does not evict it, and c is the oldest idle.
  const d = conn(1, 0);
  pool.release(d);
  pool.release(b);
  assert.deepEqual(log, ['close 0/0', 'send 0/1', 'close 0/2']);
  assert.equal(pool.take(1, 0, job), true);
  assert.equal(pool.take(0, 1, job), true);
});

test('capacity 0: every connection closed after its request, nothing cached', () => {
  const { log, pool, conn } = fixture(0);
  pool.release(conn(0, 0));
  pool.release(conn(0, 0));
  assert.deepEqual(log, ['close 0/0', 'close 0/0']);
  assert.equal(pool.take(0, 0, job), false);
});

test('the LRU order stays bounded: many releases and takes of one peer keep one entry live', () => {
  const { log, pool, conn } = fixture(1);
  const a = conn(0, 0);
  for (let i = 0; i < 5000; i++) {
    pool.release(a);
    assert.equal(pool.take(0, 0, job), true);
  }
  pool.release(a);
  pool.release(conn(0, 1));
  assert.equal(log.filter((l) => l.startsWith('close')).join(), 'close 0/0');
});
