/** The Ingress worker costs: derived from NGINX's published per-worker rates as their sources say,
 *  and every estimate says it is one. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ingressCostParameters as p } from '../../../models/profiles/ingress-costs.ts';

test('derivations: 6,870 ns a kept-alive request, 22,247 ns a connection, 7,104 ns of TLS records, 1.27 ms a handshake', () => {
  assert.equal(p.nginxRequestNs.value, Math.round(1e9 / 145_551));
  assert.equal(p.nginxRequestNs.value, 6870);
  assert.equal(p.nginxAcceptNs.value, 22_247);
  assert.equal(p.tlsRecordNs.value, 7104);
  assert.equal(Math.round(665_000 / 0.525 / 1000) * 1000, p.tlsHandshakeNs.value);
  assert.equal(Number(((30.19 - 18.29) * 1000 / 90_000).toFixed(2)), p.nginxProxyNsPerByte.value);
});

test('every constant has a unit, a help line and a source; the unsourced ones say Estimate', () => {
  for (const [name, c] of Object.entries(p)) {
    assert.ok(c.doc.length > 20 && c.source.length > 20, name);
    assert.ok(c.unit.startsWith('ns'), name);
  }
  for (const name of ['ingressLuaNs', 'nginxUpstreamConnectNs', 'aesGcmNsPerByte'] as const) assert.match(p[name].source, /Estimate/, name);
});
