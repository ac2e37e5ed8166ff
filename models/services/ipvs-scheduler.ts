/**
 * IPVS schedulers as the kernel implements them (net/netfilter/ipvs/ip_vs_{rr,wrr,lc,wlc,sh,dh,
 * sed,nq}.c), for one virtual service on one node: the state (round-robin cursor, weighted
 * round-robin current weight, active and inactive connection counts) is the node's own, since
 * every node's IPVS directs only the connections that start there. Real servers are indices
 * 0..n−1 in the service's destination list, with weights (kube-proxy sets 1).
 * Simplifications: no overload flags; sh/dh hash one 32-bit address with the kernel's
 * multiplicative hash into a 256-bucket table filled by cycling through the destinations
 * weight-many times, as ip_vs_sh_reassign does.
 */

export type IpvsSchedulerName = 'rr' | 'wrr' | 'lc' | 'wlc' | 'sh' | 'dh' | 'sed' | 'nq';
export const ipvsSchedulerNames: IpvsSchedulerName[] = ['rr', 'wrr', 'lc', 'wlc', 'sh', 'dh', 'sed', 'nq'];

const tableBits = 8;
const tableSize = 1 << tableBits;

/** sh/dh's bucket table of a destination list, shared by every service with the same weights
 *  (a node with 50,000 services holds one). ip_vs_sh_reassign: walk the destinations, each taking
 *  `weight` consecutive buckets. */
const tables = new WeakMap<number[], Int32Array>();

function hashTable(weights: number[]): Int32Array {
  let table = tables.get(weights);
  if (table) return table;
  const n = weights.length;
  table = new Int32Array(tableSize);
  let d = 0, taken = 0;
  for (let b = 0; b < tableSize; b++) {
    while (weights[d] <= 0) d = (d + 1) % n;
    table[b] = d;
    if (++taken >= weights[d]) {
      taken = 0;
      d = (d + 1) % n;
    }
  }
  tables.set(weights, table);
  return table;
}

export class IpvsService {
  /** Active (established) and inactive (closing, TIME_WAIT) connections per real server. */
  readonly active: Int32Array;
  readonly inactive: Int32Array;
  private cursor = -1;
  private currentWeight = 0;
  private readonly maxWeight: number;
  private readonly gcdWeight: number;
  private readonly table: Int32Array;

  constructor(readonly scheduler: IpvsSchedulerName, readonly weights: number[]) {
    const n = weights.length;
    if (n < 1) throw new RangeError(`an IPVS service needs at least one real server, got ${n}`);
    this.active = new Int32Array(n);
    this.inactive = new Int32Array(n);
    this.maxWeight = Math.max(...weights);
    this.gcdWeight = weights.filter((w) => w > 0).reduce(gcd, 0) || 1;
    this.table = hashTable(weights);
  }

  /** The real server for a new connection from `sourceAddr` to `destAddr` (32-bit addresses). */
  schedule(sourceAddr: number, destAddr: number): number {
    switch (this.scheduler) {
      case 'rr':
        return this.roundRobin();
      case 'wrr':
        return this.weightedRoundRobin();
      case 'lc':
        return this.leastBy((i) => (this.active[i] << 8) + this.inactive[i], false);
      case 'wlc':
        return this.leastBy((i) => (this.active[i] << 8) + this.inactive[i], true);
      case 'sed':
        return this.leastBy((i) => this.active[i] + 1, true);
      case 'nq': {
        const idle = this.weights.findIndex((w, i) => w > 0 && this.active[i] === 0);
        return idle >= 0 ? idle : this.leastBy((i) => this.active[i] + 1, true);
      }
      case 'sh':
        return this.table[hashAddr(sourceAddr)];
      case 'dh':
        return this.table[hashAddr(destAddr)];
    }
  }

  /** A connection to `server` was established / has closed / has left TIME_WAIT. */
  opened(server: number): void {
    this.active[server]++;
  }

  closed(server: number): void {
    this.active[server]--;
    this.inactive[server]++;
  }

  forgotten(server: number): void {
    this.inactive[server]--;
  }

  private roundRobin(): number {
    const n = this.weights.length;
    for (let k = 1; k <= n; k++) {
      const i = (this.cursor + k) % n;
      if (this.weights[i] > 0) {
        this.cursor = i;
        return i;
      }
    }
    throw new RangeError('no real server with weight > 0');
  }

  private weightedRoundRobin(): number {
    const n = this.weights.length;
    for (;;) {
      this.cursor = (this.cursor + 1) % n;
      if (this.cursor === 0) {
        this.currentWeight -= this.gcdWeight;
        if (this.currentWeight <= 0) this.currentWeight = this.maxWeight;
      }
      if (this.weights[this.cursor] >= this.currentWeight) return this.cursor;
    }
  }

  /** The first server minimising overhead (/ weight when `weighted`), as the kernel compares
   *  loh·wd > doh·wl with integers so that ties keep the earlier server. */
  private leastBy(overhead: (i: number) => number, weighted: boolean): number {
    let least = -1;
    for (let i = 0; i < this.weights.length; i++) {
      if (this.weights[i] <= 0) continue;
      if (least < 0) {
        least = i;
        continue;
      }
      const better = weighted
        ? overhead(least) * this.weights[i] > overhead(i) * this.weights[least]
        : overhead(i) < overhead(least);
      if (better) least = i;
    }
    if (least < 0) throw new RangeError('no real server with weight > 0');
    return least;
  }
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** ip_vs_sh_hashkey / ip_vs_dh_hashkey: (addr · 2654435761) >> (32 − bits), masked. */
export function hashAddr(addr: number): number {
  return (Math.imul(addr >>> 0, 2654435761) >>> (32 - tableBits)) & (tableSize - 1);
}
