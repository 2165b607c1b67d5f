#!/usr/bin/env bash
# CLI start-up, this build against another zkorch-all.jar (the one before a change), back to back: `zkorch --version`
# and `zkorch status NAME` of a running 3-member cluster, each jar with the launcher's JVM flags and a class-data
# archive trained the same way. Medians over ROUNDS (default 7).
#   bench/cli-start.sh /path/to/previous/zkorch-all.jar
set -euo pipefail
cd "$(dirname "$0")/.."
old=${1:?usage: bench/cli-start.sh PREVIOUS_JAR}
rounds=${ROUNDS:-7}
./zkorch --version >/dev/null # builds this jar when stale
new=target/zkorch-all.jar
work=$(mktemp -d)
trap './zkorch down bench-cli --volumes >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
cp "$old" "$work/old.jar"
cp "$new" "$work/new.jar"
flags=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData)
./zkorch down bench-cli --volumes >/dev/null 2>&1 || true
sed 's/^name: bench-api/name: bench-cli/' bench/api-cluster.yaml > "$work/cluster.yaml"
./zkorch up -f "$work/cluster.yaml" --runtime docker --wait 60s >/dev/null 2>&1
for v in old new; do # a class-data archive per jar, from the same two commands
  java "${flags[@]}" -XX:ArchiveClassesAtExit="$work/$v.jsa" -jar "$work/$v.jar" status bench-cli >/dev/null 2>&1 || true
done
now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
for cmd in "--version" "status bench-cli"; do
  : > "$work/old.t"; : > "$work/new.t"
  for _ in $(seq 1 "$rounds"); do
    for v in old new; do
      t0=$(now)
      # shellcheck disable=SC2086 # the command is split on purpose
      java "${flags[@]}" -XX:SharedArchiveFile="$work/$v.jsa" -Xshare:auto -jar "$work/$v.jar" $cmd >/dev/null 2>&1 || true
      echo $(( ($(now) - t0) / 1000000 )) >> "$work/$v.t"
    done
  done
  mo=$(median < "$work/old.t"); mn=$(median < "$work/new.t")
  printf 'zkorch %-16s previous jar %4d ms, this build %4d ms (ratio %.2f, median of %d)\n' "$cmd" "$mo" "$mn" \
    "$(echo "$mn / $mo" | bc -l)" "$rounds"
done
