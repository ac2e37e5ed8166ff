/** `npm run schema`: writes scenarios/scenario.schema.json from the zod schema. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { jsonSchemaFile, scenarioJsonSchema } from '../scenarios/json-schema.ts';

writeFileSync(jsonSchemaFile, scenarioJsonSchema());
console.error(`wrote ${fileURLToPath(jsonSchemaFile)}`);
