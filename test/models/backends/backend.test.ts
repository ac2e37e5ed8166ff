/** The backend contract: every backend's MTU plus its encapsulation fits the 1500-byte underlay,
 *  and its stages run on the nodes the context names. */
import { podMtu } from '../../../models/backends/backend.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Backend } from '../../../models/backends/backend.ts';
import { backendNames, backendOf } from '../../../models/backends/backends.ts';
import { costProfiles } from '../../../models/profiles/profiles.ts';

const profile = costProfiles['xeon-2019-10gbe'];

test('MTU + the tunnel\'s MTU overhead = 1500 for every backend (WireGuard leaves 80 for 60 bytes of IPv4 headers); egress on the sender, ingress on the receiver', () => {
  const all: Backend[] = backendNames.map(backendOf);
  assert.equal(all.length, 6);
  for (const b of all) {
    assert.equal(podMtu(b, 1500) + (b.mtuOverheadBytes ?? b.encapBytes), 1500, b.name);
    assert.ok((b.mtuOverheadBytes ?? b.encapBytes) >= b.encapBytes, b.name);
    const ctx = { profile, from: 3, to: 8, ipBytes: podMtu(b, 1500), senderResource: 'cpu' as const };
    // Host networking has no stage of its own between the socket and the NIC.
    const least = b.hostNetwork ? 0 : 1;
    assert.ok(b.egress(ctx).length >= least && b.egress(ctx).every((s) => s.node === 3), b.name);
    assert.ok(b.ingress(ctx).length >= least && b.ingress(ctx).every((s) => s.node === 8), b.name);
  }
});
