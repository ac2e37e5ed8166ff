/** The catalogue: endpoints round-robin over the nodes hosting no client, popularity uniform or
 *  Zipf over the target Services, addresses from the cluster's scheme. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceCatalogue } from '../../../models/services/service-catalogue.ts';
import { PodAddressing } from '../../../models/datapath/pod-addressing.ts';
import { Streams } from '../../../sim/index.ts';

const addressing = (nodes: number) => new PodAddressing({ clusterCidr: '10.0.0.0/11', nodeCidrMaskSize: 24, nodes, podsPerNode: 110 });
const config = { groups: [{ count: 100, endpointsPerService: 3 }], nodePortServices: 0, targetServices: 10, popularity: { kind: 'uniform' as const } };

test('endpoints round-robin over the nodes without clients, in index order', () => {
  const c = new ServiceCatalogue(config, addressing(5), [0, 2]);
  assert.deepEqual([0, 1, 2].map((j) => c.endpointNode(0, j)), [1, 3, 4]);
  assert.deepEqual([0, 1, 2].map((j) => c.endpointNode(1, j)), [1, 3, 4]);
  assert.deepEqual(new ServiceCatalogue(config, addressing(2), [0, 1]).endpointNode(0, 1), 1, 'every node hosts clients: all of them serve');
});

test('uniform popularity over the 10 target Services; Zipf(1) gives Service 0 1/H(10) of requests', () => {
  const uniform = new ServiceCatalogue(config, addressing(3), [0]);
  const zipf = new ServiceCatalogue({ ...config, popularity: { kind: 'zipf', exponent: 1 } }, addressing(3), [0]);
  const s = new Streams(5, 0).get('pick');
  const u = new Array(10).fill(0), z = new Array(10).fill(0);
  for (let i = 0; i < 50_000; i++) {
    u[uniform.pick(s)]++;
    z[zipf.pick(s)]++;
  }
  for (const k of u) assert.ok(Math.abs(k / 5000 - 1) < 0.06, `${u}`);
  const h10 = Array.from({ length: 10 }, (_, k) => 1 / (k + 1)).reduce((a, b) => a + b);
  assert.ok(Math.abs(z[0] / 50_000 / (1 / h10) - 1) < 0.03, `${z}`);
  assert.ok(Math.abs(z[9] / z[0] - 0.1) < 0.02, `${z}`);
});

test('addresses from the cluster\'s scheme', () => {
  const c = new ServiceCatalogue(config, addressing(3), [0]);
  assert.equal(c.addressing.clusterIp(7), '10.96.0.9');
  assert.equal(c.addressing.podIp(2, 0), '10.0.2.2');
});
