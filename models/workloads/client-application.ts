/**
 * The load generator's own work: the user-space CPU its threads spend per request (building the
 * request, parsing the response, recording its latency) and per new connection (the system calls
 * the path does not model: socket(), epoll_ctl(), close()), on a pool of `threads` threads on the
 * client's node (`ab` has one, `wrk -t4` four), so a single-threaded client saturates as real
 * ones do. The kernel's share of each request (send(), recv(), TCP, connect()) is on the packet
 * path already. Simplification: a thread holds no core (the node's cores are a separate station).
 */
import { type Parameters, valuesOf } from '../parameters.ts';

export interface ClientCpu {
  /** User-space CPU per request, ns. */
  perRequestNs: number;
  /** User-space CPU per new connection, ns. */
  perConnectionNs: number;
}

/** The load generator's knobs (`traffic.clientCpu`, `traffic.clientThreads`), declared once. */
export const clientApplicationParameters = {
  perRequestUs: {
    value: 11, unit: 'us', min: 0,
    doc: "The load generator's user-space CPU per request: building it, parsing the response, recording its latency.",
    source: "wrk's published run (README of wg/wrk: wrk -t12 -c400, 748,868 requests/s on 12 threads, 56.2k requests/s per thread, keepalive) gives at most 1e9 / 56,200 = 17.8 us of one thread per request, kernel included; the xeon-2019 profile charges the client's kernel share of a keepalive request at about 6.7 us (send() 0.26 + TCP tx 1.5 + loopback 0.6 + TCP rx 1.5 + wake-up, recv() and copy 2.85), which leaves 11 us. An upper bound: wrk's run shared its host with the server under test.",
  },
  perConnectionUs: {
    value: 0.75, unit: 'us', min: 0,
    doc: "The load generator's user-space CPU per new connection: the system calls the path does not model.",
    source: "Three system calls (socket(), epoll_ctl(), close()) at the xeon-2019 profile's syscallNs, 0.25 us each.",
  },
  threads: {
    value: 1, unit: 'threads', min: 1, integer: true,
    doc: "The load generator's threads per client pod (ab: 1, wrk -t4: 4).",
    source: 'A choice: one, as ab and a sequential client.',
  },
} as const satisfies Parameters;

const client = valuesOf(clientApplicationParameters);

/** The defaults in ns, as the model takes them. */
export const defaultClientCpu: ClientCpu = { perRequestNs: client.perRequestUs * 1e3, perConnectionNs: client.perConnectionUs * 1e3 };
