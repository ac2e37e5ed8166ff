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

/** IPVS mode's restore input as writeIptablesRules writes it (pkg/proxy/ipvs/proxier.go), with
 *  the empty ipsets' rules left out. */
function ipvsRestoreInput(nodePorts: number): string[] {
  const natChains = ['KUBE-SERVICES', 'KUBE-POSTROUTING', 'KUBE-NODE-PORT', 'KUBE-LOAD-BALANCER', 'KUBE-MARK-MASQ'];
  const filterChains = ['KUBE-FORWARD', 'KUBE-NODE-PORT', 'KUBE-PROXY-FIREWALL', 'KUBE-SOURCE-RANGES-FIREWALL', 'KUBE-IPVS-FILTER', 'KUBE-IPVS-OUT-FILTER'];
  const nat = [
    '-A KUBE-SERVICES -s 127.0.0.0/8 -j RETURN',
    '-A KUBE-POSTROUTING -m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE',
    ...(nodePorts > 0 ? ['-A KUBE-NODE-PORT -p tcp -m set --match-set KUBE-NODE-PORT-TCP dst -j KUBE-MARK-MASQ'] : []),
    '-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ',
    '-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT',
    '-A KUBE-LOAD-BALANCER -j KUBE-MARK-MASQ',
    '-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT',
    '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
    '-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000',
    '-A KUBE-POSTROUTING -j MASQUERADE --random-fully',
    '-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000',
  ];
  const filter = [
    '-A KUBE-SOURCE-RANGES-FIREWALL -j DROP',
    '-A KUBE-FORWARD -m mark --mark 0x4000/0x4000 -j ACCEPT',
    '-A KUBE-FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    '-A KUBE-NODE-PORT -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j ACCEPT',
    ...['KUBE-LOAD-BALANCER', 'KUBE-CLUSTER-IP', 'KUBE-EXTERNAL-IP', 'KUBE-EXTERNAL-IP-LOCAL'].map((set) => `-A KUBE-IPVS-FILTER -m set --match-set ${set} dst,dst -j RETURN`),
    '-A KUBE-IPVS-FILTER -m set --match-set KUBE-HEALTH-CHECK-NODE-PORT dst -j RETURN',
    '-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS dst -j REJECT',
  ];
  return ['*filter', ...filterChains.map((c) => `:${c} - [0:0]`), ...filter, 'COMMIT', '*nat', ...natChains.map((c) => `:${c} - [0:0]`), ...nat, 'COMMIT'];
}

test('IPVS: the counts equal writeIptablesRules\' restore input, constant in Services', () => {
  for (const [services, n, nodePorts] of [[1, 1, 0], [10, 3, 2], [50_000, 10, 0], [50_000, 10, 50_000]]) {
    const lines = ipvsRestoreInput(nodePorts);
    const st = ipvsState({ services, endpointsPerService: n, nodePortServices: nodePorts, version: 'current' });
    assert.equal(st.rules, lines.filter((l) => l.startsWith('-A ')).length);
    assert.equal(st.chains, lines.filter((l) => l.startsWith(':')).length);
    assert.equal(st.restoreLines, lines.length);
  }
  assert.equal(ipvsState({ services: 50_000, endpointsPerService: 10, version: 'current' }).rules, 20);
  assert.deepEqual(ipvsState({ services: 50_000, endpointsPerService: 3, nodePortServices: 2, version: 'current' }),
    { rules: 21, chains: 11, restoreLines: 36, ipsetMembers: 50_002, virtualServers: 50_002, realServers: 150_006 });
});

/** The `kube-proxy` nftables table as setupNFTables and syncProxyRules write it
 *  (pkg/proxy/nftables/proxier.go): rules, chains and set/map elements, one string each. */
