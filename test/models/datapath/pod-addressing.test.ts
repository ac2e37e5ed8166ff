/**
 * Pod addressing: the default cluster CIDR holds 5,000 nodes, node CIDRs and pod addresses are
 * exact, and a cluster that does not fit is refused naming the fields.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressingProblem, PodAddressing } from '../../../models/datapath/pod-addressing.ts';

test('a /11 split into /24s holds 8,192 nodes; 5,000 nodes get exact CIDRs and addresses', () => {
  const a = new PodAddressing({ clusterCidr: '10.0.0.0/11', nodeCidrMaskSize: 24, nodes: 5000, podsPerNode: 110 });
  assert.equal(a.capacityNodes, 8192);
  assert.equal(a.nodeCidr(0), '10.0.0.0/24');
  assert.equal(a.nodeCidr(256), '10.1.0.0/24');
  assert.equal(a.nodeCidr(4999), '10.19.135.0/24');
  assert.equal(a.podIp(0, 0), '10.0.0.2');
  assert.equal(a.podIp(4999, 109), '10.19.135.111');
  assert.equal(a.nodeOf('10.19.135.7'), 4999);
  assert.equal(a.nodeOf('10.32.0.1'), -1);
});

test('flannel\'s 10.244.0.0/16 in /24s stops at 256 nodes: refused, naming the fields', () => {
  const p = addressingProblem({ clusterCidr: '10.244.0.0/16', nodeCidrMaskSize: 24, nodes: 5000, podsPerNode: 110 });
  assert.deepEqual(p?.fields, ['cluster', 'nodes']);
  assert.match(p!.allowed, /10\.244\.0\.0\/16 split into \/24s holds 256 nodes/);
  assert.equal(addressingProblem({ clusterCidr: '10.244.0.0/16', nodeCidrMaskSize: 24, nodes: 256, podsPerNode: 110 }), null);
  assert.deepEqual(addressingProblem({ clusterCidr: '10.0.0.0/11', nodeCidrMaskSize: 26, nodes: 2, podsPerNode: 110 })?.fields, ['cluster', 'podsPerNode']);
  assert.deepEqual(addressingProblem({ clusterCidr: '10.0.0/11', nodeCidrMaskSize: 24, nodes: 2, podsPerNode: 1 })?.fields, ['cluster', 'clusterCidr']);
  assert.deepEqual(addressingProblem({ clusterCidr: '10.0.0.0/24', nodeCidrMaskSize: 24, nodes: 2, podsPerNode: 1 })?.fields, ['cluster', 'nodeCidrMaskSize']);
});

test('one scheme: the hot path\'s integers are the addresses trace prints, from the cluster CIDR given', () => {
  const toInt = (ip: string) => ip.split('.').reduce((n, b) => n * 256 + Number(b), 0);
  const a = new PodAddressing({ clusterCidr: '172.16.0.0/12', nodeCidrMaskSize: 25, nodes: 300, podsPerNode: 100 });
  assert.equal(a.podIp(0, 0), '172.16.0.2');
  assert.equal(a.podIp(3, 5), '172.16.1.135');
  for (const [node, pod] of [[0, 0], [3, 5], [299, 99]]) assert.equal(a.podAddr(node, pod), toInt(a.podIp(node, pod)));
  assert.equal(a.nodeOf(a.podIp(299, 99)), 299);
  assert.equal(a.clusterIp(0), '10.96.0.2');
  assert.equal(a.clusterIp(50_000), '10.96.195.82');
  assert.equal(a.clusterIpAddr(50_000), toInt('10.96.195.82'));
});
