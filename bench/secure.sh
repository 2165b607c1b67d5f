#!/usr/bin/env bash
# Secure ensembles (issue 15): the same 3-member ensemble (tmpfs, Docker) in plaintext and with everything on —
# TLS for clients (clientAuth need) and between members, SASL DIGEST-MD5 for clients and between members, an ACL —
# back to back in each round; medians of ROUNDS (default 3):
#   boot  `zkorch up` to a proven quorum (the secure one includes making its CA and keys, copying them in, applying
#         the ACL and its four security checks)
#   lock  `zkorch run lock`, 8 workers for 10 s: acquisitions per second and acquire p99
#   config `zkorch run config`, 10 watchers, 200 versions: propagation p99
#   ROUNDS=3 bench/secure.sh
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-3}
zk=./zkorch
tmp=$(mktemp -d)
cleanup() {
  $zk down bench-plain >/dev/null 2>&1 || true
  $zk down bench-secure >/dev/null 2>&1 || true
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
file bench-secure "  security:
    tls: {client: true, quorum: true, clientAuth: need}
    sasl: {client: digest, quorum: true, users: {app: generated}}
    acl:
      - path: /app
        grants: [\"sasl:app:cdrwa\"]"
$zk build -f "$tmp/bench-plain.yaml" >/dev/null 2>&1 # images once, outside the timings
metric() { sed -E "s/.*$1 ([0-9.]+).*/\1/"; }
for i in $(seq 1 "$rounds"); do
  for v in plain secure; do
    f="$tmp/bench-$v.yaml"
    t0=$(now); $zk up -f "$f" --runtime docker >/dev/null 2>&1; t1=$(now)
    echo "$t1 - $t0" | bc >> "$tmp/$v.boot"
    l=$($zk run lock -f "$f" --runtime docker --workers 8 --duration 10s 2>/dev/null | grep '^lock:')
    c=$($zk run config -f "$f" --runtime docker --watchers 10 --updates 200 2>/dev/null | grep '^config:')
    echo "$l" | metric acquisitions_per_s >> "$tmp/$v.lock"
    echo "$l" | metric acquire_p99_ms >> "$tmp/$v.lockp99"
    echo "$c" | metric propagation_p99_ms >> "$tmp/$v.config"
    $zk down "bench-$v" >/dev/null 2>&1
    printf 'round %d %-7s boot %.2fs; %s; %s\n' "$i" "$v" "$(tail -1 "$tmp/$v.boot")" "$l" "$c"
  done
done
row() { # LABEL FILE-SUFFIX FORMAT
  p=$(median < "$tmp/plain.$2"); s=$(median < "$tmp/secure.$2")
  printf "%-28s plaintext $3   TLS+SASL $3   ratio %.2f\n" "$1" "$p" "$s" "$(echo "$s / $p" | bc -l)"
}
echo "medians of $rounds rounds:"
row "boot to a proven quorum" boot "%7.2fs"
row "lock acquisitions/s" lock "%7.1f "
row "lock acquire p99" lockp99 "%6.1fms"
row "config propagation p99" config "%6.1fms"
