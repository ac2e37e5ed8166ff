/**
 * Cost constants of an nginx-like Ingress controller's worker processes (ingress-controller.ts):
 * the user-space work of proxying one HTTP request (its client side and its upstream side), of a
 * new client or upstream connection, the ingress-nginx Lua phases, and TLS termination (a full
 * handshake, and the record layer per request and per byte). The kernel's share (segments,
 * crossings and their copies, conntrack) is the packet path's, charged on the nodes' cores as for
 * every pod. Part of every cost profile, with the host each figure was measured on: the NGINX
 * figures come from a 2.3 GHz Haswell-EP (Xeon E5-2699 v3), not rescaled to a profile's clock.
 */
import type { Parameters, ValuesOf } from '../parameters.ts';

/** NGINX's published web-server run (below): one worker on a kept-alive connection, 0 KB
 *  responses, requests per second. */
const nginxKeepaliveRps = 145_551;
/** The same run's HTTPS column. */
const nginxHttpsRps = 71_561;
/** The same run's connections per second (a new connection per request, HTTP). */
const nginxCps = 34_344;
const nginxRun = 'NGINX, "Testing the Performance of NGINX and NGINX Plus Web Servers" (nginx.com blog, 2017; Xeon E5-2699 v3 2.3 GHz, 1 worker, wrk over 50 connections, 40 GbE)';

export const ingressCostParameters = {
  nginxRequestNs: {
    value: Math.round(1e9 / nginxKeepaliveRps), unit: 'ns', min: 0,
    doc: "Ingress worker: the client side of one proxied request on a kept-alive connection (epoll wake-up, read(), HTTP parse, server/location match) and its write() to the upstream.",
    source: `${nginxRun}: 145,551 requests/s per worker for 0 KB responses = 6.87 us per request, one read-parse-write round on one socket; a proxy runs one such round per side, this is the client side's.`,
  },
  nginxResponseNs: {
    value: Math.round(1e9 / nginxKeepaliveRps), unit: 'ns', min: 0,
    doc: "Ingress worker: the upstream side of one proxied request (read() of the upstream response, status line and header parse, the response headers built) and its write() to the client.",
    source: `${nginxRun}: the same 6.87 us read-parse-write round, on the upstream socket. Estimate that the two sides cost alike; no published per-side split.`,
  },
  ingressLuaNs: {
    value: 10_000, unit: 'ns', min: 0,
    doc: "ingress-nginx's Lua per request: balancer_by_lua picking the upstream peer from the EndpointSlice list it holds (round robin), and the rewrite and log phases' Lua (monitor.call for the metrics).",
    source: "Estimate: three LuaJIT phase handlers per request with their shared-dict and ngx.var accesses, ~3 us each; ingress-nginx's own issues put the Lua balancer and metrics among its per-request costs (kubernetes/ingress-nginx issue 6156: disabling metrics moved 6,182 to ~7,000 qps). No published per-phase timing.",
  },
  nginxProxyNsPerByte: {
    value: 0.13, unit: 'ns/byte', min: 0,
    doc: "Ingress worker: per byte of request and response body it passes through its buffers (buffer chain handling; the kernel copies at its sockets are the packet path's).",
    source: `${nginxRun}: 54,684 requests/s at 10 KB and 33,125 at 100 KB, (30.19 - 18.29 us) / 90 KB = 0.13 ns per byte.`,
  },
  nginxAcceptNs: {
    value: Math.round(1e9 / nginxCps - 1e9 / nginxKeepaliveRps), unit: 'ns', min: 0,
    doc: "Ingress worker: a new client connection beyond its request: accept4(), connection and request pool set-up, and its close.",
    source: `${nginxRun}: 34,344 connections/s per worker (a new connection per 0 KB request) = 29.1 us, less the kept-alive request's 6.87 us: 22.2 us.`,
  },
  nginxUpstreamConnectNs: {
    value: Math.round(1e9 / nginxCps - 1e9 / nginxKeepaliveRps), unit: 'ns', min: 0,
    doc: "Ingress worker: a new upstream connection (socket(), non-blocking connect(), the writable event, its close), beyond the kernel's handshake work (tcpConnectNs on the packet path).",
    source: "Estimate: the mirror of nginxAcceptNs (22.2 us from NGINX's connections/s, above) on the connecting side; no published figure for ngx_event_connect_peer.",
  },
  tlsHandshakeNs: {
    value: 1_267_000, unit: 'ns', min: 0,
    doc: "Ingress worker: one full TLS handshake (ECDHE-RSA with a 2048-bit RSA certificate): the RSA signature, the ephemeral P-256 key exchange, key derivation and the handshake records.",
    source: "RSA-2048 sign 665 us per core (openssl speed, 1,504.5 sign/s on an x86-64 host with AES-NI, NginxProxyManager/docker-nginx-full PR 22), and NGINX's rule that a core sustains 45-60% as many full ECDHE-RSA handshakes as RSA-2048 signs (NGINX, 'NGINX SSL Performance', 2014: 600 signs/s, 350 handshakes/s per virtual core): 665 us / 0.525 = 1.27 ms.",
  },
  tlsRecordNs: {
    value: Math.round(1e9 / nginxHttpsRps - 1e9 / nginxKeepaliveRps), unit: 'ns', min: 0,
    doc: "Ingress worker: the TLS record layer of one request on an established TLS connection beyond its bytes (SSL_read of the request, SSL_write of the response: record framing, nonce, tag, the OpenSSL call path).",
    source: `${nginxRun}: 71,561 HTTPS requests/s against 145,551 HTTP for 0 KB responses on kept-alive connections: 13.97 - 6.87 = 7.1 us per request.`,
  },
  aesGcmNsPerByte: {
    value: 0.23, unit: 'ns/byte', min: 0,
    doc: "Ingress worker: AES-128-GCM encryption or decryption of one byte of a TLS record (AES-NI and PCLMULQDQ).",
    source: "Estimate from openssl speed on the same host as tlsHandshakeNs (NginxProxyManager/docker-nginx-full PR 22): ghash 13.4 GB/s and AES-128-CBC 1.62 GB/s at 16 KB; CBC encryption is serial, CTR pipelines AES-NI about 4 times deeper (AESENC latency 4, throughput 1 per cycle): ~6.5 GB/s of AES-CTR with 13.4 GB/s of GHASH, 1 / (1/6.5 + 1/13.4) = 4.4 GB/s = 0.23 ns/byte.",
  },
} as const satisfies Parameters;

export type IngressCosts = ValuesOf<typeof ingressCostParameters>;
