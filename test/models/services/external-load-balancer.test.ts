/**
 * The external load balancer: a request stays at its entry node when that node passes the health
 * check, else goes to the healthy nodes in turn, so each healthy node takes 1/H of the traffic.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PodAddressing } from '../../../models/datapath/pod-addressing.ts';
import { ServiceCatalogue } from '../../../models/services/service-catalogue.ts';
import { EndpointSets } from '../../../models/services/endpoint-sets.ts';
import { ExternalLoadBalancer } from '../../../models/services/external-load-balancer.ts';

function balancer(policy: 'Cluster' | 'Local') {
  const addressing = new PodAddressing({ clusterCidr: '10.244.0.0/16', nodeCidrMaskSize: 24, nodes: 4, podsPerNode: 110 });
  // 2 endpoints over client nodes 0..3: on nodes 0 and 1.
  const cat = new ServiceCatalogue({ groups: [{ count: 1, endpointsPerService: 2 }], nodePortServices: 1, targetServices: 1, popularity: { kind: 'uniform' }, placement: 'clientNode' }, addressing, [0, 1, 2, 3]);
  const sets = new EndpointSets({ externalTrafficPolicy: policy, trafficDistribution: null, zones: 1 }, cat, 'nodePort');
  return new ExternalLoadBalancer([0, 1, 2, 3], sets);
}

test('Local: nodes 2 and 3 fail the health check; their requests alternate over nodes 0 and 1', () => {
  const lb = balancer('Local');
  assert.deepEqual(lb.healthy(0), [0, 1]);
  assert.deepEqual([0, 1, 2, 3, 2, 3, 2].map((n) => lb.entry(n, 0)), [0, 1, 0, 1, 0, 1, 0]);
});

test('even arrivals at 4 nodes: each of the H = 2 healthy nodes takes exactly 1/2', () => {
  const lb = balancer('Local');
  const counts = [0, 0, 0, 0];
  for (let k = 0; k < 4000; k++) counts[lb.entry(k % 4, 0)]++;
  assert.deepEqual(counts, [2000, 2000, 0, 0]);
});

test('Cluster: every node is healthy, every request stays where it arrived', () => {
  const lb = balancer('Cluster');
  assert.deepEqual([0, 1, 2, 3].map((n) => lb.entry(n, 0)), [0, 1, 2, 3]);
});
