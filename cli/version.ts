/**
 * podpath's version, from package.json: it stamps results.json and the report. Read by the
 * package's own name (its `exports` map lists package.json) so the same line works from the
 * sources and from dist/, and the compiler does not copy package.json into dist/.
 */
import { createRequire } from 'node:module';

const pkg = createRequire(import.meta.url)('podpath/package.json') as { version: string };

export const version: string = pkg.version;
