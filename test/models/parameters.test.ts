/** A defaults object's values, field by field, in declaration order. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { valuesOf } from '../../models/parameters.ts';

test('valuesOf keeps the names and order and takes each value', () => {
  const v = valuesOf({
    aNs: { value: 120, unit: 'ns', min: 0, doc: 'a', source: 's' },
    bBytes: { value: 4, unit: 'bytes', min: 1, integer: true, doc: 'b', source: 's' },
  });
  assert.deepEqual(Object.entries(v), [['aNs', 120], ['bBytes', 4]]);
});
