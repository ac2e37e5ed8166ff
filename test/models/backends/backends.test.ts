/** The backends by name: every name builds the backend of that name. */
import { podMtu } from '../../../models/backends/backend.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backendNames, backendOf } from '../../../models/backends/backends.ts';

test('every backend name builds its backend, with its MTU', () => {
  assert.deepEqual(backendNames.map((n) => [backendOf(n).name, podMtu(backendOf(n), 1500)]), [['host-gw', 1500], ['vxlan', 1450], ['udp', 1472], ['ipip', 1480], ['wireguard', 1420], ['host', 1500]]);
});
