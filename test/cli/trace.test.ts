/**
 * `podpath trace`: one packet's stages in order with the crossings marked, the UDP sender's three
 * crossings, the NetworkPolicy chain or map lookup on the endpoint's node, and bad pod or variant
 * names refused with one line and exit 2.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { trace } from '../../cli/trace.ts';
import { podpathArgs } from './podpath-command.ts';

const file = join(import.meta.dirname, '../../scenarios/flannel-backends.yaml');

test('flannel UDP: 26 stages, six crossings, three of them on the sender', () => {
  const out = trace({ file, variant: 'udp' });
  const rows = out.split('\n').filter((l) => /^\s*\d+ {2}/.test(l));
  assert.equal(rows.length, 26);
  const crossings = rows.filter((l) => l.includes('◆'));
  assert.equal(crossings.length, 6);
  assert.deepEqual(crossings.filter((l) => l.includes('node-0')).map((l) => l.trim().split(/\s{2,}/)[1]), [
    'send()', 'flanneld read() from flannel0', 'flanneld sendto() :8285',
  ]);
  assert.match(out, /udp \(MTU 1472, \+28 B encapsulation\), one 1420-byte segment/);
  assert.match(out, /to pod server 10\.0\.1\.2 on node-1 \(10\.0\.1\.0\/24\)/);
  assert.match(out, /6 crossings, 8728 bytes copied/);
});

test('VXLAN: two crossings, the frame on the wire is 1538 bytes', () => {
  const out = trace({ file, variant: 'vxlan', from: '1:5', to: '0:7' });
  assert.match(out, /from pod 1:5 10\.0\.1\.7 on node-1/);
  assert.match(out, /serialization\s+node-1\s+-\s+wire\s+nic-tx\s+1538/);
  assert.match(out, /2 crossings/);
});

test('bad variant or pod: one line, exit 2', () => {
  for (const [args, expected] of [
    [['--variant', 'nope'], /^--variant: "nope" is not allowed \(must be one of the scenario's variants: "host-gw", "vxlan", "udp"\)$/],
    [['--to', '2:0'], /^--to: "2:0" is not allowed \(must be client, server or NODE:POD with NODE < 2 and POD < 110, e\.g\. 1:0\)$/],
  ] as const) {
    const r = spawnSync(process.execPath, [...podpathArgs, 'trace', file, ...args], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr.trim(), expected);
  }
});

const modes = join(import.meta.dirname, '../../scenarios/kube-proxy-modes.yaml');

/** The cost column of a trace's rows on the client's node (node-0) run by its CPU. */
function senderCpuNs(out: string): number {
  return out.split('\n').filter((l) => /^\s*\d+ {2}/.test(l)).map((l) => l.trim().split(/\s{2,}/))
    .filter((c) => c[2] === 'node-0' && c[5] === 'cpu').reduce((n, c) => n + Number(c[6]), 0); // no wire bytes on CPU rows
}

test('Service scenario: iptables and IPVS trace different netfilter hops, and the trace costs what the model charges the first SYN', async () => {
  const { prepare } = await import('../../cli/prepare.ts');
  const { buildServiceModel } = await import('../../experiments/service-experiment.ts');
  const stageNames = (out: string) => out.split('\n').filter((l) => /^\s*\d+ {2}/.test(l)).map((l) => l.trim().split(/\s{2,}/)[1]);
  const ipt = trace({ file: modes, variant: 'iptables' });
  const ipvs = trace({ file: modes, variant: 'ipvs' });
  assert.match(ipt, /PREROUTING nat: KUBE-SERVICES → KUBE-SVC → KUBE-SEP, DNAT \(\d+ rules\)\s+node-0/);
  assert.match(ipvs, /IPVS virtual service \+ scheduler, DNAT\s+node-0/);
  const netfilter = (names: string[]) => names.filter((n) => /^(PREROUTING|FORWARD|conntrack)/.test(n));
  assert.equal(netfilter(stageNames(ipt)).length, 8);
  assert.notDeepEqual(netfilter(stageNames(ipt)), netfilter(stageNames(ipvs)));
  for (const [variant, out] of [['iptables', ipt], ['ipvs', ipvs]] as const) {
    // The model's first connection, on an idle cluster: its SYN's first-packet latency is the
    // client node's CPU hop, which is what the trace's node-0 CPU stages add up to.
    const point = prepare(modes).points.find((p) => p.variant === variant)!;
    const m = buildServiceModel(point.model, point.model.services!, point.scenario.seed, 0);
    const seen: number[] = [];
    m.traffic.synLeft.subscribe((conn) => { seen.push(m.sim.now - conn.synSentNs); });
    while (seen.length === 0) m.sim.run({ untilNs: m.sim.now + 1e6 });
    assert.equal(seen[0], senderCpuNs(out), variant);
  }
});

test('network policies: the SYN walks the endpoint pod\'s policy chain (iptables) or its policy map (eBPF) on the endpoint\'s node', () => {
  const policy = join(import.meta.dirname, '../../scenarios/network-policy.yaml');
  const chain = trace({ file: policy, variant: 'iptables' }).split('\n').filter((l) => /FORWARD filter: (policy|matching)/.test(l));
  assert.equal(chain.length, 2);
  assert.ok(chain.every((l) => /node-[12]/.test(l)), chain.join('\n'));
  assert.match(trace({ file: policy, variant: 'ebpf' }), /tc ingress BPF: endpoint policy map lookup \(1 policies\) → allow +node-[12] .* 100 /);
});

test('Service options: KUBE-EXT → KUBE-SVL with the affinity checks and no SNAT for Local; KUBE-SVC, MASQUERADE and the zone crossing for Cluster', () => {
  const options = join(import.meta.dirname, '../../scenarios/service-options.yaml');
  const local = trace({ file: options, variant: 'iptables-local-affinity' });
  assert.match(local, /PREROUTING nat: KUBE-SERVICES → KUBE-NODEPORTS → KUBE-EXT → KUBE-SVL \(recent --rcheck ×2\) → KUBE-SEP \(recent --set\), DNAT \(\d+ rules\); affinity: new client/);
  assert.doesNotMatch(local, /MASQUERADE/);
  // The entry node's own endpoint: no wire at all.
  assert.doesNotMatch(local, /propagation/);
  const cluster = trace({ file: options, variant: 'iptables-cluster' });
  assert.match(cluster, /KUBE-NODEPORTS → KUBE-EXT → KUBE-SVC → KUBE-SEP, DNAT/);
  assert.match(cluster, /POSTROUTING nat: KUBE-POSTROUTING MASQUERADE/);
  assert.match(cluster, /zone crossing: zone 0 → zone 2 .*300000/);
  assert.match(trace({ file: options, variant: 'ipvs-cluster-persistence' }), /IPVS persistent virtual service \(template lookup\)/);
});
