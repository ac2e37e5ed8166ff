/**
 * The conntrack confirm race (issue 19): a new flow's entry is created when its first packet
 * passes PREROUTING/OUTPUT (the lookup missed) and is inserted into the hash table only when the
 * packet leaves POSTROUTING (__nf_conntrack_confirm). Until then no other core can see it, so two
 * packets handled at once on two cores can both miss, both create an entry and, for SNAT, both
 * be given the same source port by nf_nat (nf_nat_used_tuple looks at confirmed entries only).
 * The second to confirm finds its tuple taken: `insert_failed`, and the packet is dropped, unless
 * the kernel resolves the clash. Resolution by kernel, as the model has it:
 * - `4.x`: never (UDP and TCP dropped alike);
 * - `5.0`: "netfilter: nf_conntrack: resolve clash for matching conntracks" (nf_ct_resolve_clash):
 *   a UDP loser whose entry matches the winner's (same NAT result) takes the winner's entry;
 * - `5.x-clash-insert`: Florian Westphal's "netfilter: conntrack: allow insertion of clashing
 *   entries" (IPS_NAT_CLASH; in 5.6 as I recall it, not checked against the tree here): a UDP
 *   loser DNATed to a different endpoint is inserted anyway. TCP clashes are never resolved.
 * Each packet is described by its window [createdNs, confirmedNs] on the core that ran it; a
 * packet is judged when its confirm time comes, in confirm order, against what was confirmed
 * before. Simplification: the table holds the winners' keys only, with their expiry.
 */

export type ClashKernel = '4.x' | '5.0' | '5.x-clash-insert';

export type ConfirmVerdict = 'inserted' | 'merged' | 'insert_failed';

interface Confirmed {
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

  /** Confirms a packet's entry for `key` (NAT result `nat`) at `confirmedNs`, created at
   *  `createdNs`; the entry lives `lifetimeNs`. Calls must come in confirm order. */
  confirm(key: string, udp: boolean, nat: number, createdNs: number, confirmedNs: number, lifetimeNs: number): ConfirmVerdict {
    const e = this.entries.get(key);
    if (e !== undefined && confirmedNs < e.expiresNs) {
      // Confirmed after this packet's lookup missed: the race. Before it, the lookup would have hit.
      const raced = e.confirmedNs > createdNs;
      if (raced && udp && (this.kernel === '5.x-clash-insert' || (this.kernel === '5.0' && e.nat === nat))) return 'merged';
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