function nftTable(services: number, n: number, nodePorts: number): { rules: string[]; chains: string[]; elements: string[] } {
  const base = ['filter-prerouting', 'filter-input', 'filter-forward', 'filter-output', 'filter-output-post-dnat', 'nat-prerouting', 'nat-output', 'nat-postrouting'];
  const jumps: [string, string][] = [
    ['nodeport-endpoints-check', 'filter-input'], ['service-endpoints-check', 'filter-input'], ['service-endpoints-check', 'filter-forward'],
    ['service-endpoints-check', 'filter-output'], ['firewall-check', 'filter-prerouting'], ['firewall-check', 'filter-output'],
    ['services', 'nat-output'], ['services', 'nat-prerouting'], ['masquerading', 'nat-postrouting'],
    ['cluster-ips-check', 'filter-forward'], ['cluster-ips-check', 'filter-output-post-dnat'],
  ];
  const chains = new Set([...base, ...jumps.map(([to]) => to), 'services', 'cluster-ips-check', 'masquerading', 'mark-for-masquerade', 'reject-chain', 'firewall-check']);
  const rules = [
    ...jumps.map(([to, from]) => `${from}: jump ${to}`),
    'mark-for-masquerade: mark set mark or 0x4000',
    'masquerading: mark and 0x4000 == 0 return', 'masquerading: mark set mark xor 0x4000', 'masquerading: masquerade fully-random',
    'cluster-ips-check: ip daddr @cluster-ips reject', 'cluster-ips-check: ip daddr { 10.96.0.0/12 } drop',
    'reject-chain: reject',
    'service-endpoints-check: ip daddr . meta l4proto . th dport vmap @no-endpoint-services',
    'nodeport-endpoints-check: meta l4proto . th dport vmap @no-endpoint-nodeports',
    'firewall-check: ip daddr . meta l4proto . th dport vmap @firewall-ips',
    'services: ip daddr . meta l4proto . th dport vmap @service-ips',
    'services: fib daddr type local meta l4proto . th dport vmap @service-nodeports',
  ];
  const elements: string[] = [];
  for (let s = 0; s < services; s++) {
    const svc = `service-${s}`;
    chains.add(svc);
    elements.push(`cluster-ips: 10.96.0.${s}`, `service-ips: 10.96.0.${s} . tcp . 80 : goto ${svc}`);
    rules.push(`${svc}: ip daddr 10.96.0.${s} tcp dport 80 ip saddr != 10.244.0.0/16 jump mark-for-masquerade`);
    if (s < nodePorts) {
      chains.add(`external-${s}`);
      elements.push(`service-nodeports: tcp . ${30000 + s} : goto external-${s}`);
      rules.push(`external-${s}: jump mark-for-masquerade`, `external-${s}: goto ${svc}`);
    }
    rules.push(`${svc}: numgen random mod ${n} vmap { … }`);
    for (let i = 0; i < n; i++) {
      chains.add(`endpoint-${s}-${i}`);
      rules.push(`endpoint-${s}-${i}: ip saddr 10.244.1.${i} jump mark-for-masquerade`, `endpoint-${s}-${i}: meta l4proto tcp dnat to 10.244.1.${i}:80`);
    }
  }
  return { rules, chains: [...chains], elements };
}

test('nftables: the counts equal the table setupNFTables and syncProxyRules write', () => {
  for (const [services, n, nodePorts] of [[1, 1, 0], [3, 2, 1], [7, 5, 7], [20, 10, 4]]) {
    const t = nftTable(services, n, nodePorts);
    const st = nftablesState({ services, endpointsPerService: n, nodePortServices: nodePorts, version: 'current' });
    assert.equal(st.rules, t.rules.length);
    assert.equal(st.chains, t.chains.length);
    assert.equal(st.elements, t.elements.length);
    const one = nftTable(1, n, 0), two = nftTable(2, n, 0);
    assert.equal(st.rulesPerService, two.rules.length - one.rules.length);
    assert.equal(st.chainsPerService, two.chains.length - one.chains.length);
  }
  assert.equal(nftablesState({ services: 1000, endpointsPerService: 10, version: 'current' }).rules, 23 + 1000 * 22);
});

test('userspace: two portal rules per Service, two more per NodePort', () => {
  assert.deepEqual(userspaceRuleset({ services: 50_000, endpointsPerService: 3, nodePortServices: 2, version: 'current' }), { rules: 100_004, portalRules: 50_000 });
});
