/**
 * The UDP socket layer: a sendto() and a recvfrom() per datagram (or per UDP_SEGMENT/UDP_GRO
 * train), each a crossing and a copy, and UDP/IP once per packet on each side.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { udpRecvStages, udpSendStages } from '../../../models/datapath/udp-socket.ts';
import { costProfiles } from '../../../models/profiles/profiles.ts';

const p = costProfiles['xeon-2019-10gbe'];

test('sendto(): the syscall and the copy of the datagram, then UDP/IP transmit', () => {
  const s = udpSendStages(p, 0, 'pod a', 1448);
  assert.deepEqual(s.map((x) => [x.name, x.ns, x.resource, x.copiedBytes]), [['sendto()', 250 + 145, 'cpu', 1448], ['udp/ip tx', 700, 'cpu', undefined]]);
});

test('receive: UDP/IP per packet in the delivering context; one recvfrom() per packet copying all the bytes', () => {
  const one = udpRecvStages(p, 1, 'pod b', 1448, 1, 'softirq');
  assert.deepEqual(one.map((x) => [x.name, x.ns, x.resource]), [['udp/ip rx', 1000, 'softirq'], ['recvfrom()', 395, 'cpu']]);
  const merged = udpRecvStages(p, 1, 'pod b', 45 * 1448, 2, 'softirq');
  assert.deepEqual(merged.map((x) => [x.name, x.ns]), [['udp/ip rx ×2', 2000], ['recvfrom() ×2', 500 + Math.round(0.1 * 45 * 1448)]]);
});
