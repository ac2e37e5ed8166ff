/**
 * What writing iptables rules costs the node, by the tool used. Every write ends in one
 * read-modify-replace of the whole netfilter table (the kernel API swaps tables, it cannot patch
 * one rule), so each write pays for the table's size; they differ in how many writes there are and
 * how much text is parsed:
 * - `iptables-restore` of a whole ruleset: one process, every line parsed, one table commit;
 * - `iptables-restore --noflush` of part of it (kube-proxy ≥ 1.26 partial sync): only the lines
 *   written are parsed, but the commit still rewrites the whole table;
 * - one `iptables -A` per rule (the pre-restore era): one process and one whole-table rewrite per
 *   rule, so adding R rules to a table of B costs R·exec + a·(R·B + R(R+1)/2): O(R²).
 * Known simplifications: the filter and nat tables are costed as one table; `iptables-save`
 * (which older kube-proxy ran before each restore) and iptables' lock waits are not modelled.
 */
import type { CostProfile } from '../profiles/cost-profile.ts';

/** One iptables-restore run: parse `lines`, then commit a table of `tableRules` rules, CPU ns. */
export function restoreNs(p: CostProfile, lines: number, tableRules: number): number {
  return Math.round(p.iptablesExecNs + lines * p.iptablesRestoreNsPerLine + tableRules * p.iptablesTableNsPerRule);
}

/**
 * Appending `addedRules` rules, one iptables command each, to a table already holding
 * `baseRules`: command k rereads and rewrites a table of baseRules + k rules. CPU ns.
 */
export function perRuleCommandsNs(p: CostProfile, baseRules: number, addedRules: number): number {
  const r = addedRules;
  const tableRulesTouched = r * baseRules + (r * (r + 1)) / 2;
  return Math.round(r * p.iptablesExecNs + tableRulesTouched * p.iptablesTableNsPerRule);
}
