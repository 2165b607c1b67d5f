#!/usr/bin/env bash
# The register checker's speed (issue 16): generated linearizable histories of 1k, 10k and 100k operations by 5 and
# 20 processes (one register, values 0..4, a writes in doubt now and then), each checked ROUNDS times (default 3)
# in a fresh JVM; the median time and the peak heap. Then a pathological history that must end as unknown within
# its budget. No Docker.
#   ROUNDS=3 bench/checker.sh
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-3}
jar=target/zkorch-all.jar
[[ -f $jar ]] || ./zkorch --version >/dev/null
for ops in 1000 10000 100000; do
  for p in 5 20; do
    java -Xmx4g -XX:+UseParallelGC -cp "$jar" bench/CheckerSpeed.java "$ops" "$p" "$rounds"
  done
done
java -Xmx4g -cp "$jar" bench/CheckerSpeed.java pathological 10000
