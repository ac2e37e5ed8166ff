/**
 * The load generator's own work: the user-space CPU its threads spend per request (building the
 * request, parsing the response, recording its latency) and per new connection (the system calls
 * the path does not model: socket(), epoll_ctl(), close()), on a pool of `threads` threads on the
 * client's node (`ab` has one, `wrk -t4` four), so a single-threaded client saturates as real
 * ones do. The kernel's share of each request (send(), recv(), TCP, connect()) is on the packet
 * path already. Simplification: a thread holds no core (the node's cores are a separate station).
 */

export interface ClientCpu {
  /** User-space CPU per request, ns. */
  perRequestNs: number;
  /** User-space CPU per new connection, ns. */
  perConnectionNs: number;
}

/**
 * Defaults, derived from wrk's published run (README of wg/wrk: `wrk -t12 -c400`, 748,868
 * requests/s on 12 threads, 56.2k requests/s per thread, keepalive): at most 1e9 / 56,200 =
 * 17.8 us of one thread per request, kernel included. The xeon-2019 profile charges the client's
 * kernel share of a keepalive request at about 6.7 us (send() 0.26 + TCP tx 1.5 + loopback 0.6 +
 * TCP rx 1.5 + wake-up, recv() and copy 2.85), which leaves 11 us of user-space work per request.
 * Per connection: three system calls at the profile's 0.25 us (socket(), epoll_ctl(), close()).
 * An upper bound: wrk's run shared its host with the server under test.
 */
export const defaultClientCpu: ClientCpu = { perRequestNs: 11_000, perConnectionNs: 750 };

/** Default client threads: one, as `ab` and a sequential client. */
export const defaultClientThreads = 1;
