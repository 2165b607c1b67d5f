#!/usr/bin/env bash
# What each partition shape costs (issue 16), back to back in one run against kill-leader, the fault zkorch had
# before: time to a serving leader on the majority's side, to the first acknowledged write begun after the fault,
# and from the heal to a proven quorum with every member serving. Three writers run throughout (bench/
# PartitionFigures.java). 3 members for the single-member faults, halves and bridge; 5 for halves and ring. Both
# clusters use the fast-failover profile (tickTime 200). Medians of ROUNDS (default 3).
#   ROUNDS=3 bench/partitions.sh
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-3}
jar=target/zkorch-all.jar
[[ -f $jar ]] || ./zkorch --version >/dev/null
zk() { java -jar "$jar" "$@"; }
tmp=$(mktemp -d)
trap 'zk down bench-part3 --volumes >/dev/null 2>&1 || true; zk down bench-part5 --volumes >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
zk image nemesis >/dev/null
for n in 3 5; do
  cat > "$tmp/c$n.yaml" <<YAML
apiVersion: zkorch.io/v1alpha1
kind: Cluster
name: bench-part$n
zookeeper:
  members: $n
  storage: tmpfs
  profile: fast-failover
  clientPort:
    host: 0
YAML
  zk up -f "$tmp/c$n.yaml" --wait 120s >/dev/null
done
echo "3 members (fast-failover):"
java -cp "$jar" bench/PartitionFigures.java bench-part3 "$rounds" kill-leader isolate-leader isolate-follower \
  oneway-leader partition-halves partition-bridge
echo "5 members (fast-failover):"
java -cp "$jar" bench/PartitionFigures.java bench-part5 "$rounds" kill-leader partition-halves partition-ring
