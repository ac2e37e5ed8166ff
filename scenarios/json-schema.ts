/**
 * The scenario format as a JSON Schema, generated from the zod schema (`z.toJSONSchema`, the
 * input side: fields with defaults are optional), for editors: a scenario file whose first line is
 * `# yaml-language-server: $schema=./scenario.schema.json` is checked as it is typed. Checks zod
 * cannot express in JSON Schema (a node index below cluster.nodes, from <= to) stay in podpath.
 */
import { z } from 'zod';
import { scenarioSchema } from './schema.ts';

export const jsonSchemaFile = new URL('./scenario.schema.json', import.meta.url);

/** The schema's text as written to scenarios/scenario.schema.json. */
export function scenarioJsonSchema(): string {
  const schema = z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' });
  return JSON.stringify({ ...schema, title: 'podpath scenario' }, null, 2) + '\n';
}
