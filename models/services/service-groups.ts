/**
 * The cluster's Services as groups of equal size: group g holds `count` Services of
 * `endpointsPerService` endpoints each, and Services are numbered group after group (the first
 * group's are 0 … count₀ − 1, and so on). Two prefix sums over the groups, of Services and of
 * endpoints, map a Service index to its group, its endpoint count and the global index of its first
 * endpoint by a binary search: memory is O(groups), never O(Services), so 50,000 Services in two
 * groups cost two entries. Every total a ruleset needs (Services, endpoints, the endpoints of the
 * first k Services) is a sum of per-group terms in closed form.
 *
 * A catalogue of no Service (proxy.mode none) is one group of count 0: an index past the last
 * Service belongs to the last group, which is how the pod-IP baseline's one virtual Service gets
 * its endpoint count.
 */

/** Services of one size. */
export interface ServiceGroup {
  count: number;
  endpointsPerService: number;
}

export class ServiceGroups {
  /** Services before group g (g = 0 … groups), and endpoints before it. */
  private readonly serviceStart: Float64Array;
  private readonly endpointStart: Float64Array;

  constructor(readonly groups: readonly ServiceGroup[]) {
    if (groups.length === 0) throw new Error('ServiceGroups: at least one group is needed, got none');
    this.serviceStart = new Float64Array(groups.length + 1);
    this.endpointStart = new Float64Array(groups.length + 1);
    groups.forEach((g, i) => {
      if (!Number.isInteger(g.count) || g.count < 0) throw new Error(`ServiceGroups: group ${i} count must be an integer >= 0, got ${g.count}`);
      if (!Number.isInteger(g.endpointsPerService) || g.endpointsPerService < 1) {
        throw new Error(`ServiceGroups: group ${i} endpointsPerService must be an integer >= 1, got ${g.endpointsPerService}`);
      }
      this.serviceStart[i + 1] = this.serviceStart[i] + g.count;
      this.endpointStart[i + 1] = this.endpointStart[i] + g.count * g.endpointsPerService;
    });
  }

  /** Services in all groups. */
  get services(): number {
    return this.serviceStart[this.groups.length];
  }

  /** Endpoints of all Services. */
  get endpoints(): number {
    return this.endpointStart[this.groups.length];
  }

  /** The group of Service `s`: the last group starting at or before it. */
  groupOf(s: number): number {
    let lo = 0;
    let hi = this.groups.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.serviceStart[mid] <= s) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The first Service of group `g`. */
  firstService(g: number): number {
    return this.serviceStart[g];
  }

  /** Endpoints of Service `s`. */
  endpointsOf(s: number): number {
    return this.groups[this.groupOf(s)].endpointsPerService;
  }

  /** The catalogue-wide index of endpoint `j` of Service `s` (endpoints numbered Service after
   *  Service). */
  endpointIndex(s: number, j: number): number {
    const g = this.groupOf(s);
    return this.endpointStart[g] + (s - this.serviceStart[g]) * this.groups[g].endpointsPerService + j;
  }

  /** Endpoints of the first `k` Services (k <= services). */
  endpointsBefore(k: number): number {
    if (k <= 0) return 0;
    return this.endpointIndex(k - 1, 0) + this.endpointsOf(k - 1);
  }
}
