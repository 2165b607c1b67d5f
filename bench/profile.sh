#!/usr/bin/env bash
# Where members spend their CPU under zkorch's scenarios (issue 13): boots bench/cluster.yaml, starts a JDK Flight
# Recorder recording in each member JVM from the host (jcmd attaches across the container's PID namespace), runs the
# config scenario and then the lock scenario against the cluster, dumps the recordings and prints JFR's own views:
# hot methods and CPU load per member (the JVM's and the machine's), and the leader's garbage collections.
#   bench/profile.sh            (writes bench/out/profile/zk*.jfr)
set -euo pipefail
cd "$(dirname "$0")/.."
zk=./zkorch
out=bench/out/profile
mkdir -p "$out"
jdk=$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1)
[[ -x $jdk/bin/jcmd ]] || { echo "profile.sh needs a JDK 25 (jcmd, jfr) in /usr/lib/jvm" >&2; exit 2; }
cleanup() { $zk down bench --volumes >/dev/null 2>&1 || true; }
trap cleanup EXIT
$zk down bench --volumes >/dev/null 2>&1 || true
$zk up -f bench/cluster.yaml --wait 60s >/dev/null 2>&1
declare -A pid
for m in zk1 zk2 zk3; do
  pid[$m]=$(docker inspect -f '{{.State.Pid}}' "bench-$m")
  "$jdk/bin/jcmd" "${pid[$m]}" JFR.start name=zkorch settings=profile filename=/tmp/zkorch.jfr >/dev/null
done
$zk run config -f bench/cluster.yaml --watchers 10 --updates 200 2>/dev/null | grep -E 'propagation|config' | head -3 || true
$zk run lock -f bench/cluster.yaml --workers 8 --duration 10s 2>/dev/null | grep -E 'acquisitions' | head -2 || true
leader=""
for m in zk1 zk2 zk3; do
  "$jdk/bin/jcmd" "${pid[$m]}" JFR.dump name=zkorch >/dev/null
  docker cp "bench-$m:/tmp/zkorch.jfr" "$out/$m.jfr" >/dev/null
  if docker exec "bench-$m" bash -c 'exec 3<>/dev/tcp/127.0.0.1/2181; printf srvr >&3; cat <&3' | grep -q 'Mode: leader'; then
    leader=$m
  fi
done
for m in zk1 zk2 zk3; do
  echo "== $m$([[ $m == "$leader" ]] && echo ' (leader)')"
  "$jdk/bin/jfr" view --width 160 hot-methods "$out/$m.jfr" | sed -n 1,16p
  "$jdk/bin/jfr" view cpu-load "$out/$m.jfr" | grep -E 'Average' | tr -s ' ' | paste -sd ';'
done
echo "== $leader (leader): garbage collections"
"$jdk/bin/jfr" view --width 160 gc "$out/$leader.jfr" | tail -4 || true
