/**
 * Which netfilter hooks a packet passes on which crossing: on another node's packet, the sender's
 * steps after its bridge and the receiver's after the ingress, before the receiving bridge; on a
 * same-node packet, the sender's crossing only. Without steps a crossing keeps one placeholder of
 * no cost on the resource that runs it; a cluster without kube-proxy rules has no hooks at all.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation } from '../../../sim/index.ts';
import { Cluster } from '../../../models/datapath/cluster.ts';
import { costProfiles } from '../../../models/profiles/profiles.ts';
import { HostGwBackend } from '../../../models/backends/host-gw-backend.ts';
import { hookStages, type NetfilterWork } from '../../../models/netfilter/netfilter-hooks.ts';

const profile = costProfiles['xeon-2019-10gbe'];
const seg = { payloadBytes: 100, messageBytes: 100, first: true, last: true };
const work: NetfilterWork = {
  sender: [{ name: 'PREROUTING lookup', ns: 70 }, { name: 'PREROUTING nat', ns: 900 }, { name: 'FORWARD', ns: 40 }],
  receiver: [{ name: 'PREROUTING lookup', ns: 75 }, { name: 'FORWARD', ns: 41 }],
};

function cluster(netfilter: boolean): Cluster {
  return new Cluster(new Simulation(), { nodes: 2, coresPerNode: 2, rxQueues: 2, linkGbps: 10 }, profile, new HostGwBackend(), netfilter);
}

const show = (s: { node: number; resource: string; name: string; hook?: string; ns: number }) => `${s.node}:${s.resource}:${s.hook ?? '-'}:${s.name}:${s.ns}`;

test('hookStages: one stage per step in the host namespace\'s kernel, on the given node, resource and hook', () => {
  assert.deepEqual(hookStages('receiver', 3, 'softirq', work.receiver), [
    { name: 'PREROUTING lookup', node: 3, netns: 'host', side: 'kernel', resource: 'softirq', hook: 'receiver', ns: 75 },
    { name: 'FORWARD', node: 3, netns: 'host', side: 'kernel', resource: 'softirq', hook: 'receiver', ns: 41 },
  ]);
  assert.deepEqual(hookStages('sender', 0, 'cpu'), [
    { name: 'netfilter (cost per packet)', node: 0, netns: 'host', side: 'kernel', resource: 'cpu', hook: 'sender', ns: 0 },
  ]);
  assert.deepEqual(hookStages('sender', 0, 'cpu', []), []);
});

test('a packet to another node: the sender\'s steps after its bridge on its CPU, the receiver\'s before the far bridge in softirq', () => {
  const stages = cluster(true).stages({ name: 'c', node: 0 }, { name: 's', node: 1 }, seg, work);
  const hooked = stages.map((s, i) => [i, s] as const).filter(([, s]) => s.hook);
  assert.deepEqual(hooked.map(([, s]) => show(s)), [
    '0:cpu:sender:PREROUTING lookup:70', '0:cpu:sender:PREROUTING nat:900', '0:cpu:sender:FORWARD:40',
    '1:softirq:receiver:PREROUTING lookup:75', '1:softirq:receiver:FORWARD:41',
  ]);
  const at = (i: number) => stages[i].name;
  assert.equal(at(hooked[0][0] - 1), 'bridge cni0');
  assert.equal(stages[hooked[0][0] - 1].node, 0);
  assert.equal(at(hooked[3][0] - 1), 'route to cni0');
  assert.equal(at(hooked[4][0] + 1), 'bridge cni0');
  assert.equal(stages[hooked[4][0] + 1].node, 1);
});

test('a packet within one node crosses its host namespace once: the sender\'s steps only, on its CPU', () => {
  const stages = cluster(true).stages({ name: 'c', node: 0 }, { name: 's', node: 0 }, seg, work);
  assert.deepEqual(stages.filter((s) => s.hook).map(show), ['0:cpu:sender:PREROUTING lookup:70', '0:cpu:sender:PREROUTING nat:900', '0:cpu:sender:FORWARD:40']);
});

test('placeholders: one per crossing on a kube-proxy cluster, none on a cluster without rules, the steps whenever given', () => {
  const c = { name: 'c', node: 0 }, s = { name: 's', node: 1 };
  assert.deepEqual(cluster(true).stages(c, s, seg).filter((x) => x.hook).map(show), [
    '0:cpu:sender:netfilter (cost per packet):0', '1:softirq:receiver:netfilter (cost per packet):0',
  ]);
  const bare = cluster(false);
  assert.equal(bare.stages(c, s, seg).filter((x) => x.hook).length, 0);
  assert.equal(bare.stages(c, s, seg, work).filter((x) => x.hook).length, 5);
  // The hooks add exactly their steps' cost to the path.
  const total = (x: readonly { ns: number }[]) => x.reduce((n, y) => n + y.ns, 0);
  assert.equal(total(bare.stages(c, s, seg, work)) - total(bare.stages(c, s, seg)), 70 + 900 + 40 + 75 + 41);
});
