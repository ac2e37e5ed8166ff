/**
 * The defaults of every cost constant as plain values (the xeon-2019-10gbe profile's), for the
 * profiles of other eras to derive from.
 */
import { valuesOf } from '../parameters.ts';
import { costParameters } from './cost-profile.ts';

export const costProfileDefaults = valuesOf(costParameters);
