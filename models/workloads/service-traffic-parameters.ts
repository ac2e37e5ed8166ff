/**
 * The Service traffic's numeric knobs (`traffic:`), declared once beside the model that uses them
 * (service-traffic.ts): the offered rate when no arrival process is given, connection reuse, the
 * message sizes (those of the request/response workload) and the server's threads. The load
 * generator's own knobs are in client-application.ts, the think time in closed-loop-client.ts.
 */
import type { Parameters } from '../parameters.ts';
import { requestResponseParameters } from './request-response.ts';

export const serviceTrafficParameters = {
  rateRps: {
    value: 1000, unit: 'requests/s', min: 0, minExclusive: true,
    doc: 'Requests per second over all clients, Poisson (shorthand for arrival { kind: open }); the default applies when traffic.arrival is absent too.',
    source: "A choice: a light load, far below one node's capacity, so latency is the path's and not a queue's.",
  },
  requestsPerConnection: {
    value: 1, unit: 'requests', min: 1, integer: true,
    doc: 'Requests a client sends on one connection before it opens the next; 1: a new connection per request (no keepalive).',
    source: 'A choice: no keepalive, as ab without -k, where the proxy works for every connection.',
  },
  requestBytes: requestResponseParameters.requestBytes,
  responseBytes: requestResponseParameters.responseBytes,
  serverThreads: {
    absent: "the node's cores serve it", unit: 'threads', min: 1, integer: true,
    doc: "The server application's threads per endpoint node.",
    source: 'A choice of the scenario: by default the server is not the bottleneck, its node\'s cores are.',
  },
  clientPorts: {
    absent: 'the default range, 28,232 ports', unit: 'ports', min: 1, max: 64512, integer: true,
    doc: "Ephemeral ports each client pod cycles through, in turn (net.ipv4.ip_local_port_range's size).",
    source: 'ip_local_port_range defaults to 32768-60999 (28,232 ports); a narrow range makes ports repeat sooner.',
  },
} as const satisfies Parameters;
