import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TraceSource } from '../../sim/index.ts';

test('TraceSource delivers to its sinks until they unsubscribe', () => {
  const source = new TraceSource<{ reason: string }>();
  assert.equal(source.active, false);
  const a: string[] = [], b: string[] = [];
  const offA = source.subscribe((e) => a.push(e.reason));
  source.subscribe((e) => b.push(e.reason));
  assert.equal(source.active, true);
  source.emit({ reason: 'table-full' });
  offA();
  source.emit({ reason: 'ttl' });
  assert.deepEqual(a, ['table-full']);
  assert.deepEqual(b, ['table-full', 'ttl']);
});
