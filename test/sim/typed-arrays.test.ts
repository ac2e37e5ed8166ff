import assert from 'node:assert/strict';
import { test } from 'node:test';
import { doubled } from '../../sim/typed-arrays.ts';

test('doubled: same kind, twice the length, the old values first and zeros after', () => {
  const f = doubled(new Float64Array([1.5, 2, 3]));
  assert.ok(f instanceof Float64Array);
  assert.deepEqual([...f], [1.5, 2, 3, 0, 0, 0]);
  const i = doubled(new Int32Array([7, -1]));
  assert.ok(i instanceof Int32Array);
  assert.deepEqual([...i], [7, -1, 0, 0]);
});
