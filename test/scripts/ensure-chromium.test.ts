/**
 * scripts/ensure-chromium.sh, the first step of `npm test`, against fakes: a PATH holding only a
 * fake `id` (root or not) and a fake `apt-get` (which logs its arguments and, on install, creates
 * the executable, or fails), and CHROMIUM pointing into a temporary folder. The real package is
 * never removed or installed.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';

const script = join(import.meta.dirname, '../../scripts/ensure-chromium.sh');
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function fakeMachine(o: { uid: number; apt: 'installs' | 'fails' | 'absent'; present?: boolean }) {
  const dir = mkdtempSync(join(tmpdir(), 'podpath-chromium-'));
  dirs.push(dir);
  const chromium = join(dir, 'chromium');
  const log = join(dir, 'apt.log');
  const bin = join(dir, 'bin');
  const fake = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  mkdirSync(bin);
  fake('id', `echo ${o.uid}`);
  if (o.apt !== 'absent') {
    const install = o.apt === 'installs' ? `printf '#!/bin/sh\\n' > '${chromium}'; /bin/chmod +x '${chromium}'` : 'exit 100';
    fake('apt-get', `echo "$DEBIAN_FRONTEND $*" >> '${log}'\ncase "$*" in *install*) ${install};; esac`);
  }
  if (o.present) {
    writeFileSync(chromium, '#!/bin/sh\n');
    chmodSync(chromium, 0o755);
  }
  const r = spawnSync('/bin/sh', [script], { encoding: 'utf8', env: { PATH: bin, CHROMIUM: chromium } });
  const apt = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
  return { status: r.status, stderr: r.stderr.trim().split('\n').filter(Boolean), apt, installed: existsSync(chromium) };
}

describe('scripts/ensure-chromium.sh', () => {
  it('does nothing when Chromium is there', () => {
    const r = fakeMachine({ uid: 0, apt: 'installs', present: true });
    assert.deepEqual([r.status, r.stderr, r.apt], [0, [], []]);
  });

  it('as root with apt-get: updates the lists, then installs chromium without recommends, non-interactively', () => {
    const r = fakeMachine({ uid: 0, apt: 'installs' });
    assert.equal(r.status, 0);
    assert.deepEqual(r.apt, ['noninteractive update -qq', 'noninteractive install -y -qq --no-install-recommends chromium']);
    assert.ok(r.installed);
    assert.equal(r.stderr.length, 1);
  });

  it('not root: fails with one line saying what to install, and runs no apt-get', () => {
    const r = fakeMachine({ uid: 1000, apt: 'installs' });
    assert.equal(r.status, 1);
    assert.deepEqual(r.apt, []);
    assert.equal(r.stderr.length, 1);
    assert.match(r.stderr[0], /need Chromium at .*chromium: install Debian's chromium package/);
  });

  it('root without apt-get: fails with the same one line', () => {
    const r = fakeMachine({ uid: 0, apt: 'absent' });
    assert.equal(r.status, 1);
    assert.equal(r.stderr.length, 1);
    assert.match(r.stderr[0], /install Debian's chromium package/);
  });

  it('apt-get failing: fails, saying apt-get could not install it', () => {
    const r = fakeMachine({ uid: 0, apt: 'fails' });
    assert.equal(r.status, 1);
    assert.equal(r.apt.length, 2);
    assert.match(r.stderr.at(-1)!, /apt-get could not install it: install Debian's chromium package/);
  });
});
