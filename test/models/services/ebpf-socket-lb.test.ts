/** eBPF socket load balancing: the backend chosen at connect(), no per-packet NAT, no rules, no
 *  conntrack translation; endpoints uniform. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EbpfSocketLb } from '../../../models/services/ebpf-socket-lb.ts';
import { costProfiles } from '../../../models/profiles/profiles.ts';
import { Streams } from '../../../sim/index.ts';

const c = costProfiles['xeon-2019-10gbe'];

test('cost at connect() only: ebpfConnectNs, nothing per packet, no rules, no translation', () => {
  const lb = new EbpfSocketLb({ groups: [{ count: 10_000, endpointsPerService: 5 }], nodePortServices: 0, targetServices: 1, popularity: { kind: 'uniform' } }, c, new Streams(1, 0));
  assert.deepEqual([lb.connectNs, lb.rules, lb.translates, lb.unmatchedNs, lb.translateNs, lb.filterNs], [c.ebpfConnectNs, 0, false, 0, 0, 0]);
  const counts = [0, 0, 0, 0, 0];
  for (let i = 0; i < 25_000; i++) {
    const s = lb.select(0, 0);
    assert.deepEqual([s.ns, s.rulesWalked], [0, 0]);
    counts[s.endpoint]++;
  }
  for (const k of counts) assert.ok(Math.abs(k / 5000 - 1) < 0.05, `${counts}`);
});
