/**
 * One node's connection-tracking table (nf_conntrack): entries are counted, not stored. Each entry
 * sits in the FIFO queue of its timeout class (established, time-wait, udp …); as every entry of a
 * class has the same timeout, queue order is expiry order, so expiry pops queue heads lazily when
 * the table is touched: no event per entry, and no object either (an entry is an expiry time in a
 * typed array). An entry that changes state (a connection closing) leaves a dead mark in its old
 * queue, dropped when it reaches the head. The table keeps a lower bound of its queues' head
 * expiry times, so a touch before it (most touches: the earliest entry of a busy node is minutes
 * ahead) reads one field instead of every queue.
 * At `max` entries a new connection's packet is dropped ("nf_conntrack: table full, dropping
 * packet"). Simplifications: early_drop never frees room (the entries of short TCP connections are
 * ASSURED, which early_drop skips); the lookup cost uses the mean chain length entries / buckets.
 */
import { type Parameters, valuesOf } from '../parameters.ts';
import type { ProxyCosts } from '../profiles/proxy-costs.ts';
import { doubled } from '../../sim/index.ts';

export type TimeoutClass = 'established' | 'timeWait' | 'udp' | 'udpStream';

/** Timeouts per class, ns. */
export type ConntrackTimeouts = Record<TimeoutClass, number>;

/** The table's parameters as kube-proxy sets them (cmd/kube-proxy flags, published.json
 *  facts.conntrack), declared once: the scenario's `proxy.conntrack` defaults derive from them. */
export const conntrackParameters = {
  maxPerCore: {
    value: 32_768, unit: 'entries/core', min: 1, integer: true,
    doc: 'nf_conntrack_max per CPU core (kube-proxy --conntrack-max-per-core).',
    source: 'kube-proxy default (published.json facts.conntrack).',
  },
  min: {
    value: 131_072, unit: 'entries', min: 1, integer: true,
    doc: 'Lower bound of nf_conntrack_max (kube-proxy --conntrack-min).',
    source: 'kube-proxy default (published.json facts.conntrack).',
  },
  establishedTimeoutS: {
    value: 86_400, unit: 's', min: 0, minExclusive: true,
    doc: 'nf_conntrack_tcp_timeout_established (kube-proxy --conntrack-tcp-timeout-established).',
    source: 'kube-proxy default 24 h; the kernel\'s own is 432,000 s (published.json facts.conntrack).',
  },
  timeWaitTimeoutS: {
    value: 120, unit: 's', min: 0, minExclusive: true,
    doc: 'nf_conntrack_tcp_timeout_time_wait.',
    source: 'Kernel default, 2 MSL (published.json facts.conntrack).',
  },
  udpTimeoutS: {
    value: 30, unit: 's', min: 0, minExclusive: true,
    doc: 'nf_conntrack_udp_timeout: a UDP flow seen one way.',
    source: 'Kernel default (published.json facts.conntrack).',
  },
  udpStreamTimeoutS: {
    value: 120, unit: 's', min: 0, minExclusive: true,
    doc: 'nf_conntrack_udp_timeout_stream: a UDP flow seen both ways.',
    source: 'Kernel default (published.json facts.conntrack).',
  },
  max: {
    absent: "kube-proxy's max(min, maxPerCore × cores)", unit: 'entries', min: 1, integer: true,
    doc: 'nf_conntrack_max: the table is full at this many entries.',
    source: 'kube-proxy sets it at start-up from --conntrack-max-per-core and --conntrack-min (published.json facts.conntrack).',
  },
  buckets: {
    absent: "kube-proxy's max / 4", unit: 'buckets', min: 1, integer: true,
    doc: 'nf_conntrack_buckets: hash buckets of the table.',
    source: 'kube-proxy sets hashsize to max / 4 (published.json facts.conntrack).',
  },

  bytesPerEntry: {
    value: 304, unit: 'bytes', min: 1, integer: true,
    doc: 'Memory of one entry (struct nf_conn with its extensions, slab-rounded).',
    source: 'published.json facts.conntrack.bytes_per_entry.',
  },
} as const satisfies Parameters;

const ct = valuesOf(conntrackParameters);

/** Timeouts per class as kube-proxy leaves them, ns. */
export const kubeProxyTimeoutsNs: ConntrackTimeouts = {
  established: ct.establishedTimeoutS * 1e9,
  timeWait: ct.timeWaitTimeoutS * 1e9,
  udp: ct.udpTimeoutS * 1e9,
  udpStream: ct.udpStreamTimeoutS * 1e9,
};

/** kube-proxy's nf_conntrack_max: max(conntrack_min, per-core × cores). */
export function kubeProxyConntrackMax(cores: number, perCore = ct.maxPerCore, min = ct.min): number {
  return Math.max(min, perCore * cores);
}

/** Memory of one entry, bytes. */
export const conntrackBytesPerEntry = ct.bytesPerEntry;

export interface ConntrackConfig {
  max: number;
  /** Hash buckets; kube-proxy raises hashsize to max / 4. */
  buckets: number;
  timeoutsNs: ConntrackTimeouts;
}

const classes: readonly TimeoutClass[] = ['established', 'timeWait', 'udp', 'udpStream'];

/** An entry's handle: its place in its class's queue × 4 + the class's index. A number, not an
 *  object: a table of a million entries is two typed arrays. */
