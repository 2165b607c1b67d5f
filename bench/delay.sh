#!/usr/bin/env bash
# Throughput under a slow leader (issue 16): the same 3-member ensemble (ZooKeeper's default timings, tmpfs) with no
# link chaos and with everything its leader sends delayed 200 ms (`zkorch fault delay NAME leader --by 200ms`: the
# packet delayer in zkorch's helper, in the leader's network namespace), back to back in each round:
#   lock      `zkorch run lock`, 8 workers for 10 s: acquisitions per second and acquire p99
#   register  `zkorch run register`, 5 workers for 10 s (reads after sync): operations per second
# Medians of ROUNDS (default 3).
#   ROUNDS=3 bench/delay.sh
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-3}
jar=target/zkorch-all.jar
[[ -f $jar ]] || ./zkorch --version >/dev/null
zk() { java -jar "$jar" "$@"; }
tmp=$(mktemp -d)
trap 'zk down bench-delay --volumes >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
metric() { sed -E "s/.*$1 ([0-9.]+).*/\1/"; }
base=${ZKORCH_BASE_IMAGE:-zkorch/base:bookworm-jre17}
printf 'apiVersion: zkorch.io/v1alpha1\nkind: Cluster\nname: bench-delay\nzookeeper:\n  members: 3\n  storage: tmpfs\n  clientPort: {host: 0}\nimages:\n  base: %s\n' \
  "$base" > "$tmp/c.yaml"
zk image nemesis >/dev/null
zk up -f "$tmp/c.yaml" --wait 120s >/dev/null
for i in $(seq 1 "$rounds"); do
  for v in none delay; do
    if [[ $v == delay ]]; then zk fault delay bench-delay leader --by 200ms | grep Shaped; fi
    l=$(zk run lock -f "$tmp/c.yaml" --workers 8 --duration 10s 2>/dev/null | grep '^lock:')
    r=$(zk run register -f "$tmp/c.yaml" --duration 10s 2>/dev/null | grep '^register:')
    if [[ $v == delay ]]; then zk fault heal bench-delay >/dev/null; fi
    echo "$l" | metric acquisitions_per_s >> "$tmp/$v.lock"
    echo "$l" | metric acquire_p99_ms >> "$tmp/$v.lockp99"
    echo "$r" | metric operations_per_s >> "$tmp/$v.register"
    printf 'round %d %-5s %s\n      %s\n' "$i" "$v" "$l" "$r"
  done
done
row() { # LABEL FILE-SUFFIX FORMAT
  n=$(median < "$tmp/none.$2"); d=$(median < "$tmp/delay.$2")
  printf "%-24s none $3   leader +200ms $3   ratio %.3f\n" "$1" "$n" "$d" "$(echo "$d / $n" | bc -l)"
}
echo "medians of $rounds rounds:"
row "lock acquisitions/s" lock "%7.1f "
row "lock acquire p99" lockp99 "%7.1fms"
row "register operations/s" register "%7.1f "
