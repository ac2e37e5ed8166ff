/** The resolver's constants are glibc's (resolv/res_send.c, resolv.h): RES_TIMEOUT 5 s,
 *  RES_DFLRETRY 2; the modes a scenario may name; a DNS message as one whole segment. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dnsSegment, resolverAttempts, resolverModes, resolverTimeoutNs } from '../../../models/workloads/dns-resolver.ts';

test('glibc defaults, the modes, one segment per message', () => {
  assert.deepEqual([resolverTimeoutNs, resolverAttempts], [5e9, 2]);
  assert.deepEqual(resolverModes, ['parallel', 'single-request', 'single-request-reopen', 'use-vc']);
  assert.deepEqual(dnsSegment(48), { payloadBytes: 48, messageBytes: 48, first: true, last: true });
});
