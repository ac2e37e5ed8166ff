/**
 * Rule counts against an independent re-enactment of kube-proxy's iptables-restore input for small
 * clusters (written line by line as proxier.go writes it), and the published figures: Huawei's 8
 * rules per Service (2 endpoints) and Tigera's "about 20,000 rules" per new connection at 10,000
 * Services (legacy KUBE-SERVICES, 2 rules per Service, walked in full by a flow matching none).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { iptablesRuleset, ipvsState, type KubeProxyVersion, nftablesState, userspaceRuleset } from '../../../models/services/kube-proxy-ruleset.ts';
import type { ServiceGroup } from '../../../models/services/service-groups.ts';

/** Service s has sizes[s] endpoints: the Services of `groups`, group after group. */
function sizesOf(groups: ServiceGroup[]): number[] {
  return groups.flatMap((g) => Array<number>(g.count).fill(g.endpointsPerService));
}

/** The restore input kube-proxy writes for ClusterIP Services of sizes[s] endpoints, the first
 *  `nodePorts` of them NodePorts (externalTrafficPolicy Cluster). */
function restoreInput(sizes: number[], nodePorts: number, version: KubeProxyVersion): string[] {
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
  for (let s = 0; s < sizes.length; s++) {
    const n = sizes[s];
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

/** One size, and mixed sizes (small Services with large ones among them, NodePorts over a group
 *  boundary). */
const catalogues: [ServiceGroup[], number][] = [
  [[{ count: 1, endpointsPerService: 1 }], 0],
  [[{ count: 3, endpointsPerService: 2 }], 1],
  [[{ count: 7, endpointsPerService: 5 }], 7],
  [[{ count: 20, endpointsPerService: 10 }], 4],
  [[{ count: 6, endpointsPerService: 2 }, { count: 2, endpointsPerService: 50 }], 7],
  [[{ count: 1, endpointsPerService: 9 }, { count: 12, endpointsPerService: 1 }, { count: 3, endpointsPerService: 4 }], 2],
];

const label = (groups: ServiceGroup[], nodePorts: number) => `${groups.map((g) => `${g.count} × ${g.endpointsPerService}`).join(' + ')} endpoints, ${nodePorts} NodePorts`;

for (const version of ['legacy', 'current'] as const) {
  for (const [groups, nodePorts] of catalogues) {
    test(`${version}: ${label(groups, nodePorts)} — counts equal the restore input's lines`, () => {
      const lines = restoreInput(sizesOf(groups), nodePorts, version);
      const c = iptablesRuleset({ groups, nodePortServices: nodePorts, version });
      assert.equal(c.restoreLines, lines.length);
      assert.equal(c.rules, lines.filter((l) => l.startsWith('-A ')).length);
      assert.equal(c.chains, lines.filter((l) => l.startsWith(':')).length);
      assert.equal(c.kubeServicesRules, lines.filter((l) => l.startsWith('-A KUBE-SERVICES ')).length);
      const own = lines.filter((l) => /^-A KUBE-(SERVICES -d|SERVICES ! -s|SVC|SEP)/.test(l)).length;
      assert.equal(c.serviceRules, own);
    });
  }
}

test('mixed sizes by hand: 19,000 Services of 2 endpoints and 1,000 of 50, in every mode', () => {
  const groups = [{ count: 19_000, endpointsPerService: 2 }, { count: 1000, endpointsPerService: 50 }];
  // Current iptables: per Service its KUBE-SERVICES jump, the KUBE-SVC masquerade rule, n
  // endpoint jumps, 2 rules in each of n KUBE-SEP chains: 2 + 3n, i.e. 8 and 152; 9 fixed rules.
  const cur = iptablesRuleset({ groups, version: 'current' });
  assert.equal(cur.rules, 19_000 * 8 + 1000 * 152 + 9);
  // Chains: KUBE-SVC and n KUBE-SEP each, 3 and 51; 10 fixed.
  assert.equal(cur.chains, 19_000 * 3 + 1000 * 51 + 10);
  assert.equal(cur.kubeServicesRules, 20_001);
  // Legacy: 2 KUBE-SERVICES rules, no KUBE-SVC masquerade rule: 2 + 3n again; 7 fixed chains, 9 rules.
  assert.equal(iptablesRuleset({ groups, version: 'legacy' }).rules, 19_000 * 8 + 1000 * 152 + 9);
  assert.equal(iptablesRuleset({ groups, version: 'legacy' }).kubeServicesRules, 40_001);
  // IPVS: 20,000 virtual servers, 19,000 × 2 + 1,000 × 50 = 88,000 real servers; the first 3
  // Services as NodePorts add 3 virtual servers of 2 real servers each.
  assert.deepEqual(ipvsState({ groups, nodePortServices: 3, version: 'current' }),
    { rules: 21, chains: 11, restoreLines: 36, ipsetMembers: 20_003, virtualServers: 20_003, realServers: 88_006 });
  // nftables: a service chain of 2 rules and n endpoint chains of 2: 6 and 102 rules, 3 and 51
  // chains; 2 elements per Service.
  const nft = nftablesState({ groups, version: 'current' });
  assert.deepEqual([nft.rules, nft.chains, nft.elements], [23 + 19_000 * 6 + 1000 * 102, 16 + 19_000 * 3 + 1000 * 51, 40_000]);
  assert.deepEqual(userspaceRuleset({ groups, version: 'legacy' }), { rules: 40_000, portalRules: 20_000 });
});

test('IPVS: a NodePort past a group boundary has the real servers of its own group', () => {
  const groups = [{ count: 2, endpointsPerService: 50 }, { count: 10, endpointsPerService: 2 }];
  assert.equal(ipvsState({ groups, nodePortServices: 3, version: 'current' }).realServers, 2 * 50 + 10 * 2 + (2 * 50 + 2));
});

test('Huawei: 8 rules per Service with 2 endpoints, in both layouts', () => {
  for (const version of ['legacy', 'current'] as const) {
    const one = iptablesRuleset({ groups: [{ count: 1, endpointsPerService: 2 }], version });
    const many = iptablesRuleset({ groups: [{ count: 5000, endpointsPerService: 2 }], version });
    assert.equal(one.serviceRules, 8);
    assert.equal((many.rules - one.rules) / 4999, 8);
  }
});

test('Tigera: a flow matching no Service walks 20,001 legacy KUBE-SERVICES rules at 10,000 Services', () => {
  assert.equal(iptablesRuleset({ groups: [{ count: 10_000, endpointsPerService: 10 }], version: 'legacy' }).kubeServicesRules, 20_001);
  assert.equal(iptablesRuleset({ groups: [{ count: 10_000, endpointsPerService: 10 }], version: 'current' }).kubeServicesRules, 10_001);
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
    const st = ipvsState({ groups: [{ count: services, endpointsPerService: n }], nodePortServices: nodePorts, version: 'current' });
    assert.equal(st.rules, lines.filter((l) => l.startsWith('-A ')).length);
    assert.equal(st.chains, lines.filter((l) => l.startsWith(':')).length);
    assert.equal(st.restoreLines, lines.length);
  }
  assert.equal(ipvsState({ groups: [{ count: 50_000, endpointsPerService: 10 }], version: 'current' }).rules, 20);
  assert.deepEqual(ipvsState({ groups: [{ count: 50_000, endpointsPerService: 3 }], nodePortServices: 2, version: 'current' }),
    { rules: 21, chains: 11, restoreLines: 36, ipsetMembers: 50_002, virtualServers: 50_002, realServers: 150_006 });
});

/** The `kube-proxy` nftables table as setupNFTables and syncProxyRules write it
 *  (pkg/proxy/nftables/proxier.go): rules, chains and set/map elements, one string each. */
function nftTable(sizes: number[], nodePorts: number): { rules: string[]; chains: string[]; elements: string[] } {
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
  for (let s = 0; s < sizes.length; s++) {
    const n = sizes[s];
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
  for (const [groups, nodePorts] of catalogues) {
    const t = nftTable(sizesOf(groups), nodePorts);
    const st = nftablesState({ groups, nodePortServices: nodePorts, version: 'current' });
    assert.equal(st.rules, t.rules.length, label(groups, nodePorts));
    assert.equal(st.chains, t.chains.length);
    assert.equal(st.elements, t.elements.length);
  }
  // What one Service of n endpoints adds, for n = 1 and 7.
  const st = nftablesState({ groups: [{ count: 1, endpointsPerService: 1 }], version: 'current' });
  for (const n of [1, 7]) {
    const one = nftTable([n], 0), two = nftTable([n, n], 0);
    assert.equal(st.rulesPerService.perService + n * st.rulesPerService.perEndpoint, two.rules.length - one.rules.length);
    assert.equal(st.chainsPerService.perService + n * st.chainsPerService.perEndpoint, two.chains.length - one.chains.length);
  }
  assert.equal(nftablesState({ groups: [{ count: 1000, endpointsPerService: 10 }], version: 'current' }).rules, 23 + 1000 * 22);
});

test('userspace: two portal rules per Service, two more per NodePort', () => {
  assert.deepEqual(userspaceRuleset({ groups: [{ count: 50_000, endpointsPerService: 3 }], nodePortServices: 2, version: 'current' }), { rules: 100_004, portalRules: 50_000 });
});

/** The restore input one node writes with the Service options, line by line as syncProxyRules and
 *  writeServiceToEndpointRules write them (pkg/proxy/iptables/proxier.go; legacy: the 1.20 layout
 *  with KUBE-XLB): sessionAffinity ClientIP on every Service (affinity) and externalTrafficPolicy
 *  Local on the NodePorts (local), `onNode(s)` the indices of Service s's endpoints on this node. */
function optionsRestoreInput(sizes: number[], nodePorts: number, version: KubeProxyVersion, o: { affinity: boolean; local: boolean; onNode: (s: number) => number[] }): string[] {
  const legacy = version === 'legacy';
  const lines = restoreInput(sizes, 0, version);
  const filterEnd = lines.indexOf('COMMIT');
  const filterChains = lines.slice(0, filterEnd).filter((l) => l.startsWith(':'));
  const filterRules = lines.slice(0, filterEnd).filter((l) => l.startsWith('-A '));
  const natPart = lines.slice(filterEnd + 1);
  const natChains = natPart.filter((l) => l.startsWith(':') && !/KUBE-(SVC|SEP)-/.test(l));
  const natRules = natPart.filter((l) => l.startsWith('-A ') && !/^-A KUBE-(SVC|SEP)-/.test(l) && !l.includes('-j KUBE-NODEPORTS'));
  const recent = (chain: string, eps: number[], s: number) => (o.affinity ? eps.map((i) => `-A ${chain} -m recent --name KUBE-SEP-${s}-${i} --rcheck --seconds 10800 --reap -j KUBE-SEP-${s}-${i}`) : []);
  const jumps = (chain: string, eps: number[], s: number) => eps.map((i, k) => `-A ${chain} ${k < eps.length - 1 ? `-m statistic --mode random --probability ${1 / (eps.length - k)} ` : ''}-j KUBE-SEP-${s}-${i}`);
  for (let s = 0; s < sizes.length; s++) {
    const all = Array.from({ length: sizes[s] }, (_, i) => i);
    const svc = `KUBE-SVC-${s}`, vip = `-d 10.96.0.${s}/32 -p tcp --dport 80`, port = `-p tcp --dport ${30000 + s}`;
    const local = o.local && s < nodePorts;
    const mine = o.onNode(s);
    if (s < nodePorts && !local) {
      if (legacy) natRules.push(`-A KUBE-NODEPORTS ${port} -j KUBE-MARK-MASQ`, `-A KUBE-NODEPORTS ${port} -j ${svc}`);
      else natChains.push(`:KUBE-EXT-${s} - [0:0]`), natRules.push(`-A KUBE-NODEPORTS ${port} -j KUBE-EXT-${s}`, `-A KUBE-EXT-${s} -j KUBE-MARK-MASQ`, `-A KUBE-EXT-${s} -j ${svc}`);
    }
    if (local && legacy) {
      const xlb = `KUBE-XLB-${s}`;
      natChains.push(`:${xlb} - [0:0]`);
      natRules.push(`-A KUBE-NODEPORTS ${port} -s 127.0.0.0/8 -j KUBE-MARK-MASQ`, `-A KUBE-NODEPORTS ${port} -j ${xlb}`);
      natRules.push(`-A ${xlb} -s 10.244.0.0/16 -j ${svc}`, `-A ${xlb} -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ`, `-A ${xlb} -m addrtype --src-type LOCAL -j ${svc}`);
      if (mine.length === 0) natRules.push(`-A ${xlb} -m comment --comment "${s} has no local endpoints" -j KUBE-MARK-DROP`);
      else natRules.push(...recent(xlb, mine, s), ...jumps(xlb, mine, s));
    }
    if (local && !legacy) {
      const ext = `KUBE-EXT-${s}`, svl = `KUBE-SVL-${s}`;
      natChains.push(`:${ext} - [0:0]`);
      natRules.push(`-A KUBE-NODEPORTS ${port} -j ${ext}`);
      natRules.push(`-A ${ext} -s 10.244.0.0/16 -j ${svc}`, `-A ${ext} -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ`, `-A ${ext} -m addrtype --src-type LOCAL -j ${svc}`);
      if (mine.length > 0) {
        natRules.push(`-A ${ext} -j ${svl}`);
        natChains.push(`:${svl} - [0:0]`);
        natRules.push(...recent(svl, mine, s), ...jumps(svl, mine, s));
      } else {
        filterRules.push(`-A KUBE-EXTERNAL-SERVICES -m comment --comment "${s} has no local endpoints" -m addrtype --dst-type LOCAL ${port} -j DROP`);
      }
      filterRules.push(`-A KUBE-NODEPORTS -m comment --comment "${s} health check node port" -m tcp -p tcp --dport ${32000 + s} -j ACCEPT`);
    }
    natChains.push(`:${svc} - [0:0]`);
    if (!legacy) natRules.push(`-A ${svc} ! -s 10.244.0.0/16 ${vip} -j KUBE-MARK-MASQ`);
    natRules.push(...recent(svc, all, s), ...jumps(svc, all, s));
    for (const i of all) {
      natChains.push(`:KUBE-SEP-${s}-${i} - [0:0]`);
      natRules.push(`-A KUBE-SEP-${s}-${i} -s 10.244.1.${i}/32 -j KUBE-MARK-MASQ`, `-A KUBE-SEP-${s}-${i} ${o.affinity ? `-m recent --name KUBE-SEP-${s}-${i} --set ` : ''}-p tcp -j DNAT --to-destination 10.244.1.${i}:80`);
    }
  }
  natRules.push('-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS');
  return ['*filter', ...filterChains, ...filterRules, 'COMMIT', '*nat', ...natChains, ...natRules, 'COMMIT'];
}

/** Endpoint i of Service s on node (e0 + i) mod nodes, e0 the Service's first endpoint's global
 *  index (as service-catalogue.ts places them round-robin): this node's endpoints of each. */
function placed(sizes: number[], nodes: number, node: number): (s: number) => number[] {
  const first = sizes.map((_, s) => sizes.slice(0, s).reduce((a, b) => a + b, 0));
  return (s) => Array.from({ length: sizes[s] }, (_, i) => i).filter((i) => (first[s] + i) % nodes === node);
}

function layoutFor(sizes: number[], nodePorts: number, onNode: (s: number) => number[]) {
  const mine = sizes.map((_, s) => (s < nodePorts ? onNode(s).length : 0));
  const endpoints = sizes.reduce((a, b) => a + b, 0);
  return {
    clusterEndpoints: endpoints, reachableEndpoints: endpoints,
    localServices: mine.filter((l) => l > 0).length, localEndpoints: mine.reduce((a, b) => a + b, 0),
    nodePortRealServers: sizes.slice(0, nodePorts).reduce((sum, n, s) => sum + (mine[s] > 0 ? mine[s] : n), 0),
  };
}

for (const version of ['legacy', 'current'] as const) {
  for (const [groups, nodePorts] of catalogues) {
    test(`${version} with the options: ${label(groups, nodePorts)}, on 3 nodes — every node's counts equal its restore input's lines`, () => {
      const sizes = sizesOf(groups);
      for (const [affinity, local] of [[true, false], [false, true], [true, true]]) {
        for (let node = 0; node < 3; node++) {
          const onNode = placed(sizes, 3, node);
          const lines = optionsRestoreInput(sizes, nodePorts, version, { affinity, local, onNode });
          const c = iptablesRuleset({ groups, nodePortServices: nodePorts, version, affinity, local, node: layoutFor(sizes, nodePorts, onNode) });
          const what = `affinity ${affinity}, local ${local}, node ${node}`;
          assert.equal(c.rules, lines.filter((l) => l.startsWith('-A ')).length, what);
          assert.equal(c.chains, lines.filter((l) => l.startsWith(':')).length, what);
          assert.equal(c.restoreLines, lines.length, what);
          assert.equal(c.kubeServicesRules, lines.filter((l) => l.startsWith('-A KUBE-SERVICES ')).length, what);
          const filterEnd = lines.indexOf('COMMIT');
          const plainFilter = restoreInput(sizes, nodePorts, version).indexOf('COMMIT');
          assert.equal(c.filterOptionRules, filterEnd - plainFilter, what);
        }
      }
    });
  }
}

test('closed forms: k endpoints of one Local Service with affinity, on n nodes', () => {
  // One NodePort Service of k endpoints on n nodes, round-robin: node i has ⌈(k − i)/n⌉ of them.
  for (const [k, n] of [[6, 4], [2, 5], [10, 3]]) {
    for (let i = 0; i < n; i++) {
      const l = Math.max(0, Math.ceil((k - i) / n));
      const node = { clusterEndpoints: k, reachableEndpoints: k, localServices: l > 0 ? 1 : 0, localEndpoints: l, nodePortRealServers: l > 0 ? l : k };
      const shape = { groups: [{ count: 1, endpointsPerService: k }], nodePortServices: 1, version: 'current' as const, local: true, node };
      // Cluster: 9 fixed + 2 + 3k + 3 (KUBE-NODEPORTS jump, KUBE-EXT's 2). Local: KUBE-EXT 3 (+1
      // jump to KUBE-SVL and its l jumps where l > 0), the health-check ACCEPT, the DROP where l = 0.
      assert.equal(iptablesRuleset(shape).rules, 9 + 2 + 3 * k + 1 + 3 + (l > 0 ? 1 + l : 1) + 1, `k ${k} node ${i}`);
      // Affinity: k recent rules in KUBE-SVC, l in KUBE-SVL.
      assert.equal(iptablesRuleset({ ...shape, affinity: true }).rules - iptablesRuleset(shape).rules, k + l);
      // nftables: 23 fixed + 2 + 2k, external chain 3 (+ goto and the local chain's numgen where l > 0);
      // affinity: k gotos in the service chain, l in the local chain, k updates; k sets.
      const nft = nftablesState(shape);
      assert.equal(nft.rules, 23 + 2 + 2 * k + 3 + (l > 0 ? 2 : 0));
      assert.equal(nft.elements, 2 + 1 + (l > 0 ? 0 : 1));
      const nftA = nftablesState({ ...shape, affinity: true });
      assert.deepEqual([nftA.rules - nft.rules, nftA.sets, nft.sets], [2 * k + l, k, 0]);
      // IPVS: one rule more (KUBE-NODE-PORT-LOCAL-TCP RETURN), 2 ipset members more, the NodePort's
      // local real servers (or all k); persistence changes no count.
      const v = ipvsState(shape);
      assert.deepEqual([v.rules, v.ipsetMembers, v.realServers], [22, 4, k + (l > 0 ? l : k)]);
      assert.deepEqual(ipvsState({ ...shape, affinity: true }), v);
    }
  }
  assert.throws(() => iptablesRuleset({ groups: [{ count: 1, endpointsPerService: 2 }], nodePortServices: 1, version: 'current', local: true }), /layout/);
});

test('topology: a node programs its cluster endpoints only (KUBE-SVC jumps and KUBE-SEP chains)', () => {
  // 100 Services of 6 endpoints, 2 in this node's zone: 9 fixed + 100 × (2 + 3 × 2).
  const node = { clusterEndpoints: 200, reachableEndpoints: 200, localServices: 0, localEndpoints: 0, nodePortRealServers: 0 };
  assert.equal(iptablesRuleset({ groups: [{ count: 100, endpointsPerService: 6 }], version: 'current', node }).rules, 9 + 100 * 8);
  assert.equal(nftablesState({ groups: [{ count: 100, endpointsPerService: 6 }], version: 'current', node }).rules, 23 + 100 * (2 + 2 * 2));
});

/** One node's `kube-proxy` table with the options, as syncProxyRules and
 *  writeServiceToEndpointRules write it (pkg/proxy/nftables/proxier.go): affinity gotos, update
 *  rules and sets; Local's external chain, local chain and no-endpoint-nodeports element. */
function nftOptionsTable(sizes: number[], nodePorts: number, o: { affinity: boolean; local: boolean; onNode: (s: number) => number[] }) {
  const t = nftTable(sizes, 0);
  const rules = t.rules.filter((r) => !/^(service|endpoint)-\d/.test(r));
  const chains = new Set(t.chains.filter((c) => !/^(service|endpoint)-\d/.test(c)));
  const elements = [...t.elements];
  const sets: string[] = [];
  const gotos = (chain: string, eps: number[], s: number) => (o.affinity ? eps.map((i) => `${chain}: ip saddr @affinity-${s}-${i} goto endpoint-${s}-${i}`) : []);
  for (let s = 0; s < sizes.length; s++) {
    const all = Array.from({ length: sizes[s] }, (_, i) => i);
    const svc = `service-${s}`, ext = `external-${s}`, loc = `local-${s}`;
    const mine = o.onNode(s);
    chains.add(svc);
    rules.push(`${svc}: ip daddr 10.96.0.${s} tcp dport 80 ip saddr != 10.244.0.0/16 jump mark-for-masquerade`);
    if (s < nodePorts) {
      chains.add(ext);
      elements.push(`service-nodeports: tcp . ${30000 + s} : goto ${ext}`);
      if (!o.local) rules.push(`${ext}: jump mark-for-masquerade`, `${ext}: goto ${svc}`);
      else {
        rules.push(`${ext}: ip saddr 10.244.0.0/16 goto ${svc}`, `${ext}: fib saddr type local jump mark-for-masquerade`, `${ext}: fib saddr type local goto ${svc}`);
        if (mine.length > 0) {
          rules.push(`${ext}: goto ${loc}`);
          chains.add(loc);
          rules.push(...gotos(loc, mine, s), `${loc}: numgen random mod ${mine.length} vmap { … }`);
        } else elements.push(`no-endpoint-nodeports: tcp . ${30000 + s} : drop`);
      }
    }
    rules.push(...gotos(svc, all, s), `${svc}: numgen random mod ${all.length} vmap { … }`);
    for (const i of all) {
      const ep = `endpoint-${s}-${i}`;
      chains.add(ep);
      if (o.affinity) sets.push(`affinity-${s}-${i}`);
      rules.push(`${ep}: ip saddr 10.244.1.${i} jump mark-for-masquerade`, ...(o.affinity ? [`${ep}: update @affinity-${s}-${i} { ip saddr }`] : []), `${ep}: meta l4proto tcp dnat to 10.244.1.${i}:80`);
    }
  }
  return { rules, chains: [...chains], elements, sets };
}

test('nftables with the options: every node\'s counts equal its table', () => {
  for (const [groups, nodePorts] of catalogues) {
    const sizes = sizesOf(groups);
    for (const [affinity, local] of [[true, false], [false, true], [true, true]]) {
      for (let node = 0; node < 3; node++) {
        const onNode = placed(sizes, 3, node);
        const t = nftOptionsTable(sizes, nodePorts, { affinity, local, onNode });
        const st = nftablesState({ groups, nodePortServices: nodePorts, version: 'current', affinity, local, node: layoutFor(sizes, nodePorts, onNode) });
        const what = `${label(groups, nodePorts)}, affinity ${affinity}, local ${local}, node ${node}`;
        assert.deepEqual([st.rules, st.chains, st.elements, st.sets], [t.rules.length, t.chains.length, t.elements.length, t.sets.length], what);
      }
    }
  }
});
