#!/usr/bin/env bash
# Starting a 3-member ensemble through the Testcontainers API (ZooKeeperEnsemble.start(), from a fresh JVM) against
# `zkorch up --wait` of the same ensemble — both whole processes from a cold JVM to a proven quorum, images built,
# alternating back to back. The API's JVM runs twice per round: with the JVM's default flags, and with the flags
# the zkorch launcher gives the CLI (C1 only, serial GC; a test suite can set them in surefire's argLine). Also
# start() alone, and a second start() in the same JVM. Medians over ROUNDS.
#   ROUNDS=7 bench/api-boot.sh
#   DOCKER_HOST=tcp://HOST:2375 bench/api-boot.sh     the same on another engine (bench/api-boot-dind.sh makes one)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-7}
zk=./zkorch
$zk --version >/dev/null # builds the CLI jar if stale, untimed
out=target/bench
mkdir -p "$out"
if [[ ! -f $out/cp.txt || pom.xml -nt $out/cp.txt ]]; then
  # the tests module's test classpath: zkorch-core, zkorch-testcontainers and zkorch-cli as installed (mvn install)
  mvn -q -f orchestrator/tests/pom.xml dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$out/cp.txt" >/dev/null
fi
cp="$out:$(cat "$out/cp.txt")"
javac -d "$out" -cp "$cp" bench/EnsembleBoot.java
export TESTCONTAINERS_RYUK_DISABLED=${TESTCONTAINERS_RYUK_DISABLED:-true}
# the local engine from inside this container: Testcontainers would otherwise pull an image to find the host
if [[ -z ${DOCKER_HOST:-} && -f /.dockerenv ]]; then
  export TESTCONTAINERS_HOST_OVERRIDE=${TESTCONTAINERS_HOST_OVERRIDE:-localhost}
fi
cleanup() { $zk down bench-api bench-api-1 bench-api-2 --volumes --runtime docker >/dev/null 2>&1 || true; }
trap cleanup EXIT
cleanup
$zk build -f bench/api-cluster.yaml >/dev/null 2>&1 # images built once, untimed (both sides then find them)

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
: > "$out/api-cli"; : > "$out/api-launch"; : > "$out/api-first"; : > "$out/api-second"; : > "$out/api-c1"
for i in $(seq 1 "$rounds"); do
  t0=$(now)
  $zk up -f bench/api-cluster.yaml --runtime docker --wait 60s >/dev/null 2>"$out/up.err" || { cat "$out/up.err"; exit 1; }
  t1=$(now)
  echo "($t1 - $t0) * 1000" | bc >> "$out/api-cli"
  $zk down bench-api --volumes --runtime docker >/dev/null
  line=$(java -cp "$cp" EnsembleBoot 2>/dev/null | grep '^launch-to-ready')
  read -r _ launch _ first _ second <<< "$line"
  echo "$launch" >> "$out/api-launch"; echo "$first" >> "$out/api-first"; echo "$second" >> "$out/api-second"
  line=$(java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$cp" EnsembleBoot 2>/dev/null | grep '^launch-to-ready')
  read -r _ c1 _ _ _ _ <<< "$line"
  echo "$c1" >> "$out/api-c1"
  printf 'round %d: zkorch up --wait %.0f ms   API launch-to-ready %d ms (start() %d ms, second start() %d ms;' \
    "$i" "$(tail -1 "$out/api-cli")" "$launch" "$first" "$second"
  printf ' with the CLI'"'"'s JVM flags %d ms)\n' "$c1"
done
mc=$(median < "$out/api-cli"); ml=$(median < "$out/api-launch")
mf=$(median < "$out/api-first"); ms=$(median < "$out/api-second"); m1=$(median < "$out/api-c1")
printf 'median over %d rounds: zkorch up --wait %.0f ms; API from JVM launch %.0f ms (ratio %.2f, target <= 1.20);' \
  "$rounds" "$mc" "$ml" "$(echo "$ml / $mc" | bc -l)"
printf ' with the CLI'"'"'s JVM flags %.0f ms (%.2f); start() %.0f ms (%.2f); a second start() in the same JVM %.0f ms' \
  "$m1" "$(echo "$m1 / $mc" | bc -l)" "$mf" "$(echo "$mf / $mc" | bc -l)" "$ms"
printf ' (%.2f)\n' "$(echo "$ms / $mc" | bc -l)"
