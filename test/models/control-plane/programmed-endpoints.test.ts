/**
 * A node's programmed view of the rolled Service: the endpoints as of the node's last completed
 * sync (not the API server's), the serving-terminating fallback, what a SYN meets at an exited pod
 * (refused; lost when its node is gone), stale selections traced, and every other Service passed
 * to the wrapped proxy untouched.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Simulation, Streams } from '../../../sim/index.ts';
import { RollingUpdate, type RollingUpdateConfig } from '../../../models/control-plane/rolling-update.ts';
import { ProgrammedEndpoints, type StaleSelection } from '../../../models/control-plane/programmed-endpoints.ts';
import type { ControlPlane } from '../../../models/control-plane/control-plane.ts';
import type { Selection, ServiceProxy } from '../../../models/services/proxier.ts';
import { resolveProfile } from '../../../models/profiles/profiles.ts';

const s = 1e9;

function setup(c: Partial<RollingUpdateConfig> = {}, instant = false) {
  const sim = new Simulation();
  const cp = { publishedChanges: 0, proxies: [{ syncedUpTo: 0 }, { syncedUpTo: 0 }] };
  const closed: number[] = [];
  const inner = {
    mode: 'iptables', rules: 42, connectNs: 0, translates: true, unmatchedNs: 1, translateNs: 2, filterNs: 3, reuse: null,
    select: (): Selection => ({ endpoint: 9, ns: 500, rulesWalked: 7, masquerade: false }),
    closed: (_n: number, service: number) => closed.push(service),
  } satisfies ServiceProxy;
  const rollout = new RollingUpdate(sim, {
    service: 3, pods: 2, maxSurge: 1, maxUnavailable: 0, readinessDelayNs: 2 * s, terminationGraceNs: 1 * s, startNs: 0, nodesGone: false, ...c,
  }, () => cp.publishedChanges++);
  const p = new ProgrammedEndpoints(inner, cp as unknown as ControlPlane, rollout, new Streams(1, 0).get('rollout/endpoint-pick'), instant, resolveProfile('xeon-2019-10gbe', {}));
  const stale: StaleSelection[] = [];
  p.stale.subscribe((x) => stale.push({ ...x }));
  return { sim, cp, p, rollout, stale, closed };
}

const picks = (p: ProgrammedEndpoints, node: number, n = 200) => [...new Set(Array.from({ length: n }, () => p.select(node, 3, 0, 0).endpoint))].sort();

test('a node selects from what it last synced, not from the API server', () => {
  const { sim, cp, p, rollout, stale } = setup();
  sim.run({ untilNs: 2.5 * s });
  // At the API server: new pod 2 ready, old pod 0 terminating, new pod 3 pending.
  assert.deepEqual(rollout.state, ['terminating', 'ready', 'ready', 'pending']);
  assert.deepEqual(picks(p, 0), [0, 1], 'node 0 has synced nothing: the old pods');
  assert.equal(stale.length > 0 && stale.every((x) => x.endpoint === 0 && x.state === 'terminating'), true);
  cp.proxies[1].syncedUpTo = 2; // pending 2, ready 2
  assert.deepEqual(picks(p, 1), [0, 1, 2]);
  cp.proxies[1].syncedUpTo = cp.publishedChanges;
  assert.deepEqual(picks(p, 1), [1, 2], 'programmed the terminating endpoint: no new connections to it');
  assert.deepEqual(p.programmed(1), { ready: [1, 2], serving: [0] });
});

test('what a SYN meets: served within the grace, refused once the pod has exited, lost if its node is gone', () => {
  const { sim, p } = setup();
  sim.run({ untilNs: 2.5 * s });
  assert.equal(p.synArrives(3, 0), 'served', 'terminating, within its grace');
  sim.run({ untilNs: 3.5 * s });
  assert.equal(p.synArrives(3, 0), 'refused');
  assert.equal(p.gone(3, 0), true);
  assert.equal(p.synArrives(4, 0), 'served', 'another Service');
  const g = setup({ nodesGone: true });
  g.sim.run({ untilNs: 3.5 * g.sim.now + 3.5 * s });
  assert.equal(g.p.synArrives(3, 0), 'lost');
});

test('instant programming: every node sees the API server, no stale selection', () => {
  const { sim, p, stale } = setup({}, true);
  sim.run({ untilNs: 2.5 * s });
  assert.deepEqual(picks(p, 0), [1, 2]);
  assert.equal(stale.length, 0);
});

test('with no ready endpoint programmed, the serving terminating ones take new connections', () => {
  const { sim, cp, p } = setup({ pods: 1, maxSurge: 0, maxUnavailable: 1, terminationGraceNs: 5 * s });
  sim.run({ untilNs: 1 * s });
  cp.proxies[0].syncedUpTo = cp.publishedChanges;
  assert.deepEqual(p.programmed(0), { ready: [], serving: [0] });
  assert.deepEqual(picks(p, 0), [0]);
});

test('other Services go to the wrapped proxy as they are; the rolled one keeps its cost, not its choice', () => {
  const { p, closed } = setup();
  assert.deepEqual(p.select(0, 5, 0, 0), { endpoint: 9, ns: 500, rulesWalked: 7, masquerade: false });
  const sel = p.select(0, 3, 0, 0);
  assert.deepEqual({ ...sel, endpoint: 0 }, { endpoint: 0, ns: 500, rulesWalked: 7, masquerade: false });
  assert.ok(sel.endpoint === 0 || sel.endpoint === 1);
  p.closed(0, 5, 9, 0);
  p.closed(0, 3, 1, 0);
  assert.deepEqual(closed, [5]);
  assert.deepEqual([p.rules, p.unmatchedNs, p.translateNs, p.filterNs, p.mode], [42, 1, 2, 3, 'iptables']);
});

test('no ready or serving endpoint programmed: the node rejects; its walk to the verdict per mode', () => {
  const { sim, cp, p } = setup({ pods: 1, maxSurge: 0, maxUnavailable: 1, terminationGraceNs: 0 });
  sim.run({ untilNs: 1 * s });
  assert.equal(p.rejects(0, 3), false, 'node 0 has synced nothing: old pod 0 still programmed');
  cp.proxies[0].syncedUpTo = cp.publishedChanges;
  assert.deepEqual(p.programmed(0), { ready: [], serving: [] });
  assert.equal(p.rejects(0, 3), true);
  assert.equal(p.rejects(0, 4), false, 'another Service');
  assert.throws(() => p.select(0, 3, 0, 0), /ask rejects\(\) before select\(\)/);
  // The fake mode's unmatchedNs 1 and filterNs 3, then the mode's own verdict.
  const c = resolveProfile('xeon-2019-10gbe', {});
  assert.equal(p.rejectNs, 1 + 3 + c.iptablesRuleNs);
  const other = (mode: 'nftables' | 'ipvs') => {
    const g = setup();
    const inner = { ...g.p, mode, unmatchedNs: 1, filterNs: 3, select: g.p.select, closed: g.p.closed } as unknown as ServiceProxy;
    return new ProgrammedEndpoints(inner, g.cp as unknown as ControlPlane, g.rollout, new Streams(1, 0).get('x'), false, c).rejectNs;
  };
  assert.equal(other('nftables'), 1 + 3 + c.nftVmapLookupNs + c.nftRuleNs);
  assert.equal(other('ipvs'), 1 + 3 + c.ipvsNewConnectionNs - c.conntrackInsertNs);
});

test('a pod exiting with its node up is announced in `exited`; with the old pods\' nodes gone, none is', () => {
  const run = (nodesGone: boolean) => {
    const { sim, p } = setup({ nodesGone });
    const exits: [number, number][] = [];
    p.exited.subscribe((e) => exits.push([sim.now / s, e]));
    sim.run({ untilNs: 10 * s });
    return exits;
  };
  // maxSurge 1: new pod 2 ready at 2 s, old pod 0 exits at 3 s (grace 1 s); pod 3 at 4 s, pod 1 at 5 s.
  assert.deepEqual(run(false), [[3, 0], [5, 1]]);
  assert.deepEqual(run(true), []);
});
