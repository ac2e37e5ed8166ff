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

test('PreferSameNode: a node with an endpoint uses its own; one without falls back to its zone, then to all', () => {
  // 7 nodes in 3 zones; 6 endpoints on nodes 1..6 (zones 1 2 0 1 2 0); node 0 (zone 0) has none.
  const cat = catalogue(7, 6, [0], 'otherNodes');
  const sets = new EndpointSets(config({ trafficDistribution: 'PreferSameNode', zones: 3 }), cat, 'clusterIP');
  for (let node = 1; node <= 6; node++) assert.deepEqual(sets.usable(node, 0), [node - 1]);
  assert.deepEqual(sets.usable(0, 0), [2, 5]); // zone 0's endpoints, on nodes 3 and 6
  // One zone: no node-level endpoint → every endpoint (the zone hint names every node's zone).
  const flat = new EndpointSets(config({ trafficDistribution: 'PreferSameNode' }), cat, 'clusterIP');
  assert.deepEqual(flat.usable(0, 0), [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(flat.usable(4, 0), [3]);
});

test('PreferSameNode: the same-node fraction is 1 when every client node has an endpoint, else the share of client nodes that have one', () => {
  // Endpoints spread over all 4 nodes (2 Services of 2 endpoints: nodes 0,1 and 2,3 for the
  // first two Services); clients on every node, uniform picks from the usable set.
  const cat = catalogue(4, 2, [0, 1, 2, 3], 'spread');
  const sets = new EndpointSets(config({ trafficDistribution: 'PreferSameNode' }), cat, 'clusterIP');
  const sameNode = (s: number, clients: number[]) => clients.reduce((sum, c) => {
    const set = sets.usable(c, s);
    return sum + set.filter((j) => cat.endpointNode(s, j) === c).length / set.length;
  }, 0) / clients.length;
  assert.equal(sameNode(0, [0, 1]), 1);
  // Clients on all 4 nodes, endpoints on 2 of them: 2/4 land on their own node; the others pick
  // among all (1 zone), none on their own node.
  assert.equal(sameNode(0, [0, 1, 2, 3]), 2 / 4);
  assert.deepEqual(sets.usable(2, 0), [0, 1]);
});

test('layout: a node\'s endpoints summed over Services, for its ruleset', () => {
  // 4 nodes, 3 NodePort Services of 6 endpoints on the 4 client nodes, policy Local.
  const cat = catalogue(4, 6, [0, 1, 2, 3], 'clientNode');
  const local = new EndpointSets(config({ externalTrafficPolicy: 'Local' }), cat, 'nodePort');
  // Endpoints 0..17 round-robin: node 0 holds 0, 4, 8, 12, 16 (Services 0, 0, 1, 2, 2).
  assert.deepEqual(local.layout(0), { clusterEndpoints: 18, reachableEndpoints: 18, localServices: 3, localEndpoints: 5, nodePortRealServers: 5 });
  assert.deepEqual(local.nodeLayouts()!.map((l) => l.localEndpoints), [5, 5, 4, 4]);
  assert.equal(new EndpointSets(config({}), cat, 'nodePort').nodeLayouts(), null);
  // PreferSameNode on node 0: its 5 endpoints; no local policy, so nothing more reachable.
  const near = new EndpointSets(config({ trafficDistribution: 'PreferSameNode' }), cat, 'clusterIP');
  assert.deepEqual(near.layout(0), { clusterEndpoints: 5, reachableEndpoints: 5, localServices: 0, localEndpoints: 0, nodePortRealServers: 5 });
});
