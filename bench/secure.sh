#!/usr/bin/env bash
# Secure ensembles (issue 15, first part): boot to a proven quorum with TLS between members against the same
# ensemble in plaintext, back to back in one run, 3 members on tmpfs; medians of ROUNDS (default 5). The TLS runs
# include making the cluster's material (a CA, three member keys, a client key) and copying it into the members.
#   ROUNDS=5 bench/secure.sh
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-5}
zk=./zkorch
tmp=$(mktemp -d)
cleanup() {
  $zk down bench-plain bench-tls >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
base=${ZKORCH_BASE_IMAGE:-zkorch/base:bookworm-jre17}
file() { # NAME SECURITY-YAML
  printf 'apiVersion: zkorch.io/v1alpha1\nkind: Cluster\nname: %s\nzookeeper:\n  members: 3\n  storage: tmpfs\n  clientPort: {host: 0}\n%s\nimages:\n  base: %s\n' \
    "$1" "$2" "$base" > "$tmp/$1.yaml"
}
file bench-plain ""
file bench-tls "  security:
    tls: {quorum: true}"
$zk build -f "$tmp/bench-plain.yaml" >/dev/null 2>&1 # images once, outside the timings
for i in $(seq 1 "$rounds"); do
  for v in plain tls; do
    t0=$(now); $zk up -f "$tmp/bench-$v.yaml" --runtime docker >/dev/null 2>&1; t1=$(now)
    echo "$t1 - $t0" | bc >> "$tmp/$v"
    $zk down "bench-$v" >/dev/null 2>&1
  done
  printf 'round %d: plaintext %.2fs, TLS between members %.2fs\n' "$i" "$(tail -1 "$tmp/plain")" "$(tail -1 "$tmp/tls")"
done
p=$(median < "$tmp/plain"); t=$(median < "$tmp/tls")
printf 'median of %d: plaintext %.2fs, TLS between members %.2fs (%.2fx)\n' "$rounds" "$p" "$t" "$(echo "$t / $p" | bc -l)"
