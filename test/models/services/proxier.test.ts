/** The proxier contract's mode list: the five modes a scenario's proxy.mode may name, distinct
 *  from the control plane's sync modes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { proxyModes } from '../../../models/services/proxier.ts';
import { syncModes } from '../../../models/control-plane/proxier-sync-cost.ts';

test('five data-path modes; the sync modes are another list under another name', () => {
  assert.deepEqual(proxyModes, ['iptables', 'ipvs', 'nftables', 'ebpf', 'userspace']);
  assert.deepEqual([...syncModes], ['iptables', 'iptables-partial', 'iptables-per-rule', 'ipvs', 'nftables']);
});
