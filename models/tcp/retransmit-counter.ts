/**
 * Retransmissions of TCP senders, by cause, as Linux's MIB counts them (nstat): segments sent again
 * by fast retransmit or a NewReno partial ACK (TcpExtTCPFastRetrans), segments sent again after a
 * retransmission timeout (TcpExtTCPSlowStartRetrans and the timeout's own), and the timeouts
 * (TcpExtTCPTimeouts). One counter may be shared by every TCP model of a run (bulk streams,
 * request/response connections), so `retransmits_per_s` adds them all; counts since the start of
 * the run (collectors take differences).
 */
export interface RetransmitCounter {
  /** Segments retransmitted on duplicate or partial ACKs. */
  fast: number;
  /** Segments retransmitted after a retransmission timeout (`rto`, as the request/response model names it). */
  rto: number;
  /** Retransmission timer expiries. */
  timeouts: number;
}
