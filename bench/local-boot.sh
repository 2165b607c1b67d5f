#!/usr/bin/env bash
# `zkorch up --runtime local` of 3 members to a proven healthy quorum, against Curator's in-process
# TestingCluster(3) started until a client's first write — each timed as a whole process from a cold JVM, back to
# back, alternating; then `zkorch demo` from a cold JVM to the printed report, local (and on Docker when an engine
# answers). Medians over ROUNDS.
#   ROUNDS=7 bench/local-boot.sh
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-7}
zk=./zkorch
$zk --version >/dev/null # builds the jar (and the launcher's class-data archive) if stale, untimed
out=target/bench
mkdir -p "$out"
if [[ ! -f $out/cp.txt || pom.xml -nt $out/cp.txt ]]; then
  # the tests module's test classpath: zkorch-core, zkorch-testcontainers and zkorch-cli as installed (mvn install)
  mvn -q -f orchestrator/tests/pom.xml dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$out/cp.txt" >/dev/null
fi
cp="$out:$(cat "$out/cp.txt")"
javac -d "$out" -cp "$cp" bench/TestingClusterBoot.java
export ZKORCH_HOME=$(mktemp -d)
trap '$zk down bench-local --runtime local >/dev/null 2>&1 || true; rm -rf "$ZKORCH_HOME"' EXIT
cat > "$ZKORCH_HOME/cluster.yaml" <<YAML
apiVersion: zkorch.io/v1alpha1
kind: Cluster
name: bench-local
zookeeper:
  members: 3
YAML
# the one-time preparation (ZooKeeper's jars copied out, the members' class-data archive trained) is untimed
$zk up -f "$ZKORCH_HOME/cluster.yaml" --runtime local --wait 60s >/dev/null 2>&1
$zk down bench-local --runtime local >/dev/null 2>&1
# ms from a cold JVM until the demo has printed its verdict (the removal that follows is not counted)
demo() {
  local t; t=$(date +%s%N)
  $zk demo --runtime "$1" 2>/dev/null | while IFS= read -r l; do
    [[ $l == Verdict* ]] && echo $(( ($(date +%s%N) - t) / 1000000 ))
  done
}
rm -f "$out/tc" "$out/tc25" "$out/z" "$out/d" "$out/dd"
# TestingCluster on JDK 25 too, when there is one (members of the local runtime run on it)
java25=$(for h in /usr/lib/jvm/*; do [[ -x $h/bin/java ]] && grep -q '^JAVA_VERSION="2[5-9]' "$h/release" 2>/dev/null && echo "$h/bin/java"; done | tail -1)
docker=no
if docker info >/dev/null 2>&1; then docker=yes; fi
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
for i in $(seq 1 "$rounds"); do
  t=$(date +%s%N)
  java -cp "$cp" TestingClusterBoot 2>/dev/null | grep -q 'first write'
  tc=$(ms "$t")
  tc25=-
  if [[ -n $java25 ]]; then
    t=$(date +%s%N)
    "$java25" -cp "$cp" TestingClusterBoot 2>/dev/null | grep -q 'first write'
    tc25=$(ms "$t"); echo "$tc25" >> "$out/tc25"
  fi
  t=$(date +%s%N)
  $zk up -f "$ZKORCH_HOME/cluster.yaml" --runtime local --wait 60s >/dev/null 2>&1
  z=$(ms "$t")
  $zk down bench-local --runtime local >/dev/null 2>&1
  d=$(demo local)
  line="round $i: TestingCluster(3) to a first write ${tc} ms (JDK 25: ${tc25} ms); zkorch up --runtime local ${z} ms;"
  line+=" zkorch demo --runtime local: report after ${d} ms"
  echo "$tc" >> "$out/tc"; echo "$z" >> "$out/z"; echo "$d" >> "$out/d"
  if [[ $docker == yes ]]; then
    dd=$(demo docker); echo "$dd" >> "$out/dd"; line+=", --runtime docker: ${dd} ms"
  fi
  echo "$line"
done
mtc=$(median < "$out/tc"); mz=$(median < "$out/z"); md=$(median < "$out/d")
mdd=$( [[ -f $out/dd ]] && median < "$out/dd" || echo "-")
mtc25=$( [[ -f $out/tc25 ]] && median < "$out/tc25" || echo "")
rm -f "$out/tc" "$out/tc25" "$out/z" "$out/d" "$out/dd"
printf 'TestingCluster(3) to a first write: %s ms; zkorch up --runtime local to a healthy quorum: %s ms; ratio %.2f\n' \
  "$mtc" "$mz" "$(echo "$mz / $mtc" | bc -l)"
if [[ -n $mtc25 ]]; then
  printf 'TestingCluster(3) on JDK 25 (%s): %s ms; ratio of zkorch up --runtime local to it %.2f\n' "$java25" "$mtc25" \
    "$(echo "$mz / $mtc25" | bc -l)"
fi
printf 'zkorch demo, cold JVM to the printed report: --runtime local %s ms, --runtime docker %s ms\n' "$md" "$mdd"
