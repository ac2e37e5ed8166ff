/**
 * The JSON Schema for editors: scenarios/scenario.schema.json is what `npm run schema` writes from
 * the zod schema now, it rejects unknown fields as podpath does, and every bundled scenario points
 * its editor at it on the first line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonSchemaFile, scenarioJsonSchema } from '../../scenarios/json-schema.ts';

test('scenario.schema.json is up to date (run npm run schema after changing the zod schema)', () => {
  assert.equal(readFileSync(jsonSchemaFile, 'utf8'), scenarioJsonSchema());
});

test('the JSON Schema is strict and knows the sweep ranges', () => {
  const schema = JSON.parse(scenarioJsonSchema());
  assert.deepEqual(schema.required, ['name']);
  assert.equal(schema.additionalProperties, false);
  const axis = schema.properties.sweep.additionalProperties;
  const range = axis.anyOf.find((o: { type?: string }) => o.type === 'object');
  assert.deepEqual(Object.keys(range.properties), ['from', 'to', 'step', 'points', 'scale']);
  assert.deepEqual(range.properties.scale.enum, ['linear', 'log']);
});

test('every bundled scenario starts with the yaml-language-server modeline', () => {
  const dir = join(import.meta.dirname, '../../scenarios');
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  assert.ok(files.length >= 2);
  for (const f of files) {
    assert.equal(readFileSync(join(dir, f), 'utf8').split('\n')[0], '# yaml-language-server: $schema=./scenario.schema.json', f);
  }
});
