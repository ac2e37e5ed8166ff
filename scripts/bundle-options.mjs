// The esbuild options every podpath bundle shares: the command's bundle in dist/bundle/
// (scripts/bundle.mjs, from the built dist/) and the command-line tests' bundle of the sources
// (test/cli/podpath-command.ts). `entryPoints` maps each output name to its entry file.
export function bundleOptions(entryPoints, outdir) {
  return {
    entryPoints,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outdir,
    // piscina starts its threads from its own files.
    external: ['piscina'],
    // Bundled CommonJS packages call require() for Node's own modules; an ES module has none.
    banner: { js: "import { createRequire as __podpathRequire } from 'node:module'; const require = __podpathRequire(import.meta.url);" },
    logLevel: 'warning',
  };
}
