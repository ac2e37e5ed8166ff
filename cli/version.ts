/** podpath's version, from package.json: it stamps results.json and the report. */
import pkg from '../package.json' with { type: 'json' };

export const version: string = pkg.version;