export type ConntrackEntry = number;

/** The entries of one timeout class in insertion (= expiry) order: expiry times in a growable
 *  typed array, addressed by an absolute sequence number. A dead record keeps its time negated
 *  (every expiry time is > 0: now >= 0 plus a timeout > 0), so a record is one double and a push
 *  or a kill touches one array, not a second one of marks. */
class ExpiryQueue {
  private expiresNs = new Float64Array(16);
  /** Sequence number of slot 0; slots [head, tail) are in the queue. */
  private base = 0;
  private head = 0;
  private tail = 0;

  /** Appends an entry expiring at `expiresNs`; returns its sequence number. */
  push(expiresNs: number): number {
    if (this.tail === this.expiresNs.length) this.makeRoom();
    this.expiresNs[this.tail] = expiresNs;
    return this.base + this.tail++;
  }

  /** Marks entry `seq` dead; false if it already was (or expired). */
  kill(seq: number): boolean {
    const i = seq - this.base;
    if (i < this.head || this.expiresNs[i] < 0) return false;
    this.expiresNs[i] = -this.expiresNs[i];
    return true;
  }

  /** Expiry time of the record at the head (live or dead); Infinity when empty. No record
   *  expires before it: records are in expiry order. */
  get headExpiresNs(): number {
    return this.head < this.tail ? Math.abs(this.expiresNs[this.head]) : Infinity;
  }

  /** Pops dead records and records expired by `nowNs`; returns how many live entries expired. */
  expire(nowNs: number): number {
    let expired = 0;
    while (this.head < this.tail) {
      const e = this.expiresNs[this.head];
      if (e > nowNs) break;
      if (e > 0) expired++;
      this.head++;
    }
    return expired;
  }

  /** Drops the popped prefix, and doubles the array when more than half of it is live. */
  private makeRoom(): void {
    const live = this.tail - this.head;
    this.expiresNs.copyWithin(0, this.head, this.tail);
    if (live * 2 > this.expiresNs.length) this.expiresNs = doubled(this.expiresNs);
    this.base += this.head;
    this.tail = live;
    this.head = 0;
  }
}

export class ConntrackTable {
  /** Live entries (as of the last touch). */
  entries = 0;
  /** New connections dropped because the table was full, and entries inserted, since the table
   *  was created. */
  drops = 0;
  inserts = 0;
  private readonly queues = classes.map(() => new ExpiryQueue());
  /** At most the earliest head expiry of the queues: before it no live entry can have expired,
   *  and a dead record left at a head is popped later, which no count or `transition` sees. */
  private expiresFromNs = Infinity;

  constructor(readonly config: ConntrackConfig, private readonly costs: ProxyCosts) {}

  /** Forgets expired entries as of `nowNs`. */
  expire(nowNs: number): void {
    if (nowNs < this.expiresFromNs) return;
    let from = Infinity;
    for (const q of this.queues) {
      this.entries -= q.expire(nowNs);
      from = Math.min(from, q.headExpiresNs);
    }
    this.expiresFromNs = from;
  }

  /** Appends an entry of class `c` expiring at `expiresNs`; returns its handle. */
  private push(c: number, expiresNs: number): ConntrackEntry {
    if (expiresNs < this.expiresFromNs) this.expiresFromNs = expiresNs;
    return this.queues[c].push(expiresNs) * 4 + c;
  }

  /** Mean hash-chain length, entries per bucket. */
  get chainLength(): number {
    return this.entries / this.config.buckets;
  }

  /** CPU cost of looking a packet up (hit or miss), ns: hash, then half the chain on average for
   *  a hit, all of it for a miss; the chain length is the current mean. */
  lookupNs(hit: boolean): number {
    const walked = hit ? this.chainLength / 2 : this.chainLength;
    return Math.round(this.costs.conntrackLookupNs + this.costs.conntrackChainEntryNs * walked);
  }

  /** Inserts an entry for a new flow at `nowNs`; null when the table is full (packet dropped). */
  insert(nowNs: number, cls: TimeoutClass): ConntrackEntry | null {
    this.expire(nowNs);
    if (this.entries >= this.config.max) {
      this.drops++;
      return null;
    }
    const e = this.push(classes.indexOf(cls), nowNs + this.config.timeoutsNs[cls]);
    this.entries++;
    this.inserts++;
    return e;
  }

  /** Moves a live entry to another state's timeout (e.g. a connection closing into TIME_WAIT). */
  transition(e: ConntrackEntry, nowNs: number, cls: TimeoutClass): ConntrackEntry {
    this.expire(nowNs);
    if (!this.queues[e % 4].kill(Math.floor(e / 4))) return e;
    return this.push(classes.indexOf(cls), nowNs + this.config.timeoutsNs[cls]);
  }

  /** Deletes a live entry (`conntrack -D`, as kube-proxy does for stale UDP flows); false if it had
   *  expired already. */
  remove(e: ConntrackEntry, nowNs: number): boolean {
    this.expire(nowNs);
    if (!this.queues[e % 4].kill(Math.floor(e / 4))) return false;
    this.entries--;
    return true;
  }

  /** Table memory, bytes. */
  get memoryBytes(): number {
    return this.entries * conntrackBytesPerEntry;
  }
}
