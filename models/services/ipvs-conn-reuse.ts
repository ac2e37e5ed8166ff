/**
 * IPVS's connection table meeting a reused source port (net.ipv4.vs.conn_reuse_mode). A closed
 * connection's ip_vs_conn stays in TIME_WAIT for 120 s (ip_vs_proto_tcp.c); a new connection
 * from the same client address and port to the same virtual service finds it (ip_vs_in):
 * - mode 0: the old entry is reused, so the SYN goes to the old real server without a new
 *   scheduling (it may be gone: endpoint churn is not modelled here);
 * - mode 1 (the sysctl's default): the entry is expired so the SYN can be scheduled anew; with
 *   net.ipv4.vs.conntrack=1 (kube-proxy sets it) the kernel drops that SYN (NF_DROP) to let the
 *   conntrack entry go too, and the client retransmits it after its 1 s initial RTO; from 5.9,
 *   35dfb013149f ("ipvs: allow connection reuse for unconfirmed conntrack", Julian Anastasov,
 *   2020; kube-proxy's connReuseFixedKernelVersion "5.9", and in 4.14 stable) schedules it at
 *   once when conntrack replaced the TIME_WAIT entry by a new unconfirmed one, as it does for a
 *   SYN: no drop.
 * kube-proxy sets mode 0 on kernels below 5.9 and leaves the sysctl alone from 5.9.
 * Entries are kept per node by (virtual service, client address, port) and forgotten lazily, in
 * expiry order, from a FIFO (one timeout, so one queue).
 */

/** IPVS TCP TIME_WAIT timeout, ns (ip_vs_proto_tcp.c tcp_timeouts: 2 × 60 s). */
export const ipvsTimeWaitNs = 120e9;

export interface IpvsConnReuseConfig {
  /** net.ipv4.vs.conn_reuse_mode: 0 or 1 (bit 2, FIN_WAIT reuse for DR/TUN, has no effect in NAT mode). */
  mode: 0 | 1;
  /** The kernel has 35dfb013149f (5.9 and later). */
  fixed: boolean;
}

/** What IPVS does with a new connection's SYN: schedule it, send it to the old real server, or
 *  drop it. */
export type ReuseVerdict = { kind: 'schedule' } | { kind: 'reuse'; endpoint: number } | { kind: 'drop' };

const schedule: ReuseVerdict = { kind: 'schedule' };
const drop: ReuseVerdict = { kind: 'drop' };

interface TimeWait {
  key: string;
  endpoint: number;
  expiresNs: number;
}

export class IpvsConnReuse {
  /** SYNs dropped to force a new scheduling, and SYNs sent to the old real server. */
  dropped = 0;
  reused = 0;
  private readonly entries = new Map<string, TimeWait>();
  private readonly fifo: TimeWait[] = [];
  private head = 0;

  constructor(readonly config: IpvsConnReuseConfig) {}

  /** A new connection's SYN from `addr`:`port` to Service `s`, started on `node`. */
  check(node: number, s: number, addr: number, port: number, nowNs: number): ReuseVerdict {
    this.forget(nowNs);
    const key = `${node}:${s}:${addr}:${port}`;
    const e = this.entries.get(key);
    if (e === undefined) return schedule;
    if (this.config.mode === 0) {
      this.reused++;
      return { kind: 'reuse', endpoint: e.endpoint };
    }
    // Mode 1 expires the old entry either way; before the fix it drops this SYN too.
    this.entries.delete(key);
    if (this.config.fixed) return schedule;
    this.dropped++;
    return drop;
  }

  /** The connection from `addr`:`port` to endpoint `endpoint` of `s` closed: TIME_WAIT. */
  closed(node: number, s: number, addr: number, port: number, endpoint: number, nowNs: number): void {
    const e: TimeWait = { key: `${node}:${s}:${addr}:${port}`, endpoint, expiresNs: nowNs + ipvsTimeWaitNs };
    this.entries.set(e.key, e);
    this.fifo.push(e);
  }

  private forget(nowNs: number): void {
    while (this.head < this.fifo.length && this.fifo[this.head].expiresNs <= nowNs) {
      const e = this.fifo[this.head++];
      if (this.entries.get(e.key) === e) this.entries.delete(e.key);
    }
    if (this.head > 4096 && this.head * 2 > this.fifo.length) {
      this.fifo.splice(0, this.head);
      this.head = 0;
    }
  }
}
