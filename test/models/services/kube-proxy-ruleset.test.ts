/**
 * Rule counts against an independent re-enactment of kube-proxy's iptables-restore input for small
 * clusters (written line by line as proxier.go writes it), and the published figures: Huawei's 8
 * rules per Service (2 endpoints) and Tigera's "about 20,000 rules" per new connection at 10,000
 * Services (legacy KUBE-SERVICES, 2 rules per Service, walked in full by a flow matching none).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { iptablesRuleset, ipvsState, type KubeProxyVersion, nftablesState, userspaceRuleset } from '../../../models/services/kube-proxy-ruleset.ts';

/** The restore input kube-proxy writes for `services` ClusterIP Services of `n` endpoints, the
 *  first `nodePorts` of them NodePorts (externalTrafficPolicy Cluster). */
function restoreInput(services: number, n: number, nodePorts: number, version: KubeProxyVersion): string[] {
  const legacy = version === 'legacy';
  const filterChains = legacy ? ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-FORWARD']
    : ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-FORWARD', 'KUBE-NODEPORTS', 'KUBE-PROXY-FIREWALL', 'KUBE-FIREWALL'];
  const filterRules = [
    ...(legacy ? [] : ['-A KUBE-FIREWALL -d 127.0.0.0/8 ! -s 127.0.0.0/8 -j DROP']),
    '-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP',
    '-A KUBE-FORWARD -m mark --mark 0x4000/0x4000 -j ACCEPT',
    '-A KUBE-FORWARD -s 10.244.0.0/16 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    ...(legacy ? ['-A KUBE-FORWARD -d 10.244.0.0/16 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT'] : []),
  ];
  const natChains = ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ'];
  const natRules = [
    '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
    '-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000',
    '-A KUBE-POSTROUTING -j MASQUERADE',
    '-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000',
  ];
  for (let s = 0; s < services; s++) {
    const svc = `KUBE-SVC-${s}`, ext = `KUBE-EXT-${s}`, vip = `-d 10.96.0.${s}/32 -p tcp --dport 80`;
    if (legacy) natRules.push(`-A KUBE-SERVICES ! -s 10.244.0.0/16 ${vip} -j KUBE-MARK-MASQ`);
    natRules.push(`-A KUBE-SERVICES ${vip} -j ${svc}`);
    if (s < nodePorts) {
      if (legacy) natRules.push(`-A KUBE-NODEPORTS -p tcp --dport ${30000 + s} -j KUBE-MARK-MASQ`, `-A KUBE-NODEPORTS -p tcp --dport ${30000 + s} -j ${svc}`);
      else {
        natRules.push(`-A KUBE-NODEPORTS -p tcp --dport ${30000 + s} -j ${ext}`);
        natChains.push(ext);
        natRules.push(`-A ${ext} -j KUBE-MARK-MASQ`, `-A ${ext} -j ${svc}`);
      }
    }
    natChains.push(svc);
    if (!legacy) natRules.push(`-A ${svc} ! -s 10.244.0.0/16 ${vip} -j KUBE-MARK-MASQ`);
    for (let i = 0; i < n; i++) {
      const sep = `KUBE-SEP-${s}-${i}`;
      natRules.push(`-A ${svc} ${i < n - 1 ? `-m statistic --mode random --probability ${1 / (n - i)} ` : ''}-j ${sep}`);
    }
    for (let i = 0; i < n; i++) {
      const sep = `KUBE-SEP-${s}-${i}`;
      natChains.push(sep);
      natRules.push(`-A ${sep} -s 10.244.1.${i}/32 -j KUBE-MARK-MASQ`, `-A ${sep} -p tcp -j DNAT --to-destination 10.244.1.${i}:80`);
    }
  }
  natRules.push('-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS');
  return [
    '*filter', ...filterChains.map((c) => `:${c} - [0:0]`), ...filterRules, 'COMMIT',
    '*nat', ...natChains.map((c) => `:${c} - [0:0]`), ...natRules, 'COMMIT',
  ];
}

for (const version of ['legacy', 'current'] as const) {
  for (const [services, n, nodePorts] of [[1, 1, 0], [3, 2, 1], [7, 5, 7], [20, 10, 4]]) {
    test(`${version}: ${services} Services × ${n} endpoints, ${nodePorts} NodePorts — counts equal the restore input's lines`, () => {
      const lines = restoreInput(services, n, nodePorts, version);
      const c = iptablesRuleset({ services, endpointsPerService: n, nodePortServices: nodePorts, version });
      assert.equal(c.restoreLines, lines.length);
      assert.equal(c.rules, lines.filter((l) => l.startsWith('-A ')).length);
      assert.equal(c.chains, lines.filter((l) => l.startsWith(':')).length);
      assert.equal(c.kubeServicesRules, lines.filter((l) => l.startsWith('-A KUBE-SERVICES ')).length);
    });
  }
}

test('Huawei: 8 rules per Service with 2 endpoints, in both layouts', () => {
  for (const version of ['legacy', 'current'] as const) {
    const one = iptablesRuleset({ services: 1, endpointsPerService: 2, version });
    const many = iptablesRuleset({ services: 5000, endpointsPerService: 2, version });
    assert.equal(one.rulesPerService, 8);
    assert.equal((many.rules - one.rules) / 4999, 8);
  }
});

test('Tigera: a flow matching no Service walks 20,001 legacy KUBE-SERVICES rules at 10,000 Services', () => {
  assert.equal(iptablesRuleset({ services: 10_000, endpointsPerService: 10, version: 'legacy' }).kubeServicesRules, 20_001);
  assert.equal(iptablesRuleset({ services: 10_000, endpointsPerService: 10, version: 'current' }).kubeServicesRules, 10_001);
});

test('IPVS keeps the iptables rules constant; nftables and userspace grow per Service', () => {
  const small = { services: 10, endpointsPerService: 3, nodePortServices: 2, version: 'current' as const };
  const large = { ...small, services: 50_000 };
  assert.equal(ipvsState(small).rules, ipvsState(large).rules);
  assert.deepEqual(ipvsState(large), { rules: 12, ipsetMembers: 50_002, virtualServers: 50_002, realServers: 150_006 });
  assert.deepEqual(nftablesState(small), { rules: 10 * (2 + 6), mapElements: 12 });
  assert.deepEqual(userspaceRuleset(large), { rules: 100_004, portalRules: 50_000 });
});
