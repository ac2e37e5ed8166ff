#!/usr/bin/env node
// The podpath command: the command line compiled into dist/ and bundled into dist/bundle/ (built by
// `npm ci`, `npm pack` and `npm run build`; scripts/bundle.mjs says why a bundle). From a
// checkout, `npm run podpath` runs the TypeScript sources instead.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/bundle/podpath.js', import.meta.url);
const main = existsSync(bundle) ? bundle : new URL('../dist/cli/start.js', import.meta.url);
if (!existsSync(main)) {
  console.error('podpath: dist/ is not built: run `npm run build` in the podpath checkout');
  process.exit(1);
}
await import(main.href);
