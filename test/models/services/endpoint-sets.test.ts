/**
 * Endpoint sets as kube-proxy's CategorizeEndpoints makes them: through a NodePort of policy
 * Local only the entry node's endpoints (none: the node fails the health check); with
 * PreferClose the endpoints of the node's zone, all of them when its zone has none; otherwise
 * all. Cross-zone fraction of a uniform pick: 0 with an endpoint in every zone; without hints,
 * 1 − (endpoints in the client's zone)/n.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PodAddressing } from '../../../models/datapath/pod-addressing.ts';
import { zoneOf } from '../../../models/datapath/cluster.ts';
import { ServiceCatalogue, type EndpointPlacement } from '../../../models/services/service-catalogue.ts';
import { EndpointSets, type EndpointSetsConfig } from '../../../models/services/endpoint-sets.ts';

function catalogue(nodes: number, n: number, clientNodes: number[], placement: EndpointPlacement) {
  const addressing = new PodAddressing({ clusterCidr: '10.244.0.0/16', nodeCidrMaskSize: 24, nodes, podsPerNode: 110 });
  return new ServiceCatalogue({ groups: [{ count: 3, endpointsPerService: n }], nodePortServices: 3, targetServices: 1, popularity: { kind: 'uniform' }, placement }, addressing, clientNodes);
}
const config = (c: Partial<EndpointSetsConfig>): EndpointSetsConfig => ({ externalTrafficPolicy: 'Cluster', trafficDistribution: null, zones: 1, ...c });

test('Local through a NodePort: each entry node programs its own endpoints; 6 endpoints on 4 nodes are 2, 2, 1, 1', () => {
  const cat = catalogue(4, 6, [0, 1, 2, 3], 'clientNode');
  const sets = new EndpointSets(config({ externalTrafficPolicy: 'Local' }), cat, 'nodePort');
  assert.equal(sets.local, true);
  assert.deepEqual([0, 1, 2, 3].map((node) => sets.usable(node, 0)), [[0, 4], [1, 5], [2], [3]]);
  for (const node of [0, 1, 2, 3]) for (const j of sets.usable(node, 0)) assert.equal(cat.endpointNode(0, j), node);
  assert.ok([0, 1, 2, 3].every((node) => sets.healthy(node, 0)));
});

test('Local: a node without a local endpoint fails the health check; Cluster: every node passes and uses all endpoints', () => {
  const cat = catalogue(4, 2, [0, 1, 2, 3], 'clientNode');
  const local = new EndpointSets(config({ externalTrafficPolicy: 'Local' }), cat, 'nodePort');
  assert.deepEqual([0, 1, 2, 3].map((node) => local.healthy(node, 0)), [true, true, false, false]);
  assert.deepEqual(local.usable(2, 0), []);
  const cluster = new EndpointSets(config({}), cat, 'nodePort');
  assert.equal(cluster.local, false);
  assert.deepEqual([0, 1, 2, 3].map((node) => [cluster.healthy(node, 0), cluster.usable(node, 0)]), [0, 1, 2, 3].map(() => [true, [0, 1]]));
  // Policy Local does not apply to ClusterIP traffic.
  assert.deepEqual(new EndpointSets(config({ externalTrafficPolicy: 'Local' }), cat, 'clusterIP').usable(2, 0), [0, 1]);
});

test('PreferClose: the endpoints of the node\'s zone; cross-zone fraction 0 when every zone has one', () => {
  // 7 nodes in 3 zones; client node 0 (zone 0); 6 endpoints on nodes 1..6 (zones 1 2 0 1 2 0).
  const cat = catalogue(7, 6, [0], 'otherNodes');
  const sets = new EndpointSets(config({ trafficDistribution: 'PreferClose', zones: 3 }), cat, 'clusterIP');
  assert.deepEqual(sets.usable(0, 0), [2, 5]);
  for (const node of [0, 1, 2]) {
    const set = sets.usable(node, 0);
    assert.ok(set.every((j) => zoneOf(cat.endpointNode(0, j), 3) === zoneOf(node, 3)), `node ${node}: ${set}`);
  }
});

test('PreferClose falls back to all endpoints for a zone with none (kube-proxy ignores the hints there)', () => {
  // 6 nodes in 3 zones, 2 endpoints on nodes 1 and 2 (zones 1 and 2): zone 0 has none.
  const cat = catalogue(6, 2, [0], 'otherNodes');
  const sets = new EndpointSets(config({ trafficDistribution: 'PreferClose', zones: 3 }), cat, 'clusterIP');
  assert.deepEqual(sets.usable(0, 0), [0, 1]);
  assert.deepEqual(sets.usable(1, 0), [0]);
  assert.deepEqual(sets.usable(2, 0), [1]);
});

test('without hints: the cross-zone fraction of a uniform pick is 1 − (endpoints in the client\'s zone)/n', () => {
  const cat = catalogue(7, 6, [0], 'otherNodes');
  const sets = new EndpointSets(config({ zones: 3 }), cat, 'clusterIP');
  const set = sets.usable(0, 0);
  assert.equal(set.length, 6);
  const cross = set.filter((j) => zoneOf(cat.endpointNode(0, j), 3) !== 0).length / set.length;
  // 4 of the 6 endpoints are outside zone 0: 1 − 2/6.
  assert.equal(cross, 4 / 6);
});
