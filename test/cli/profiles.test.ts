/**
 * `podpath profiles`: one block per profile, in the profiles' order, each with its wire, offloads
 * and sources, and every constant that differs from the defaults with its value, unit and
 * derivation; the defaults profile lists none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listProfiles } from '../../cli/profiles.ts';
import { costParameters } from '../../models/profiles/cost-profile.ts';
import { hardwareUnits, profileDefinitions, profileNames } from '../../models/profiles/profiles.ts';

test('profiles: a block per profile with every changed constant and its derivation', () => {
  const text = listProfiles();
  const heads = text.split('\n').filter((l) => /^\S/.test(l)).map((l) => l.slice(0, l.indexOf(':')));
  assert.deepEqual(heads, [...profileNames]);
  const defaults = profileDefinitions[profileNames[0]].costs;
  assert.match(text, /constants: the defaults/);
  for (const name of profileNames.slice(1)) {
    const d = profileDefinitions[name];
    for (const k of Object.keys(defaults) as (keyof typeof defaults)[]) {
      const line = `    ${k} = ${d.costs[k]} ${costParameters[k].unit}: ${d.derivations[k]}`;
      assert.equal(text.includes(line), d.costs[k] !== defaults[k], `${name} ${k}`);
    }
    assert.ok(text.includes(`  wire: ${d.hardware.linkGbps} Gbit/s, ${d.hardware.nicQueues} RSS queues, MTU ${d.hardware.mtu}`), name);
  }
});

test('profiles: every wire field of every profile with its value, unit and source', () => {
  const text = listProfiles();
  for (const name of profileNames) {
    const d = profileDefinitions[name];
    for (const k of Object.keys(hardwareUnits) as (keyof typeof hardwareUnits)[]) {
      const v = d.hardware[k];
      const shown = typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v);
      assert.ok(text.includes(`    ${k} = ${shown} ${hardwareUnits[k]}: ${d.hardwareSources[k]}`), `${name} ${k}`);
    }
  }
  // The drivers' defaults: ixgbe hashes UDP on addresses only, ice (E810) on ports too.
  assert.match(text, /xeon-2019-10gbe:[^]*?rxHashUdpPorts = no yes\/no: No: ixgbe_setup_mrqc/);
  assert.match(text, /ryzen-2021-100gbe:[^]*?rxHashUdpPorts = yes yes\/no: Yes: ice_vsi_set_rss_flow_fld/);
  assert.match(text, /ryzen-2021-100gbe:[^]*?linkGbps = 100 Gbit\/s/);
});
