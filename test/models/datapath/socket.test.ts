/** The socket layer: send() and recv() cross user/kernel and copy the message only at its first
 *  (send) or last (recv) segment; TCP/IP work every segment. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recvStages, sendStages } from '../../../models/datapath/socket.ts';
import { costProfiles } from '../../../models/profiles/profiles.ts';

const p = costProfiles['xeon-2019-10gbe'];

test('send(): syscall + 0.1 ns/byte copy at the first segment, then tcp/ip tx', () => {
  const first = sendStages(p, 0, 'pod', 10_000, true);
  assert.deepEqual(first.map((s) => [s.name, s.ns, s.crossing ?? null, s.copiedBytes ?? 0]), [
    ['send()', 250 + 1000, 'user→kernel', 10_000], ['tcp/ip tx', p.tcpTxNs, null, 0],
  ]);
  assert.deepEqual(sendStages(p, 0, 'pod', 10_000, false).map((s) => s.name), ['tcp/ip tx']);
});

test('recv(): tcp/ip rx every segment, wake-up + syscall + copy at the last', () => {
  const last = recvStages(p, 1, 'pod', 64, true);
  assert.deepEqual(last.map((s) => [s.name, s.resource, s.ns, s.crossing ?? null]), [
    ['tcp/ip rx', 'softirq', p.tcpRxNs, null], ['recv()', 'cpu', Math.round(2500 + 250 + 6.4), 'kernel→user'],
  ]);
  assert.equal(recvStages(p, 1, 'pod', 64, false).length, 1);
});
