#!/usr/bin/env bash
# zkorch on a real three-node Docker swarm, next to the single-engine runtime, back to back in one run:
#   - boot to a proven quorum (`zkorch up --wait`, wall time): 3 members on this machine's engine, 3 members on the
#     swarm (one per node), 5 members on the swarm (2, 2, 1), ROUNDS times each, after one warm-up that loads the
#     images onto the nodes (its time is printed as the cold start);
#   - kill-leader on the swarm: `zkorch run lock --runtime swarm --faults kill-leader`, LOCK_RUNS runs, the new
#     serving leader and the next lock acquisition read from report.json.
# The swarm: three Docker-in-Docker engines (bin/setup-dind) on a network of this script's own, `swarm init` on one,
# `join` on the others; removed at the end whatever happens. Medians.   ROUNDS=3 LOCK_RUNS=3 bench/swarm.sh
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-3}; runs=${LOCK_RUNS:-3}; profile=${PROFILE:-fast-failover}
zk=./zkorch
net=zkorch-bench-swarm; label=io.zkorch.test=bench-swarm
tmp=$(mktemp -d)
cleanup() {
  for c in bench-sw3 bench-sw5; do DOCKER_HOST=${manager:-unix:///var/run/docker.sock} $zk down "$c" --volumes --runtime swarm >/dev/null 2>&1 || true; done
  $zk down bench-one --volumes >/dev/null 2>&1 || true
  docker rm -f $(docker ps -aq --filter label=$label) >/dev/null 2>&1 || true
  docker network rm $net >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "nan"; else print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
now() { date +%s.%N; }

image=$(bin/setup-dind)
docker network create --label $label $net >/dev/null
addrs=()
for i in 1 2 3; do
  docker run -d --name $net-$i --hostname $net-$i --label $label --network $net -v /var/lib/docker \
    --cap-add SYS_ADMIN --cap-add NET_ADMIN --cap-add SYS_PTRACE --cap-add DAC_READ_SEARCH --cap-add SYS_NICE \
    --cap-add IPC_LOCK --security-opt seccomp=unconfined --security-opt apparmor=unconfined \
    --security-opt systempaths=unconfined --cgroupns host -v /sys/fs/cgroup:/sys/fs/cgroup:rw "$image" >/dev/null
  addrs+=("$(docker inspect -f "{{(index .NetworkSettings.Networks \"$net\").IPAddress}}" $net-$i)")
done
for a in "${addrs[@]}"; do
  for _ in $(seq 100); do docker -H tcp://$a:2375 info >/dev/null 2>&1 && break; sleep 0.2; done
done
manager=tcp://${addrs[0]}:2375
docker -H $manager swarm init --advertise-addr ${addrs[0]} >/dev/null
token=$(docker -H $manager swarm join-token -q worker)
for a in "${addrs[1]}" "${addrs[2]}"; do docker -H tcp://$a:2375 swarm join --token $token ${addrs[0]}:2377 >/dev/null; done
echo "swarm: $(docker -H $manager node ls --format '{{.Hostname}}' | tr '\n' ' ')"
export ZKORCH_SWARM_NODES=tcp://${addrs[1]}:2375,tcp://${addrs[2]}:2375

file() { # NAME MEMBERS
  cat > "$tmp/$1.yaml" <<YAML
apiVersion: zkorch.io/v1alpha1
kind: Cluster
name: $1
zookeeper:
  members: $2
  storage: volume
  profile: $profile
  clientPort: {host: 0}
images:
  base: ${ZKORCH_BASE_IMAGE:-zkorch/base:bookworm-jre17}
YAML
  echo "$tmp/$1.yaml"
}
one=$(file bench-one 3); sw3=$(file bench-sw3 3); sw5=$(file bench-sw5 5)

boot() { # LABEL DOCKER_HOST FILE NAME RUNTIME -> seconds on stdout
  local t0 t1
  t0=$(now)
  DOCKER_HOST=$2 $zk up -f "$3" --runtime "$5" --wait 180s > "$tmp/up.out" 2> "$tmp/up.err" \
    || { cat "$tmp/up.out" "$tmp/up.err" >&2; exit 1; }
  t1=$(now)
  DOCKER_HOST=$2 $zk down "$4" --volumes --runtime "$5" >/dev/null 2>&1
  echo "$t1 - $t0" | bc
}

local_host=unix:///var/run/docker.sock
echo "cold swarm start (images built on the manager, loaded onto the nodes): $(boot cold $manager "$sw3" bench-sw3 swarm) s"
for i in $(seq 1 "$rounds"); do
  a=$(boot one $local_host "$one" bench-one docker); echo "$a" >> "$tmp/one"
  b=$(boot sw3 $manager "$sw3" bench-sw3 swarm); echo "$b" >> "$tmp/sw3"
  c=$(boot sw5 $manager "$sw5" bench-sw5 swarm); echo "$c" >> "$tmp/sw5"
  echo "round $i: single engine 3 members ${a}s, swarm 3 members ${b}s, swarm 5 members ${c}s"
done

DOCKER_HOST=$manager $zk up -f "$sw3" --runtime swarm --wait 180s >/dev/null 2>&1
for i in $(seq 1 "$runs"); do
  DOCKER_HOST=$manager $zk run lock -f "$sw3" --runtime swarm --workers 4 --duration 20s --faults kill-leader \
    --interval 5s --report "$tmp/r" >/dev/null 2>&1 || echo "lock run $i: a check failed (see the report)"
  python3 - "$tmp/r/report.json" "$i" >> "$tmp/lock" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))["scenarios"][0]["figures"].get("failover", [])
for r in rows:
    print(r["leader_after_ms"], r["progress_after_ms"])
    print(f"lock run {sys.argv[2]}: kill of {r['node']}: serving leader after {r['leader_after_ms']} ms,"
          f" next acquisition after {r['progress_after_ms']} ms", file=sys.stderr)
PY
done
DOCKER_HOST=$manager $zk down bench-sw3 --volumes --runtime swarm >/dev/null 2>&1

o=$(median < "$tmp/one"); s3=$(median < "$tmp/sw3"); s5=$(median < "$tmp/sw5")
printf 'boot to a proven quorum (median of %d, %s profile): single engine 3 members %.1f s; swarm of 3 nodes: 3 members %.1f s (%.2fx), 5 members %.1f s (%.2fx)\n' \
  "$rounds" "$profile" "$o" "$s3" "$(echo "$s3 / $o" | bc -l)" "$s5" "$(echo "$s5 / $o" | bc -l)"
printf 'swarm kill-leader (%d kills): serving leader after median %s ms, next lock acquisition after median %s ms\n' \
  "$(wc -l < "$tmp/lock")" "$(awk '{print $1}' "$tmp/lock" | median)" "$(awk '{print $2}' "$tmp/lock" | median)"
