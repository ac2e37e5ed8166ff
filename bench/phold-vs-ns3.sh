#!/usr/bin/env bash
# PHOLD beside ns-3's PriorityQueueScheduler, interleaved (bench/PHOLD.md): in each round, podpath
# (default queue, then each of $QUEUES) and ns-3 at P = 1,000, then the same at P = 100,000.
# Prints every RESULT line, then per size the eps of every round, podpath / ns-3 per round, and
# the medians.   usage: bench/phold-vs-ns3.sh [ROUNDS=5] [E=2000000]   env: QUEUES="adaptive radix"
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}; E=${2:-2000000}; peers=${PEERS:-../shared/peers/run.sh}
[ -x "$peers" ] || peers=/work/shared/peers/run.sh
out=$(mktemp); trap 'rm -f "$out"' EXIT
echo "# $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cpus; node $(node --version)"
for r in $(seq 1 "$rounds"); do
  for P in 1000 100000; do
    npm run -s bench -- phold --pending "$P" --events "$E" --seed 1 | sed "s/^/round=$r /" | tee -a "$out"
    for q in ${QUEUES:-}; do
      npm run -s bench -- phold --pending "$P" --events "$E" --seed 1 --queue "$q" | sed "s/^/round=$r /" | tee -a "$out"
    done
    "$peers" "$P" "$E" 1 ns3-pq | sed "s/^/round=$r /" | tee -a "$out"
  done
done
echo "# $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg)"
awk '
  function median(list,   a, n, i, j, t) {
    n = split(list, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  {
    for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    key = f["engine"] " P=" f["P"]; eps[key] = eps[key] " " sprintf("%.2f", f["eps"] / 1e6)
    e[f["engine"], f["P"], f["round"]] = f["eps"]; engines[f["engine"]] = 1; sizes[f["P"]] = 1; R = f["round"]
  }
  END {
    for (k in eps) printf "%-40s M events/s: median %.2f (%s )\n", k, median(eps[k]), eps[k]
    for (P in sizes) for (g in engines) if (g != "ns3-PriorityQueueScheduler") {
      list = ""; low = 1e9
      for (r = 1; r <= R; r++) { x = e[g, P, r] / e["ns3-PriorityQueueScheduler", P, r]; list = list " " sprintf("%.2f", x); if (x < low) low = x }
      printf "%s / ns-3 PQ, P=%s, per round:%s  median %.2fx, lowest %.2fx\n", g, P, list, median(list), low
    }
  }' "$out" | sort
