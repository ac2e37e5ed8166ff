/**
 * One node's connection-tracking table (nf_conntrack): entries are counted, not stored. Each entry
 * sits in the FIFO queue of its timeout class (established, time-wait, udp …); as every entry of a
 * class has the same timeout, queue order is expiry order, so expiry pops queue heads lazily when
 * the table is touched: no event per entry, and no object either (an entry is an expiry time in a
 * typed array). An entry that changes state (a connection closing) leaves a dead mark in its old
 * queue, dropped when it reaches the head.
 * At `max` entries a new connection's packet is dropped ("nf_conntrack: table full, dropping
 * packet"). Simplifications: early_drop never frees room (the entries of short TCP connections are
 * ASSURED, which early_drop skips); the lookup cost uses the mean chain length entries / buckets.
 */
import type { ProxyCosts } from '../profiles/proxy-costs.ts';

export type TimeoutClass = 'established' | 'timeWait' | 'udp' | 'udpStream';

/** Timeouts per class, ns. */
export type ConntrackTimeouts = Record<TimeoutClass, number>;

/** Kernel defaults overridden by kube-proxy (published.json facts.conntrack):
 *  established 86,400 s (kube-proxy; kernel 432,000 s), TIME_WAIT 120 s, UDP 30 s, UDP stream 120 s. */
export const kubeProxyTimeoutsNs: ConntrackTimeouts = {
  established: 86_400e9,
  timeWait: 120e9,
  udp: 30e9,
  udpStream: 120e9,
};

/** kube-proxy's nf_conntrack_max: max(conntrack_min, per-core × cores) (published.json). */
export function kubeProxyConntrackMax(cores: number, perCore = 32_768, min = 131_072): number {
  return Math.max(min, perCore * cores);
}

/** Memory of one entry, bytes (published.json facts.conntrack.bytes_per_entry). */
export const conntrackBytesPerEntry = 304;

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

/** The entries of one timeout class in insertion (= expiry) order: expiry times and dead marks
 *  in growable typed arrays, addressed by an absolute sequence number. */
class ExpiryQueue {
  private expiresNs = new Float64Array(16);
  private dead = new Uint8Array(16);
  /** Sequence number of slot 0; slots [head, tail) are in the queue. */
  private base = 0;
  private head = 0;
  private tail = 0;

  /** Appends an entry expiring at `expiresNs`; returns its sequence number. */
  push(expiresNs: number): number {
    if (this.tail === this.expiresNs.length) this.makeRoom();
    this.expiresNs[this.tail] = expiresNs;
    this.dead[this.tail] = 0;
    return this.base + this.tail++;
  }

  /** Marks entry `seq` dead; false if it already was (or expired). */
  kill(seq: number): boolean {
    const i = seq - this.base;
    if (i < this.head || this.dead[i]) return false;
    this.dead[i] = 1;
    return true;
  }

  /** Pops dead records and records expired by `nowNs`; returns how many live entries expired. */
  expire(nowNs: number): number {
    let expired = 0;
    while (this.head < this.tail) {
      const i = this.head;
      if (!this.dead[i] && this.expiresNs[i] > nowNs) break;
      if (!this.dead[i]) expired++;
      this.head++;
    }
    return expired;
  }

  /** Drops the popped prefix, or doubles the arrays when more than half is live. */
  private makeRoom(): void {
    const live = this.tail - this.head;
    if (live * 2 <= this.expiresNs.length) {
      this.expiresNs.copyWithin(0, this.head, this.tail);
      this.dead.copyWithin(0, this.head, this.tail);
    } else {
      const e = new Float64Array(this.expiresNs.length * 2);
      const d = new Uint8Array(this.expiresNs.length * 2);
      e.set(this.expiresNs.subarray(this.head, this.tail));
      d.set(this.dead.subarray(this.head, this.tail));
      this.expiresNs = e;
      this.dead = d;
    }
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

  constructor(readonly config: ConntrackConfig, private readonly costs: ProxyCosts) {}

  /** Forgets expired entries as of `nowNs`. */
  expire(nowNs: number): void {
    for (const q of this.queues) this.entries -= q.expire(nowNs);
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
    const c = classes.indexOf(cls);
    const seq = this.queues[c].push(nowNs + this.config.timeoutsNs[cls]);
    this.entries++;
    this.inserts++;
    return seq * 4 + c;
  }

  /** Moves a live entry to another state's timeout (e.g. a connection closing into TIME_WAIT). */
  transition(e: ConntrackEntry, nowNs: number, cls: TimeoutClass): ConntrackEntry {
    this.expire(nowNs);
    if (!this.queues[e % 4].kill(Math.floor(e / 4))) return e;
    const c = classes.indexOf(cls);
    return this.queues[c].push(nowNs + this.config.timeoutsNs[cls]) * 4 + c;
  }

  /** Table memory, bytes. */
  get memoryBytes(): number {
    return this.entries * conntrackBytesPerEntry;
  }
}
