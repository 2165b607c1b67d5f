#!/usr/bin/env bash
# Failover after killing the leader of a 3-member ensemble, at ZooKeeper's default timings and with the
# fast-failover profile, back to back in one run:
#   - time to a new serving leader: `zkorch fault kill NAME leader --restart-after 2s`, KILLS times per profile
#     (srvr polled every 10 ms from the moment the kill returns);
#   - the same when the leader hangs instead (`zkorch fault pause NAME leader --for 8s`, PAUSES times): its TCP
#     connections stay open, so followers only notice after syncLimit x tickTime;
#   - time to the next successful lock acquisition: `zkorch run lock --faults kill-leader`, LOCK_RUNS runs per
#     profile, read from report.json (the first holding that began after the kill and wrote the counter).
# Medians.   KILLS=9 PAUSES=3 LOCK_RUNS=3 bench/failover.sh
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${KILLS:-9}; pauses=${PAUSES:-3}; runs=${LOCK_RUNS:-3}
zk=./zkorch
tmp=$(mktemp -d)
trap '$zk down bench-ff --volumes >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
for p in default fast-failover; do touch "$tmp/leader-$p" "$tmp/pause-$p" "$tmp/lock-$p"; done
median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "nan"; else print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

for profile in default fast-failover; do
  $zk down bench-ff --volumes >/dev/null 2>&1 || true
  cat > "$tmp/cluster.yaml" <<YAML
apiVersion: zkorch.io/v1alpha1
kind: Cluster
name: bench-ff
zookeeper:
  members: 3
  storage: tmpfs
  profile: $profile
YAML
  $zk up -f "$tmp/cluster.yaml" --wait 120s >/dev/null 2>&1
  for i in $(seq 1 "$kills"); do
    line=$($zk fault kill bench-ff leader --restart-after 2s | head -1)
    echo "$profile kill $i: $line"
    echo "$line" | sed -nE 's/.* ([0-9]+) ms later.*/\1/p' >> "$tmp/leader-$profile"
  done
  for i in $(seq 1 "$pauses"); do
    line=$($zk fault pause bench-ff leader --for 8s | head -1)
    echo "$profile pause $i: $line"
    echo "$line" | sed -nE 's/.* ([0-9]+) ms later.*/\1/p' >> "$tmp/pause-$profile"
  done
  # the default profile's clients need up to a 15 s session to notice: a longer run with one kill
  if [ "$profile" = default ]; then dur=30s; every=8s; else dur=20s; every=5s; fi
  for i in $(seq 1 "$runs"); do
    $zk run lock -f "$tmp/cluster.yaml" --workers 4 --duration "$dur" --faults kill-leader --interval "$every" \
      --report "$tmp/r" >/dev/null 2>&1 || echo "$profile lock run $i: a check failed (see the report)"
    python3 - "$tmp/r/report.json" "$profile" "$i" >> "$tmp/lock-$profile" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))["scenarios"][0]["figures"].get("failover", [])
for r in rows:
    print(r["leader_after_ms"], r["progress_after_ms"])
    print(f"{sys.argv[2]} lock run {sys.argv[3]}: kill of {r['node']}: leader after {r['leader_after_ms']} ms,"
          f" next acquisition after {r['progress_after_ms']} ms", file=sys.stderr)
PY
  done
  $zk down bench-ff --volumes >/dev/null 2>&1
done

for profile in default fast-failover; do
  printf '%-13s new leader after a leader kill: median %s ms (%d kills); next lock acquisition: median %s ms' \
    "$profile" "$(median < "$tmp/leader-$profile")" "$(wc -l < "$tmp/leader-$profile")" \
    "$(awk '{print $2}' "$tmp/lock-$profile" | median)"
  printf ' (%d kills in lock runs, leader there after %s ms)\n' "$(wc -l < "$tmp/lock-$profile")" \
    "$(awk '{print $1}' "$tmp/lock-$profile" | median)"
  printf '%-13s new leader after the leader hangs (paused): median %s ms (%d pauses)\n' "$profile" \
    "$(median < "$tmp/pause-$profile")" "$(wc -l < "$tmp/pause-$profile")"
done
