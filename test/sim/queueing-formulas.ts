/**
 * Closed forms of classic queues, for checking `Station` against: M/M/1 mean time in system and
 * the M/M/c (Erlang C) mean wait. Rates are per ns, times in ns.
 */

/** M/M/1 mean time in system, 1 / (μ − λ). */
export function mm1MeanSojournNs(lambda: number, mu: number): number {
  return 1 / (mu - lambda);
}

/** Erlang C: the probability that an arrival waits at an M/M/c queue with offered load a = λ/μ. */
export function erlangC(c: number, a: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k < c; k++) {
    term *= a / k;
    sum += term;
  }
  const last = ((term * a) / c) * (c / (c - a));
  return last / (sum + last);
}

/** M/M/c mean wait in queue, C(c, a) / (cμ − λ). */
export function mmcMeanWaitNs(c: number, lambda: number, mu: number): number {
  return erlangC(c, lambda / mu) / (c * mu - lambda);
}

/**
 * M/M/1/K (K in the system: one in service, K − 1 waiting), ρ = λ/μ ≠ 1: the blocking probability
 * P_K = (1 − ρ) ρ^K / (1 − ρ^(K+1)), the mean number in system
 * L = ρ/(1 − ρ) − (K + 1) ρ^(K+1) / (1 − ρ^(K+1)), and by Little's law on the admitted arrivals
 * the mean time in system W = L / (λ (1 − P_K)).
 */
export function mm1k(lambda: number, mu: number, k: number): { blocking: number; meanSojournNs: number } {
  const rho = lambda / mu;
  const blocking = ((1 - rho) * rho ** k) / (1 - rho ** (k + 1));
  const l = rho / (1 - rho) - ((k + 1) * rho ** (k + 1)) / (1 - rho ** (k + 1));
  return { blocking, meanSojournNs: l / (lambda * (1 - blocking)) };
}

/**
 * The machine-repairman (finite-source) model: N customers alternate between a delay of mean Z
 * (any distribution: an infinite-server station) and one exponential server of mean S. Returns
 * the throughput X = (1 − p0) / S, with p0 = 1 / Σₖ N!/(N−k)! (S/Z)^k, and the mean time at the
 * server, queueing included, R = N / X − Z.
 */
export function machineRepairman(n: number, sNs: number, zNs: number): { throughputPerNs: number; responseNs: number } {
  let term = 1;
  let sum = 1;
  for (let k = 1; k <= n; k++) {
    term *= ((n - k + 1) * sNs) / zNs;
    sum += term;
  }
  const x = (1 - 1 / sum) / sNs;
  return { throughputPerNs: x, responseNs: n / x - zNs };
}
