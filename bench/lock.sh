#!/usr/bin/env bash
# Lock throughput through `zkorch run lock` (workers in app containers) against a bare Curator InterProcessMutex
# loop with the same number of clients (one JVM on this host), back to back against the same 3-member ensemble;
# then config propagation to 10 watchers. Medians over ROUNDS.
#   ROUNDS=3 CLIENTS=8 SECONDS_PER_RUN=10 bench/lock.sh
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-3}; clients=${CLIENTS:-8}; secs=${SECONDS_PER_RUN:-10}
zk=./zkorch
trap '$zk down bench --volumes >/dev/null 2>&1 || true' EXIT
$zk down bench --volumes >/dev/null 2>&1 || true
$zk up -f bench/cluster.yaml --wait 120s >/dev/null 2>&1
connect=127.0.0.1:22181,127.0.0.1:22182,127.0.0.1:22183
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
tmp=$(mktemp -d)
for i in $(seq 1 "$rounds"); do
  # the default: up to 8 workers (threads, a client and session each) per app container
  z=$($zk run lock -f bench/cluster.yaml --workers "$clients" --duration "${secs}s" 2>/dev/null | grep '^lock:')
  b=$(java -cp target/zkorch-all.jar bench/BareLockLoop.java "$connect" "$clients" "$secs" 2>/dev/null | grep '^bare:')
  # every worker in its own container (its own JVM)
  z1=$($zk run lock -f bench/cluster.yaml --workers "$clients" --per-container 1 --duration "${secs}s" 2>/dev/null \
    | grep '^lock:')
  echo "round $i: zkorch (default) $z"; echo "round $i: $b"; echo "round $i: zkorch (--per-container 1) $z1"
  echo "$z" | sed -E 's/.*acquisitions_per_s ([0-9.]+).*/\1/' >> "$tmp/z"
  echo "$z" | sed -E 's/.*acquire_p99_ms ([0-9.]+).*/\1/' >> "$tmp/zp"
  echo "$z1" | sed -E 's/.*acquisitions_per_s ([0-9.]+).*/\1/' >> "$tmp/z1"
  echo "$b" | sed -E 's/.*acquisitions_per_s ([0-9.]+).*/\1/' >> "$tmp/b"
  c=$($zk run config -f bench/cluster.yaml --watchers 10 --updates 200 2>/dev/null | grep '^config:')
  echo "round $i: $c"
  echo "$c" | sed -E 's/.*propagation_p99_ms ([0-9.]+).*/\1/' >> "$tmp/c"
done
mz=$(median < "$tmp/z"); mb=$(median < "$tmp/b")
printf 'lock, %d clients, %ss: zkorch run lock %.1f acq/s (p99 %.1f ms), bare Curator loop %.1f acq/s, ratio %.2f\n' \
  "$clients" "$secs" "$mz" "$(median < "$tmp/zp")" "$mb" "$(echo "$mz / $mb" | bc -l)"
printf 'lock, %d clients in %d containers (--per-container 1): %.1f acq/s, ratio to bare %.2f\n' "$clients" "$clients" \
  "$(median < "$tmp/z1")" "$(echo "$(median < "$tmp/z1") / $mb" | bc -l)"
printf 'config, 10 watchers, 200 versions: propagation p99 median %.1f ms\n' "$(median < "$tmp/c")"
rm -rf "$tmp"
