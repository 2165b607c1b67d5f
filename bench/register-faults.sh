#!/usr/bin/env bash
# What the register finds under network faults (issue 16): `zkorch run register` with reads after sync and with plain
# reads, under isolate-follower, isolate-leader and partition-halves (a fault every 4 s, each held 2 s, 20 s runs;
# 3 members, fast-failover, tmpfs), RUNS times each (default 3). Prints each run's linearizability line and a tally:
# ✓ linearizable, ! a stale read (plain reads: ZooKeeper's documented behaviour, the run passes), ✗ not linearizable
# (the run fails).
#   RUNS=3 bench/register-faults.sh
#   RUNS=8 FAULTS="partition-halves isolate-leader" READS=sync bench/register-faults.sh   (a narrower look)
# A run that is not linearizable keeps its history in bench/out/ and prints its verdict line whole: each operation
# in the stretch names the member that answered it (@zk3).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
jar=target/zkorch-all.jar
[[ -f $jar ]] || ./zkorch --version >/dev/null
zk() { java -jar "$jar" "$@"; }
tmp=$(mktemp -d)
trap 'zk down bench-reg --volumes >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
base=${ZKORCH_BASE_IMAGE:-zkorch/base:bookworm-jre17}
printf 'apiVersion: zkorch.io/v1alpha1\nkind: Cluster\nname: bench-reg\nzookeeper:\n  members: 3\n  storage: tmpfs\n  profile: fast-failover\n  clientPort: {host: 0}\nimages:\n  base: %s\n' \
  "$base" > "$tmp/c.yaml"
zk image nemesis >/dev/null
zk up -f "$tmp/c.yaml" --wait 120s >/dev/null
for fault in ${FAULTS:-isolate-follower isolate-leader partition-halves}; do
  for reads in ${READS:-sync plain}; do
    for i in $(seq 1 "$runs"); do
      out=$(zk run register -f "$tmp/c.yaml" --reads "$reads" --faults "$fault" --interval 4s --fault-for 2s \
        --duration 20s --report "$tmp/r-$fault-$reads-$i" 2>/dev/null || true)
      line=$(grep -E '^register +linearizable' <<<"$out" | head -1)
      mark=$(awk '{print $NF}' <<<"$(grep -oE '  (✓|✗|!)  ' <<<"$line" | head -1)")
      echo "$fault $reads run $i: $(sed -E 's/ +/ /g' <<<"$line" | cut -c1-220)"
      echo "$fault $reads ${mark:-?}" >> "$tmp/tally"
      if [[ $mark == "✗" ]]; then
        mkdir -p bench/out
        cp "$tmp/r-$fault-$reads-$i/register-history.jsonl" "bench/out/register-$fault-$reads-$i.jsonl" 2>/dev/null || true
        cp "$tmp/r-$fault-$reads-$i/report.json" "bench/out/register-$fault-$reads-$i.json" 2>/dev/null || true
        echo "  $line"
      fi
    done
  done
done
echo "tally (fault, reads, verdict, runs):"
sort "$tmp/tally" | uniq -c | awk '{printf "  %-18s %-6s %s  %d\n", $2, $3, $4, $1}'
