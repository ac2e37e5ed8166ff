/**
 * The groups' prefix sums against a brute force that lists every Service: group, endpoint count
 * and global endpoint index exact at every group boundary, totals, the endpoints of the first k
 * Services, and the catalogue of no Service (one group of count 0).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type ServiceGroup, ServiceGroups } from '../../../models/services/service-groups.ts';

function bruteForce(groups: ServiceGroup[]) {
  const rows: { group: number; n: number; firstEndpoint: number }[] = [];
  let endpoint = 0;
  groups.forEach((g, i) => {
    for (let k = 0; k < g.count; k++) {
      rows.push({ group: i, n: g.endpointsPerService, firstEndpoint: endpoint });
      endpoint += g.endpointsPerService;
    }
  });
  return rows;
}

test('every Service of a mixed catalogue: its group, size and endpoints, as the list of all of them says', () => {
  const groups = [{ count: 3, endpointsPerService: 2 }, { count: 1, endpointsPerService: 50 }, { count: 5, endpointsPerService: 1 }, { count: 2, endpointsPerService: 7 }];
  const g = new ServiceGroups(groups);
  const rows = bruteForce(groups);
  assert.equal(g.services, rows.length);
  assert.equal(g.endpoints, 3 * 2 + 50 + 5 + 14);
  rows.forEach((r, s) => {
    assert.equal(g.groupOf(s), r.group, `Service ${s}`);
    assert.equal(g.endpointsOf(s), r.n, `Service ${s}`);
    for (let j = 0; j < r.n; j++) assert.equal(g.endpointIndex(s, j), r.firstEndpoint + j);
  });
  for (let k = 0; k <= rows.length; k++) assert.equal(g.endpointsBefore(k), rows.slice(0, k).reduce((e, r) => e + r.n, 0), `first ${k}`);
  assert.deepEqual([0, 1, 2, 3].map((i) => g.firstService(i)), [0, 3, 4, 9]);
});

test('boundaries at scale: the last small and the first large Service of 19,000 × 2 + 1,000 × 50', () => {
  const g = new ServiceGroups([{ count: 19_000, endpointsPerService: 2 }, { count: 1000, endpointsPerService: 50 }]);
  assert.deepEqual([g.groupOf(18_999), g.groupOf(19_000), g.groupOf(19_999)], [0, 1, 1]);
  assert.deepEqual([g.endpointsOf(18_999), g.endpointsOf(19_000)], [2, 50]);
  assert.equal(g.endpointIndex(18_999, 1), 37_999);
  assert.equal(g.endpointIndex(19_000, 0), 38_000);
  assert.equal(g.endpointIndex(19_999, 49), 87_999);
  assert.deepEqual([g.services, g.endpoints], [20_000, 88_000]);
});

test('one group is the one-size catalogue: endpoint k of Service s is s·n + k', () => {
  const g = new ServiceGroups([{ count: 1000, endpointsPerService: 10 }]);
  for (const s of [0, 1, 499, 999]) for (const j of [0, 9]) assert.equal(g.endpointIndex(s, j), s * 10 + j);
});

test('no Service (proxy.mode none): the virtual Service past the end takes the last group\'s size', () => {
  const g = new ServiceGroups([{ count: 0, endpointsPerService: 4 }]);
  assert.deepEqual([g.services, g.endpoints, g.endpointsOf(0), g.endpointIndex(0, 3)], [0, 0, 4, 3]);
});

test('bad groups are refused with the bad value', () => {
  assert.throws(() => new ServiceGroups([]), /at least one group is needed, got none/);
  assert.throws(() => new ServiceGroups([{ count: -1, endpointsPerService: 1 }]), /group 0 count must be an integer >= 0, got -1/);
  assert.throws(() => new ServiceGroups([{ count: 1, endpointsPerService: 1 }, { count: 1, endpointsPerService: 0 }]), /group 1 endpointsPerService must be an integer >= 1, got 0/);
});
