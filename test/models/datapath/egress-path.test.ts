/** The egress path on the pod's node: out through veth, bridge, the host's netfilter crossing
 *  (where MASQUERADE runs, costed per packet) and the NIC; back through the NIC's softirq, the
 *  crossing, bridge and veth. No tunnel stage (egress leaves by the node's own interface), every
 *  stage on the pod's node, and the send()/recv() crossings only on a message's first/last. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { costProfiles } from '../../../models/profiles/profiles.ts';
import { egressStages, ingressStages } from '../../../models/datapath/egress-path.ts';

const p = costProfiles['xeon-2019-10gbe'];
const total = (stages: { ns: number; resource: string }[]) => stages.filter((s) => s.resource !== 'wire').reduce((sum, s) => sum + s.ns, 0);

test('out: socket, veth, bridge, one netfilter crossing of the sender, then the NIC; all on the pod\'s node', () => {
  const out = egressStages(p, 3, 'a', 64, true, 10);
  assert.ok(out.every((s) => s.node === 3));
  const hooks = out.filter((s) => s.hook !== undefined);
  assert.equal(hooks.length, 1);
  assert.equal(hooks[0].hook, 'sender');
  const names = out.map((s) => s.name).join(' | ');
  assert.ok(!/vxlan|tunnel|flannel|wireguard/i.test(names), names);
  const veth = out.findIndex((s) => /veth/.test(s.name)), bridge = out.findIndex((s) => /bridge/.test(s.name));
  const hook = out.indexOf(hooks[0]);
  assert.ok(veth >= 0 && veth < bridge && bridge < hook, names);
  assert.equal(out.filter((s) => s.wireBytes !== undefined).length, 1, 'one frame on the wire');
});

test('back: the NIC\'s receive first, the receiver\'s crossing, then bridge and veth into the pod, in softirq', () => {
  const back = ingressStages(p, 1, 'b', 512, true);
  assert.ok(back.every((s) => s.node === 1));
  assert.equal(back.filter((s) => s.hook === 'receiver').length, 1);
  assert.ok(back.slice(1, -1).every((s) => s.resource === 'softirq'), back.map((s) => `${s.name}:${s.resource}`).join(' | '));
  assert.equal(back.at(-1)!.netns, 'pod b');
});

test('send() on a message\'s first segment and recv() on its last cost more than the segments between', () => {
  assert.ok(total(egressStages(p, 0, 'a', 1448, true, 10)) > total(egressStages(p, 0, 'a', 1448, false, 10)));
  assert.ok(total(ingressStages(p, 0, 'a', 1448, true)) > total(ingressStages(p, 0, 'a', 1448, false)));
});
