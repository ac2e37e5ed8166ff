/**
 * A client's SYN timer (net/ipv4/tcp_timer.c, tcp_retransmit_timer / tcp_write_timeout): the first
 * SYN's retransmission timeout is TCP_TIMEOUT_INIT, 1 s (RFC 6298), doubled at every
 * retransmission; after net.ipv4.tcp_syn_retries retransmissions (6 by default) the next expiry
 * fails connect() with ETIMEDOUT instead of resending: SYNs at 0, 1, 3, 7, 15, 31 and 63 s, the
 * failure at 1 + 2 + … + 64 = 127 s. The connection models (Service traffic, the Ingress
 * controller's upstream, egress) share it.
 */

/** Initial SYN retransmission timeout, ns (RFC 6298, Linux TCP_TIMEOUT_INIT). */
export const synInitialRtoNs = 1e9;
/** SYN retransmissions before connect() fails (net.ipv4.tcp_syn_retries default). */
export const synRetries = 6;

/** From the loss of transmission `attempt` (0: the first SYN) to its timer's expiry, ns. */
export function synTimerNs(attempt: number): number {
  return synInitialRtoNs * 2 ** attempt;
}

/** Whether the timer of transmission `attempt` fails connect() when it expires, rather than resending. */
export function synGivesUp(attempt: number): boolean {
  return attempt >= synRetries;
}
