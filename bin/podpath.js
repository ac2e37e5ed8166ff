#!/usr/bin/env node
// The podpath command: the command line compiled into dist/ (built by `npm ci`, `npm pack` and
// `npm run build`). From a checkout, `npm run podpath` runs the TypeScript sources instead.
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('podpath: dist/ is not built: run `npm run build` in the podpath checkout');
  process.exit(1);
}
await import(main.href);
