/**
 * One node's connection-tracking table (nf_conntrack): entries are counted, not stored. Each entry
 * sits in the FIFO queue of its timeout class (established, time-wait, udp …); as every entry of a
 * class has the same timeout, queue order is expiry order, so expiry pops queue heads lazily when
 * the table is touched: no event per entry. An entry that changes state (a connection closing)
 * leaves a dead record in its old queue, dropped when it reaches the head.
 * At `max` entries a new connection's packet is dropped ("nf_conntrack: table full, dropping
 * packet"). Simplifications: early_drop never frees room (the entries of short TCP connections are
 * ASSURED, which early_drop skips); the lookup cost uses the mean chain length entries / buckets.
 */
import type { ProxyCosts } from './proxy-costs.ts';

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

/** A live entry; `dead` once it has moved to another class or expired. */
export interface ConntrackEntry {
  expiresNs: number;
  cls: TimeoutClass;
  dead: boolean;
}

class ExpiryQueue {
  private items: ConntrackEntry[] = [];
  private head = 0;

  push(e: ConntrackEntry): void {
    this.items.push(e);
  }

  /** Pops dead records and records expired by `nowNs`; returns how many live entries expired. */
  expire(nowNs: number): number {
    let expired = 0;
    const items = this.items;
    while (this.head < items.length) {
      const e = items[this.head];
      if (!e.dead && e.expiresNs > nowNs) break;
      if (!e.dead) {
        e.dead = true;
        expired++;
      }
      this.head++;
    }
    if (this.head > 4096 && this.head * 2 > items.length) {
      this.items = items.slice(this.head);
      this.head = 0;
    }
    return expired;
  }
}

export class ConntrackTable {
  /** Live entries (as of the last touch). */
  entries = 0;
  /** New connections dropped because the table was full, since the last reset. */
  drops = 0;
  inserts = 0;
  private readonly queues: Record<TimeoutClass, ExpiryQueue> = {
    established: new ExpiryQueue(), timeWait: new ExpiryQueue(), udp: new ExpiryQueue(), udpStream: new ExpiryQueue(),
  };

  constructor(readonly config: ConntrackConfig, private readonly costs: ProxyCosts) {}

  /** Forgets expired entries as of `nowNs`. */
  expire(nowNs: number): void {
    for (const q of Object.values(this.queues)) this.entries -= q.expire(nowNs);
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
    const e: ConntrackEntry = { expiresNs: nowNs + this.config.timeoutsNs[cls], cls, dead: false };
    this.queues[cls].push(e);
    this.entries++;
    this.inserts++;
    return e;
  }

  /** Moves a live entry to another state's timeout (e.g. a connection closing into TIME_WAIT). */
  transition(e: ConntrackEntry, nowNs: number, cls: TimeoutClass): ConntrackEntry {
    this.expire(nowNs);
    if (e.dead) return e;
    e.dead = true;
    const moved: ConntrackEntry = { expiresNs: nowNs + this.config.timeoutsNs[cls], cls, dead: false };
    this.queues[cls].push(moved);
    return moved;
  }

  /** Table memory, bytes. */
  get memoryBytes(): number {
    return this.entries * conntrackBytesPerEntry;
  }

  resetStats(): void {
    this.drops = 0;
    this.inserts = 0;
  }
}
