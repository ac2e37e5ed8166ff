/**
 * Scaling by clock: exactly the named constants change, integer ns stay integer, per-byte ones
 * keep three significant digits, and each says how it was derived.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clockScaledCosts, scaleByClock } from '../../../models/profiles/scaled-costs.ts';
import { costProfileDefaults } from '../../../models/profiles/defaults.ts';

test('scaleByClock: the named constants times the factor, the rest untouched', () => {
  const { costs, derivations } = scaleByClock(costProfileDefaults, 0.625, 'why');
  assert.equal(costs.tcpTxNs, Math.round(costProfileDefaults.tcpTxNs * 0.625));
  assert.equal(costs.copyNsPerByte, Number((costProfileDefaults.copyNsPerByte * 0.625).toPrecision(3)));
  assert.deepEqual(Object.keys(derivations).sort(), [...clockScaledCosts].sort());
  assert.equal(derivations.tcpTxNs, `xeon-2019-10gbe's ${costProfileDefaults.tcpTxNs} × 0.625: why`);
  for (const k of Object.keys(costProfileDefaults) as (keyof typeof costProfileDefaults)[]) {
    if (!(clockScaledCosts as readonly string[]).includes(k)) assert.equal(costs[k], costProfileDefaults[k], k);
    else if (!k.endsWith('PerByte')) assert.ok(Number.isInteger(costs[k]), k);
  }
});
