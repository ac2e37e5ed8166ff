/**
 * The conntrack confirm race (issue 19): a new flow's entry is created when its first packet
 * passes PREROUTING/OUTPUT (the lookup missed) and is inserted into the hash table only when the
 * packet leaves POSTROUTING (__nf_conntrack_confirm). Until then no other core can see it, so two
 * packets handled at once on two cores can both miss, both create an entry and, for SNAT, both
 * be given the same source port by nf_nat (nf_nat_used_tuple looks at confirmed entries only).
 * The second to confirm finds its tuple taken: `insert_failed`, and the packet is dropped, unless
 * the kernel resolves the clash. Resolution by kernel (commits checked against the kernel's
 * history, see below):
 * - `4.x` (before 4.19): dropped. 71d8c47fc653 ("introduce clash resolution on insertion race",
 *   4.7) merges a UDP loser only when the winner has no NAT, which a Service's DNAT always has;
 * - `5.0`: a UDP loser whose entry matches the winner's (same DNAT endpoint) takes the winner's
 *   entry: ed07d9a021df ("nf_conntrack: resolve clash for matching conntracks", in 4.19, per
 *   Ubuntu's kernel-team SRU of July 2019) and 4e35c1cb9460 ("nf_nat: skip nat clash resolution
 *   for same-origin entries", 5.0) for the case where the winner confirmed between the loser's
 *   lookup and its NAT. The model does not separate those two sub-windows, so a 4.19 kernel
 *   behaves as `5.0` here;
 * - `5.6`: 6a757c07e51f ("conntrack: allow insertion of clashing entries", Florian Westphal,
 *   pulled into 5.6-rc3 on 2020-02-20): a UDP loser DNATed to a different endpoint is inserted
 *   anyway (IPS_NAT_CLASH, reply direction only, 1 s), so no UDP clash drops.
 * TCP clashes are never resolved.
 * Each packet is described by its window [createdNs, confirmedNs] on the core that ran it; a
 * packet is judged when its confirm time comes, in confirm order, against what was confirmed
 * before. Simplification: the table holds the winners' keys only, with their expiry.
 */

/** Kernels by the fixes they have, named by the first release with each, in order (5.9 adds the
 *  IPVS port-reuse fix of ipvs-conn-reuse.ts; its clash handling is 5.6's). */
export type ClashKernel = '4.x' | '5.0' | '5.6' | '5.9';
export const clashKernels: ClashKernel[] = ['4.x', '5.0', '5.6', '5.9'];

/** Whether kernel `k` has what `release` brought. */
export function atLeast(k: ClashKernel, release: ClashKernel): boolean {
  return clashKernels.indexOf(k) >= clashKernels.indexOf(release);
}

export type ConfirmVerdict = 'inserted' | 'merged' | 'insert_failed';

export interface Confirmed {
  confirmedNs: number;
  expiresNs: number;
  /** The NAT result (endpoint, or SNAT port) the entry recorded. */
  nat: number;
}

export class ConfirmTable {
  /** Packets dropped at confirm since the table was created. */
  insertFailed = 0;
  private readonly entries = new Map<string, Confirmed>();

  constructor(private readonly kernel: ClashKernel) {}

  /** Whether `key` was confirmed and alive at `atNs` (what a lookup or nf_nat_used_tuple saw). */
  visibleAt(key: string, atNs: number): boolean {
    const e = this.entries.get(key);
    return e !== undefined && e.confirmedNs <= atNs && atNs < e.expiresNs;
  }

  /** The entry for `key` alive at `atNs`, confirmed or not yet seen by that time: its NAT result
   *  and confirm time (a packet merged into it goes where it says). */
  entryAt(key: string, atNs: number): Readonly<Confirmed> | undefined {
    const e = this.entries.get(key);
    return e !== undefined && atNs < e.expiresNs ? e : undefined;
  }

  /** Confirms a packet's entry for `key` (NAT result `nat`) at `confirmedNs`, created at
   *  `createdNs`; the entry lives `lifetimeNs`. Calls must come in confirm order. */
  confirm(key: string, udp: boolean, nat: number, createdNs: number, confirmedNs: number, lifetimeNs: number): ConfirmVerdict {
    const e = this.entries.get(key);
    if (e !== undefined && confirmedNs < e.expiresNs) {
      // Confirmed after this packet's lookup missed: the race. Before it, the lookup would have hit.
      const raced = e.confirmedNs > createdNs;
      if (raced && udp && (atLeast(this.kernel, '5.6') || (this.kernel === '5.0' && e.nat === nat))) return 'merged';
      if (!raced) return 'merged';
      this.insertFailed++;
      return 'insert_failed';
    }
    this.entries.set(key, { confirmedNs, expiresNs: confirmedNs + lifetimeNs, nat });
    return 'inserted';
  }

  /** The confirmed entry for `key` now expires at `expiresNs` (a TCP connection closed into
   *  TIME_WAIT: its timeout class changed). */
  reschedule(key: string, expiresNs: number): void {
    const e = this.entries.get(key);
    if (e !== undefined) e.expiresNs = expiresNs;
  }
}
