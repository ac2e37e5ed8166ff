/**
 * The Service scenario fields: defaults as documented, each bad value one line naming the field,
 * the value and what is allowed; the model configuration carries them in ns.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validate } from '../../scenarios/load.ts';
import { toServiceModelConfig } from '../../scenarios/expand-services.ts';

test('defaults: no traffic, no Service model; traffic given, kube-proxy conntrack defaults and all Services targeted', () => {
  assert.equal(toServiceModelConfig(validate('s.yaml', { name: 'x' })), undefined);
  const m = toServiceModelConfig(validate('s.yaml', { name: 'x', services: { count: 500 }, traffic: {} }))!;
  assert.deepEqual(m.catalogue, { services: 500, endpointsPerService: 10, nodePortServices: 0, targetServices: 500, popularity: { kind: 'uniform' } });
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
  ['unknown mode', { proxy: { mode: 'ipvz' } }, 's.yaml: proxy.mode: "ipvz" is not allowed (must be one of "iptables", "ipvs", "nftables", "ebpf", "userspace")'],
  ['more targets than Services', { services: { count: 10, targetServices: 20 }, traffic: {} }, 's.yaml: services.targetServices: 20 is not allowed (must be <= services.count = 10)'],
  ['unknown scheduler', { proxy: { scheduler: 'lblc' } }, 's.yaml: proxy.scheduler: "lblc" is not allowed (must be one of "rr", "wrr", "lc", "wlc", "sh", "dh", "sed", "nq")'],
  ['negative cost', { costs: { iptablesRuleNs: -1 } }, 's.yaml: costs.iptablesRuleNs: -1 is not allowed (must be >= 0)'],
  ['NodePort traffic to Services that are not NodePorts', { services: { count: 10, nodePorts: 4 }, traffic: { via: 'nodePort' } }, 's.yaml: services.nodePorts: 4 is not allowed (must be >= the Services called (10) when traffic.via is nodePort)'],
  ['zero keepalive', { traffic: { requestsPerConnection: 0 } }, 's.yaml: traffic.requestsPerConnection: 0 is not allowed (must be >= 1)'],
];

for (const [what, fields, message] of bad) {
  test(`bad input, ${what}: one line`, () => {
    assert.throws(() => validate('s.yaml', { name: 'x', ...fields }), (e: Error) => e.name === 'InputError' && e.message === message);
  });
}
