import type { BuildOptions } from 'esbuild';

/** The esbuild options every podpath bundle shares (scripts/bundle-options.mjs). */
export function bundleOptions(entryPoints: Record<string, string>, outdir: string): BuildOptions;
