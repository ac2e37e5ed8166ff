/**
 * `podpath trace` through the Ingress: the request segment crosses user space twice as often as
 * straight to the Service (4 crossings: out of the client, into the worker, out of it, into the
 * endpoint), the worker's stage sits between the two legs with its profile cost, no NAT step (pod
 * IPs both ways), and the note names the response side and the new-connection costs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { trace } from '../../cli/trace.ts';
import { prepare } from '../../cli/prepare.ts';
import { ingressRequest } from '../../cli/trace-ingress.ts';

const file = join(import.meta.dirname, '../../scenarios/ingress.yaml');

test('through the Ingress: 4 crossings around the worker, 2 straight to the Service', () => {
  const { points } = prepare(file);
  const point = points.find((p) => p.variant === 'ingress')!;
  const t = ingressRequest(point.model, point.scenario.seed);
  const crossings = t.stages.filter((st) => st.crossing).map((st) => `${st.crossing} ${st.netns}`);
  assert.deepEqual(crossings, [
    'user→kernel pod client-3', 'kernel→user pod ingress-nginx@node-0', 'user→kernel pod ingress-nginx@node-0', 'kernel→user pod endpoints@node-0',
  ]);
  const w = t.stages.findIndex((st) => st.name.startsWith('ingress-nginx worker'));
  assert.equal(t.stages[w].ns, 16_883);
  assert.deepEqual([t.stages[w - 1].crossing, t.stages[w + 1].crossing], ['kernel→user', 'user→kernel']);
  assert.ok(!t.stages.some((st) => st.name.startsWith('conntrack NAT')));
  const out = trace({ file, variant: 'ingress' });
  assert.match(out, /a request through the Ingress controller on node-0/);
  assert.match(out, /4 crossings, 400 bytes copied/);
  assert.match(out, /then the response: worker 6896 ns .* new client connection \+22247 ns \(accept\)/);
  assert.match(trace({ file, variant: 'ingress-tls' }), /TLS record, AES-GCM[\s\S]*accept, full TLS handshake/);
  // Straight to the Service the SYN is traced, as for every Service scenario.
  assert.match(trace({ file, variant: 'direct' }), /the first packet \(SYN\) of a new connection, kube-proxy iptables/);
});
