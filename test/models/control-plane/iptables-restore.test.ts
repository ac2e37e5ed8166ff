/**
 * The costs of writing iptables rules against the published points: Huawei's legacy one command
 * per rule (2 ms, 11 min, 5 h at 1, 5,000, 20,000 Services) within a factor of 2 each from one
 * per-rule table cost, and one iptables-restore of ~696,000 lines in 12.8 s ±30%. Rule and line
 * counts come from the ruleset (kube-proxy-ruleset.ts), whatever its exact formula.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { costProfiles } from '../../../models/profiles/profiles.ts';
import { perRuleCommandsNs, restoreNs } from '../../../models/control-plane/iptables-restore.ts';
import { iptablesRuleset } from '../../../models/services/kube-proxy-ruleset.ts';
import { ProxierSyncCost } from '../../../models/control-plane/proxier-sync-cost.ts';
import published from '../../../reports/reference/published.json' with { type: 'json' };

const p = costProfiles['xeon-2019-10gbe'];
const ref = (id: string) => published.references.find((r) => r.id === id)!;

test('one command per rule: the closed form is the sum over commands of exec + whole-table rewrite', () => {
  const base = 7, added = 25;
  let sum = 0;
  for (let k = 1; k <= added; k++) sum += p.iptablesExecNs + (base + k) * p.iptablesTableNsPerRule;
  assert.equal(perRuleCommandsNs(p, base, added), Math.round(sum));
});

test('Huawei: adding one more Service, one iptables command per rule, within x2 at 1, 5,000 and 20,000 Services', () => {
  const points = ref('huawei-kubecon-2017-rule-update').points as { services: number; seconds: number }[];
  assert.deepEqual(points.map((q) => q.services), [1, 5000, 20000]);
  for (const point of points) {
    // The legacy proxier rewrites every Service rule one command at a time: the new Service's
    // rules are in place when the pass ends. Huawei's rule counts are 8 per Service: n = 2.
    const cost = new ProxierSyncCost('iptables-per-rule', { groups: [{ count: point.services, endpointsPerService: 2 }], version: 'legacy' }, p);
    const seconds = cost.addServiceNs() / 1e9;
    const ratio = seconds / point.seconds;
    assert.ok(ratio > 0.5 && ratio < 2, `${point.services} Services: ${seconds.toFixed(4)} s vs ${point.seconds} s published (x${ratio.toFixed(2)})`);
  }
});

test('the per-rule mode grows quadratically: x4 Services costs about x16', () => {
  const at = (services: number) =>
    new ProxierSyncCost('iptables-per-rule', { groups: [{ count: services, endpointsPerService: 2 }], version: 'legacy' }, p).addServiceNs();
  const growth = at(20000) / at(5000);
  assert.ok(growth > 15 && growth < 16.5, `x${growth}`);
});

test('iptables-restore of ~696,000 lines takes 12.8 s ±30%', () => {
  const target = (ref('iptables-restore-large').points[0] as { lines: number; seconds: number });
  const shape = (count: number) => ({ groups: [{ count, endpointsPerService: 10 }], version: 'current' as const });
  let services = 1;
  while (iptablesRuleset(shape(services)).restoreLines < target.lines) services *= 2;
  let lo = services / 2;
  while (services - lo > 1) {
    const mid = Math.floor((lo + services) / 2);
    if (iptablesRuleset(shape(mid)).restoreLines < target.lines) lo = mid;
    else services = mid;
  }
  const counts = iptablesRuleset(shape(services));
  assert.ok(Math.abs(counts.restoreLines - target.lines) / target.lines < 0.01, `${counts.restoreLines} lines`);
  const seconds = restoreNs(p, counts.restoreLines, counts.rules) / 1e9;
  assert.ok(Math.abs(seconds / target.seconds - 1) <= 0.3, `${seconds.toFixed(2)} s vs ${target.seconds} s`);
});
