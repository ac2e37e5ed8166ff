/**
 * The conntrack confirm of every node, as a stage a workload calls when a new flow's first packet
 * has passed its node's netfilter hooks (conntrack-confirm.ts holds one node's table and the
 * kernel's clash rules). What makes it a race is timing, and the timing comes from the modelled
 * path: the packet's hop through the sender's netfilter stages ran on one core, and the carrier
 * says when those stages ended (`hookEndNs`, the confirm); the entry's window opened `windowNs`
 * earlier, the cost of the steps between the point where the flow's tuple was fixed and the
 * confirm. On one core two windows cannot overlap (a hop is not preempted), so no insert fails;
 * on c cores they overlap as the packets' hops do. Both the SNAT race of egress traffic
 * (egress-traffic.ts: the tuple is fixed when MASQUERADE picks the port) and the DNS A/AAAA race
 * (the tuple is fixed when the entry is created) use it. Simplification: a key is one direction's
 * tuple as a string, and each node's table keeps the winners only (conntrack-confirm.ts).
 */
import { ConfirmTable, type ClashKernel, type ConfirmVerdict } from './conntrack-confirm.ts';

/** When a packet's entry was created (its tuple fixed) and when it was confirmed, ns. */
export interface ConfirmWindow {
  createdNs: number;
  confirmedNs: number;
}

/** The window of a packet whose netfilter stages ended at `hookEndNs` (the confirm), the tuple
 *  having been fixed by steps costing `windowNs` before it. */
export function confirmWindow(hookEndNs: number, windowNs: number): ConfirmWindow {
  return { createdNs: hookEndNs - windowNs, confirmedNs: hookEndNs };
}

export class ConfirmStage {
  /** Packets dropped at confirm (insert_failed) on all nodes since the stage was created. */
  insertFailed = 0;
  private readonly tables = new Map<number, ConfirmTable>();

  constructor(readonly kernel: ClashKernel) {}

  /** Node `node`'s table. */
  table(node: number): ConfirmTable {
    let t = this.tables.get(node);
    if (!t) {
      t = new ConfirmTable(this.kernel);
      this.tables.set(node, t);
    }
    return t;
  }

  /** Whether `key` was confirmed and alive on `node` at `atNs`: what nf_nat_used_tuple or a
   *  conntrack lookup saw then. */
  visible(node: number, key: string, atNs: number): boolean {
    return this.table(node).visibleAt(key, atNs);
  }

  /** Confirms a packet's entry for `key` (NAT result `nat`) on `node` over window `w`; the entry
   *  lives `lifetimeNs` unless rescheduled. Calls must come in confirm order (the carrier's hook
   *  callbacks do: they run at the hop's end, a fixed tail after the confirm). */
  confirm(node: number, key: string, udp: boolean, nat: number, w: ConfirmWindow, lifetimeNs: number): ConfirmVerdict {
    const v = this.table(node).confirm(key, udp, nat, w.createdNs, w.confirmedNs, lifetimeNs);
    if (v === 'insert_failed') this.insertFailed++;
    return v;
  }

  /** The entry for `key` on `node` now expires at `expiresNs` (a connection closed). */
  reschedule(node: number, key: string, expiresNs: number): void {
    this.table(node).reschedule(key, expiresNs);
  }
}
