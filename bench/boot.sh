#!/usr/bin/env bash
# Time to a healthy quorum, images already built: `zkorch up --wait` against the baseline the core issue names,
# `docker-compose up -d` of the same rendered file plus polling srvr until every member is leader or follower.
# Runs alternate back to back; medians and the ratio are printed. Also: a 5-member `zkorch up`, a warm
# `zkorch build`, and the member image's size.
#   ROUNDS=5 bench/boot.sh
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-5}
zk=./zkorch
tmp=$(mktemp -d)
cleanup() {
  docker-compose -f "$tmp/compose.yml" -p bench down -v >/dev/null 2>&1 || true
  docker-compose -f "$tmp/app.yml" -p benchapp down -v >/dev/null 2>&1 || true
  $zk down bench bench5 benchapp --volumes >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# srvr on each published port until all say leader/follower (bash /dev/tcp, no extra tools)
poll_srvr() {
  local ports=("$@") deadline=$(( $(date +%s) + 60 ))
  while (( $(date +%s) < deadline )); do
    local ok=0
    for p in "${ports[@]}"; do
      if (exec 3<>/dev/tcp/127.0.0.1/$p && printf srvr >&3 && grep -qE '^Mode: (leader|follower)' <&3) 2>/dev/null; then
        ok=$((ok+1))
      fi
    done
    (( ok == ${#ports[@]} )) && return 0
    sleep 0.1
  done
  echo "compose baseline: no quorum within 60s" >&2; return 1
}

$zk build -f bench/cluster.yaml >/dev/null 2>&1
$zk build -f cluster.yaml >/dev/null 2>&1
$zk compose --compose-v1 -f bench/cluster.yaml -o "$tmp/compose.yml" 2>/dev/null
$zk down bench --volumes >/dev/null 2>&1 || true

: > "$tmp/zkorch"; : > "$tmp/compose"
for i in $(seq 1 "$rounds"); do
  t0=$(now); $zk up -f bench/cluster.yaml --wait 60s >/dev/null 2>"$tmp/up.err" || { cat "$tmp/up.err"; exit 1; }; t1=$(now)
  echo "$t1 - $t0" | bc >> "$tmp/zkorch"
  $zk down bench --volumes >/dev/null

  t0=$(now)
  docker-compose -f "$tmp/compose.yml" -p bench up -d >/dev/null 2>&1
  poll_srvr 22181 22182 22183
  t1=$(now)
  echo "$t1 - $t0" | bc >> "$tmp/compose"
  docker-compose -f "$tmp/compose.yml" -p bench down -v >/dev/null 2>&1
  printf 'round %d: zkorch up --wait %.2fs   docker-compose up -d + srvr poll %.2fs\n' "$i" \
    "$(tail -1 "$tmp/zkorch")" "$(tail -1 "$tmp/compose")"
done
mz=$(median < "$tmp/zkorch"); mc=$(median < "$tmp/compose")
printf 'members only, median over %d rounds: zkorch %.2fs, compose baseline %.2fs, ratio %.2f (target <= 0.60)\n' \
  "$rounds" "$mz" "$mc" "$(echo "$mz / $mc" | bc -l)"

# The default topology (cluster.yaml: 3 members + the probe app, which compose starts once members are healthy),
# under another name so that it never touches a user's `dev` cluster; the same host ports 2181-2183.
$zk compose --compose-v1 -f cluster.yaml --name benchapp -o "$tmp/app.yml" 2>/dev/null
: > "$tmp/zkorch-app"; : > "$tmp/compose-app"
for i in $(seq 1 "$rounds"); do
  t0=$(now); $zk up -f cluster.yaml --name benchapp --wait 60s >/dev/null 2>"$tmp/up.err" || { cat "$tmp/up.err"; exit 1; }; t1=$(now)
  echo "$t1 - $t0" | bc >> "$tmp/zkorch-app"
  $zk down benchapp --volumes >/dev/null
  t0=$(now)
  docker-compose -f "$tmp/app.yml" -p benchapp --profile apps up -d >/dev/null 2>&1
  poll_srvr 2181 2182 2183
  t1=$(now)
  echo "$t1 - $t0" | bc >> "$tmp/compose-app"
  docker-compose -f "$tmp/app.yml" -p benchapp down -v >/dev/null 2>&1
done
mza=$(median < "$tmp/zkorch-app"); mca=$(median < "$tmp/compose-app")
printf 'default topology (with app), median over %d rounds: zkorch %.2fs, compose baseline %.2fs, ratio %.2f\n' \
  "$rounds" "$mza" "$mca" "$(echo "$mza / $mca" | bc -l)"

: > "$tmp/five"
for i in $(seq 1 3); do
  t0=$(now); $zk up -f bench/cluster5.yaml --wait 90s >/dev/null 2>"$tmp/up.err" || { cat "$tmp/up.err"; exit 1; }; t1=$(now)
  echo "$t1 - $t0" | bc >> "$tmp/five"; $zk down bench5 --volumes >/dev/null
done
printf '5 members: zkorch up --wait median %.2fs over 3 rounds\n' "$(median < "$tmp/five")"

: > "$tmp/build"
for i in $(seq 1 5); do
  t0=$(now); $zk build -f cluster.yaml >/dev/null 2>&1; t1=$(now); echo "$t1 - $t0" | bc >> "$tmp/build"
done
printf 'warm zkorch build of cluster.yaml, member + app image (nothing changed): median %.2fs over 5 runs (target < 1s)\n' "$(median < "$tmp/build")"
size=$(docker image inspect zkorch/member:3.9.5 --format '{{.Size}}')
printf 'member image zkorch/member:3.9.5: %d MB on disk (official zookeeper:3.9 is about 317 MB)\n' "$((size / 1000000))"
