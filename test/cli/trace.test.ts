/**
 * `podpath trace`: one packet's stages in order with the crossings marked, the UDP sender's three
 * crossings, and bad pod or variant names refused with one line and exit 2.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { trace } from '../../cli/trace.ts';
import { podpathArgs } from './podpath-command.ts';

const file = join(import.meta.dirname, '../../scenarios/flannel-backends.yaml');

test('flannel UDP: 26 stages, six crossings, three of them on the sender', () => {
  const out = trace({ file, variant: 'udp' });
  const rows = out.split('\n').filter((l) => /^\s*\d+ {2}/.test(l));
  assert.equal(rows.length, 26);
  const crossings = rows.filter((l) => l.includes('◆'));
  assert.equal(crossings.length, 6);
  assert.deepEqual(crossings.filter((l) => l.includes('node-0')).map((l) => l.trim().split(/\s{2,}/)[1]), [
    'send()', 'flanneld read() from flannel0', 'flanneld sendto() :8285',
  ]);
  assert.match(out, /udp \(MTU 1472, \+28 B encapsulation\), one 1420-byte segment/);
  assert.match(out, /to pod server 10\.0\.1\.2 on node-1 \(10\.0\.1\.0\/24\)/);
  assert.match(out, /6 crossings, 8728 bytes copied/);
});

test('VXLAN: two crossings, the frame on the wire is 1538 bytes', () => {
  const out = trace({ file, variant: 'vxlan', from: '1:5', to: '0:7' });
  assert.match(out, /from pod 1:5 10\.0\.1\.7 on node-1/);
  assert.match(out, /serialization\s+node-1\s+-\s+wire\s+nic-tx\s+1538/);
  assert.match(out, /2 crossings/);
});

test('bad variant or pod: one line, exit 2', () => {
  for (const [args, expected] of [
    [['--variant', 'nope'], /^--variant: "nope" is not allowed \(must be one of the scenario's variants: "host-gw", "vxlan", "udp"\)$/],
    [['--to', '2:0'], /^--to: "2:0" is not allowed \(must be client, server or NODE:POD with NODE < 2 and POD < 110, e\.g\. 1:0\)$/],
  ] as const) {
    const r = spawnSync(process.execPath, [...podpathArgs, 'trace', file, ...args], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr.trim(), expected);
  }
});
