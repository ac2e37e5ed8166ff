/**
 * Retransmissions of TCP senders, by cause, as Linux's MIB counts them (nstat): segments sent again
 * by fast retransmit or a NewReno partial ACK (TcpExtTCPFastRetrans), segments sent again after a
 * retransmission timeout (TcpExtTCPSlowStartRetrans and the timeout's own, TcpExtTCPTimeouts for
 * the expiries). One counter may be shared by every TCP model of a run (bulk streams,
 * request/response connections), so `retransmits_per_s` adds them all; counts since the start of
 * the run (collectors take differences).
 */
export class RetransmitCounter {
  /** Segments retransmitted on duplicate or partial ACKs. */
  fast = 0;
  /** Segments retransmitted after a retransmission timeout. */
  timeout = 0;
  /** Retransmission timer expiries. */
  timeouts = 0;
}
