/**
 * The Service scenario fields: defaults as documented, each bad value one line naming the field,
 * the value and what is allowed; the model configuration carries them in ns.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validate } from '../../scenarios/load.ts';
import { toServiceModelConfig } from '../../scenarios/expand-services.ts';
import { defaultClientCpu } from '../../models/workloads/client-application.ts';

test('defaults: no traffic, no Service model; traffic given, kube-proxy conntrack defaults and all Services targeted', () => {
  assert.equal(toServiceModelConfig(validate('s.yaml', { name: 'x' })), undefined);
  const m = toServiceModelConfig(validate('s.yaml', { name: 'x', services: { count: 500 }, traffic: {} }))!;
  assert.deepEqual(m.catalogue, { services: 500, endpointsPerService: 10, nodePortServices: 0, targetServices: 500, popularity: { kind: 'uniform' }, placement: 'otherNodes' });
  assert.deepEqual(m.proxy, { mode: 'iptables', version: 'current', scheduler: 'rr', via: 'clusterIP' });
  assert.deepEqual(m.conntrack, { max: null, buckets: null, timeoutsNs: { established: 86_400e9, timeWait: 120e9 }, sampleNs: 1e9 });
  assert.equal(m.traffic.requestsPerConnection, 1);
  assert.deepEqual(m.traffic.serviceTime, { kind: 'exponential', meanNs: 50_000 });
});

test('client nodes given as a range are the nodes first .. first + count - 1', () => {
  const m = toServiceModelConfig(validate('s.yaml', { name: 'x', cluster: { nodes: 10 }, traffic: { clientNodes: { first: 3, count: 4 } } }))!;
  assert.deepEqual(m.traffic.clientNodes, [3, 4, 5, 6]);
});

const bad: [string, Record<string, unknown>, string][] = [
  ['client node out of range', { traffic: { clientNodes: [5] } }, 's.yaml: traffic.clientNodes[0]: 5 is not allowed (must be a node index below cluster.nodes = 2)'],
  ['client node range past the cluster', { cluster: { nodes: 10 }, traffic: { clientNodes: { first: 5, count: 6 } } }, 's.yaml: traffic.clientNodes.count: 6 is not allowed (must fit the cluster: first + count <= cluster.nodes = 10)'],
  ['client nodes neither a list nor a range', { traffic: { clientNodes: 'abc' } }, 's.yaml: traffic.clientNodes: "abc" is not allowed (must be a list of node indices, e.g. [0, 1], or a range { first: 0, count: 1000 })'],
  ['unknown mode', { proxy: { mode: 'ipvz' } }, 's.yaml: proxy.mode: "ipvz" is not allowed (must be one of "iptables", "ipvs", "nftables", "ebpf", "userspace", "none")'],
  ['more targets than Services', { services: { count: 10, targetServices: 20 }, traffic: {} }, 's.yaml: services.targetServices: 20 is not allowed (must be <= services.count = 10)'],
  ['unknown scheduler', { proxy: { scheduler: 'lblc' } }, 's.yaml: proxy.scheduler: "lblc" is not allowed (must be one of "rr", "wrr", "lc", "wlc", "sh", "dh", "sed", "nq")'],
  ['negative cost', { costs: { iptablesRuleNs: -1 } }, 's.yaml: costs.iptablesRuleNs: -1 is not allowed (must be >= 0)'],
  ['NodePort traffic to Services that are not NodePorts', { services: { count: 10, nodePorts: 4 }, traffic: { via: 'nodePort' } }, 's.yaml: services.nodePorts: 4 is not allowed (must be >= the Services called (10) when traffic.via is nodePort)'],
  ['zero keepalive', { traffic: { requestsPerConnection: 0 } }, 's.yaml: traffic.requestsPerConnection: 0 is not allowed (must be >= 1)'],
  ['no Service through kube-proxy', { services: { count: 0 }, proxy: { mode: 'ipvs' }, traffic: {} }, 's.yaml: services.count: 0 is not allowed (must be >= 1 with proxy.mode ipvs (0 Services only with proxy.mode none, the pod-IP baseline))'],
  ['DNS lookups without a Service', { services: { count: 0 }, proxy: { mode: 'none' }, traffic: { dnsAnswerUs: 20 } }, 's.yaml: traffic.dnsAnswerUs: 20 is not allowed (needs services.count >= 1 (the lookups go to the kube-dns Service, the last one))'],
  ['NodeLocal DNSCache without lookups', { traffic: { nodeLocalDnsHitRatio: 0.9 } }, 's.yaml: traffic.nodeLocalDnsHitRatio: 0.9 is not allowed (needs traffic.dnsAnswerUs (NodeLocal DNSCache answers the DNS lookups, which it turns on))'],
  ['IPVS connection reuse outside IPVS mode', { proxy: { ipvsConnReuseMode: 1 }, traffic: {} }, 's.yaml: proxy.ipvsConnReuseMode: 1 is not allowed (needs proxy.mode ipvs (got iptables))'],
  ['an unknown kernel', { proxy: { conntrack: { kernel: '5.4' } } }, 's.yaml: proxy.conntrack.kernel: "5.4" is not allowed (must be one of "4.x", "5.0", "5.6", "5.9")'],
  ['an unknown resolver option', { traffic: { dnsResolver: 'rotate' } }, 's.yaml: traffic.dnsResolver: "rotate" is not allowed (must be one of "parallel", "single-request", "single-request-reopen", "use-vc")'],
  ['a rate beside an arrival', { traffic: { rateRps: 10, arrival: { kind: 'closed', concurrency: 4 } } }, 's.yaml: traffic.rateRps: 10 is not allowed (cannot be given with traffic.arrival (rateRps is the shorthand for arrival { kind: open, rateRps }))'],
  ['zero concurrency', { traffic: { arrival: { kind: 'closed', concurrency: 0 } } }, 's.yaml: traffic.arrival.concurrency: 0 is not allowed (must be >= 1)'],
  ['zero client threads', { traffic: { clientThreads: 0 } }, 's.yaml: traffic.clientThreads: 0 is not allowed (must be >= 1)'],
  ['unknown placement', { services: { endpointPlacement: 'sameNode' } }, 's.yaml: services.endpointPlacement: "sameNode" is not allowed (must be one of "spread", "clientNode", "otherNodes")'],
];

test('DNS and IPVS race options reach the model: resolver, queries, NodeLocal, kernel, conn_reuse_mode (5.9: fixed), client ports', () => {
  const m = toServiceModelConfig(validate('s.yaml', {
    name: 'x', proxy: { mode: 'ipvs', ipvsConnReuseMode: 1, conntrack: { kernel: '5.9' } },
    traffic: { dnsAnswerUs: 2, dnsResolver: 'single-request-reopen', dnsQueries: 'A', nodeLocalDnsHitRatio: 0.5, clientPorts: 1000 },
  }))!;
  assert.deepEqual(m.traffic.dns, { answerNs: 2000, queries: 'A', resolver: 'single-request-reopen', nodeLocalHitRatio: 0.5, kernel: '5.9' });
  assert.deepEqual(m.proxy.ipvsConnReuse, { mode: 1, fixed: true });
  assert.equal(m.traffic.clientPorts, 1000);
  const d = toServiceModelConfig(validate('s.yaml', { name: 'x', traffic: { dnsAnswerUs: 2 } }))!;
  assert.deepEqual(d.traffic.dns, { answerNs: 2000, queries: 'A+AAAA', resolver: 'parallel', nodeLocalHitRatio: null, kernel: '4.x' });
  assert.equal(d.proxy.ipvsConnReuse, undefined);
});

test('the client: open shorthand, closed loop in ns, client CPU defaults from the load-generator model, threads', () => {
  const open = toServiceModelConfig(validate('s.yaml', { name: 'x', traffic: { rateRps: 250 } }))!.traffic;
  assert.deepEqual(open.arrival, { kind: 'open', rateRps: 250 });
  assert.deepEqual(open.clientCpu, defaultClientCpu);
  assert.equal(open.clientThreads, 1);
  assert.equal(open.serverThreads, null);
  const closed = toServiceModelConfig(validate('s.yaml', {
    name: 'x', traffic: { arrival: { kind: 'closed', concurrency: 64, thinkUs: 2.5 }, clientCpu: { perRequestUs: 4 }, clientThreads: 4, serverThreads: 2 },
  }))!.traffic;
  assert.deepEqual(closed.arrival, { kind: 'closed', concurrency: 64, thinkNs: 2500 });
  assert.deepEqual(closed.clientCpu, { perRequestNs: 4000, perConnectionNs: defaultClientCpu.perConnectionNs });
  assert.deepEqual([closed.clientThreads, closed.serverThreads], [4, 2]);
});

test('the pod-IP baseline: no Service with proxy.mode none, one virtual Service targeted', () => {
  const m = toServiceModelConfig(validate('s.yaml', { name: 'x', services: { count: 0, endpointPlacement: 'clientNode' }, proxy: { mode: 'none' }, traffic: {} }))!;
  assert.equal(m.catalogue.services, 0);
  assert.equal(m.catalogue.targetServices, 1);
  assert.equal(m.catalogue.placement, 'clientNode');
});

for (const [what, fields, message] of bad) {
  test(`bad input, ${what}: one line`, () => {
    assert.throws(() => validate('s.yaml', { name: 'x', ...fields }), (e: Error) => e.name === 'InputError' && e.message === message);
  });
}
