#!/usr/bin/env bash
# What a test scope gains by adding a zkorch artifact: artifacts and MB on the resolved test classpath beyond what
# testcontainers, curator-recipes (with its ZooKeeper client) and junit-jupiter-api already bring.
#   bench/classpath.sh [GROUP:ARTIFACT:VERSION]     default io.zkorch:zkorch-testcontainers:0.1.0-SNAPSHOT
# (the artifact must be in the local Maven repository: `mvn install` first)
set -euo pipefail
gav=${1:-io.zkorch:zkorch-testcontainers:0.1.0-SNAPSHOT}
IFS=: read -r g a v <<<"$gav"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pom() { # $1: extra dependency xml
  cat <<XML
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>bench</groupId><artifactId>cp</artifactId><version>1</version>
<dependencies>
<dependency><groupId>org.testcontainers</groupId><artifactId>testcontainers</artifactId><version>2.0.5</version><scope>test</scope></dependency>
<dependency><groupId>org.apache.curator</groupId><artifactId>curator-recipes</artifactId><version>5.9.0</version><scope>test</scope></dependency>
<dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter-api</artifactId><version>5.11.4</version><scope>test</scope></dependency>
$1
</dependencies></project>
XML
}
classpath() { # $1: dir
  mvn -q -B -ntp -f "$1/pom.xml" dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$1/cp.txt" >/dev/null
  tr ':' '\n' <"$1/cp.txt" | sort
}
mkdir -p "$work/base" "$work/with"
pom "" >"$work/base/pom.xml"
pom "<dependency><groupId>$g</groupId><artifactId>$a</artifactId><version>$v</version><scope>test</scope></dependency>" >"$work/with/pom.xml"
classpath "$work/base" >"$work/base.lst"
classpath "$work/with" >"$work/with.lst"
# an artifact is its repository folder without the version: .../group/artifact/VERSION/file.jar
name() { sed -E 's|^.*/repository/||; s|/[^/]+/[^/]+$||' ; }
name <"$work/base.lst" | sort -u >"$work/base.names"
extra=$(while read -r jar; do
  n=$(name <<<"$jar"); grep -qxF "$n" "$work/base.names" || echo "$jar"; done <"$work/with.lst")
changed=$(comm -13 "$work/base.lst" "$work/with.lst" | while read -r jar; do
  n=$(name <<<"$jar"); grep -qxF "$n" "$work/base.names" && echo "$jar"; done || true)
n=$(grep -c . <<<"$extra" || true)
bytes=$(xargs -r stat -c %s <<<"$extra" | awk '{s+=$1} END {print s+0}')
echo "$gav adds $n artifacts, $(awk -v b="$bytes" 'BEGIN {printf "%.1f", b/1048576}') MB to a test classpath that has testcontainers, curator-recipes and junit-jupiter-api"
echo "  and changes the version of $(grep -c . <<<"$changed" || true): $(sed 's|.*/||' <<<"$changed" | tr '\n' ' ')"
total=$(xargs -r stat -c %s <"$work/with.lst" | awk '{s+=$1} END {print s+0}')
echo "  whole test classpath: $(grep -c . "$work/with.lst") artifacts, $(awk -v b="$total" 'BEGIN {printf "%.1f", b/1048576}') MB"
if [[ ${VERBOSE:-} ]]; then sed 's|.*/||' <<<"$extra"; fi
slf=$(grep -o 'slf4j-api-[0-9.]*\.jar' "$work/with.lst" || true)
echo "  slf4j-api on it: ${slf:-none}"
