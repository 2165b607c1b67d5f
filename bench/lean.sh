#!/usr/bin/env bash
# Lean, fast members (issue 13): image sizes and boot to a proven quorum, back to back in one run.
#  - sizes on disk and compressed (docker save | gzip) of the lean member image, the classic one (images.lean:
#    false, on the JRE 17 base) and the plain baseline (bench/plain: a plain JRE, no start-up tuning);
#  - boot medians of ROUNDS (default 7), 3 and 5 members: `zkorch up --wait` (lean members, the six-check verdict)
#    against `docker-compose up -d` of the file zkorch renders plus polling srvr until every member is leader or
#    follower, once on the plain image (the baseline the issue names) and once on the classic tuned image
#    (bench/boot.sh's baseline). The runs take turns, so machine noise falls on all three alike.
#   ROUNDS=7 bench/lean.sh
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-7}
zk=./zkorch
tmp=$(mktemp -d)
cleanup() {
  for f in "$tmp"/*.yml; do [[ -f $f ]] && docker-compose -f "$f" -p bench down -v >/dev/null 2>&1; done
  $zk down bench bench5 --volumes >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
poll_srvr() { # srvr on each published port (bounded per probe) until all say leader or follower
  local ports=("$@") deadline=$(( $(date +%s) + 90 ))
  while (( $(date +%s) < deadline )); do
    local ok=0
    for p in "${ports[@]}"; do
      timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$p && printf srvr >&3 && grep -qE '^Mode: (leader|follower)' <&3" \
        2>/dev/null && ok=$((ok + 1))
    done
    (( ok == ${#ports[@]} )) && return 0
    sleep 0.1
  done
  echo "compose baseline: no quorum within 90s" >&2
  return 1
}
size_line() { # image, label
  local disk gz
  disk=$(docker image inspect "$1" --format '{{.Size}}')
  gz=$(docker save "$1" | gzip -c | wc -c)
  printf '%-34s %-44s %5d MB on disk, %4d MB compressed\n' "$2" "$1" $((disk / 1000000)) $((gz / 1000000))
}

# the images: classic first (it shares the friendly tag), then lean; the plain baseline from the same jars
base=${ZKORCH_BASE_IMAGE:-zkorch/base:bookworm-jre17}
sed 's/^name: bench$/name: bench/' bench/cluster.yaml > "$tmp/classic.yaml"
printf 'images:\n  lean: false\n' >> "$tmp/classic.yaml"
$zk build -f "$tmp/classic.yaml" > "$tmp/build.log" 2>&1 || { cat "$tmp/build.log"; exit 1; }
docker tag zkorch/member:3.9.5 zkorch-bench/member:classic
$zk build -f bench/cluster.yaml > "$tmp/build.log" 2>&1 || { cat "$tmp/build.log"; exit 1; }
grep -o 'Member image ([^)]*)[^—]*' "$tmp/build.log" | tail -1
mkdir -p "$tmp/plain"
cp bench/plain/Dockerfile images/member/docker-entrypoint.sh images/member/healthcheck templates/logback.xml "$tmp/plain/"
cp templates/zoo.cfg "$tmp/plain/zoo.cfg.template"
cid=$(docker create zkorch-bench/member:classic)
docker cp "$cid:/opt/zookeeper/lib" "$tmp/plain/lib" && docker rm "$cid" >/dev/null
docker build -q --build-arg BASE_IMAGE="$base" -t zkorch-bench/member:plain "$tmp/plain" >/dev/null
echo
size_line zkorch/member:3.9.5 "lean member (this issue)"
size_line zkorch-bench/member:classic "classic member (images.lean: false)"
size_line zkorch-bench/member:plain "plain baseline (bench/plain)"
echo "official zookeeper:3.9 (not pullable here): about 317 MB on disk, 117 MB compressed download"
echo

for spec in "3 bench/cluster.yaml bench" "5 bench/cluster5.yaml bench5"; do
  read -r n file name <<< "$spec"
  ports=(); for i in $(seq 1 "$n"); do ports+=($((22180 + i))); done
  $zk compose --compose-v1 -f "$file" -o "$tmp/lean.yml" 2>/dev/null
  sed "s#image: zkorch/member:3.9.5[^ ]*#image: zkorch-bench/member:plain#" "$tmp/lean.yml" > "$tmp/plain.yml"
  sed "s#image: zkorch/member:3.9.5[^ ]*#image: zkorch-bench/member:classic#" "$tmp/lean.yml" > "$tmp/classic.yml"
  cp "$tmp/lean.yml" "$tmp/leancompose.yml" # the lean image under compose: what the image alone gains
  grep -q 'zkorch-bench/member:plain' "$tmp/plain.yml" || { echo "could not point the compose file at the plain image" >&2; exit 1; }
  $zk down "$name" --volumes >/dev/null 2>&1 || true
  : > "$tmp/z"; : > "$tmp/p"; : > "$tmp/c"; : > "$tmp/l"
  for r in $(seq 1 "$rounds"); do
    t0=$(now); $zk up -f "$file" --wait 90s > /dev/null 2> "$tmp/up.err" || { cat "$tmp/up.err"; exit 1; }; t1=$(now)
    echo "$t1 - $t0" | bc >> "$tmp/z"; $zk down "$name" --volumes > /dev/null 2>&1
    grep -h 'Where the time went' "$tmp/up.err" >> "$tmp/split-$n" || true
    for v in plain classic leancompose; do
      t0=$(now); docker-compose -f "$tmp/$v.yml" -p bench up -d > /dev/null 2>&1; poll_srvr "${ports[@]}"; t1=$(now)
      echo "$t1 - $t0" | bc >> "$tmp/${v:0:1}"; docker-compose -f "$tmp/$v.yml" -p bench down -v > /dev/null 2>&1
    done
    printf '%d members, round %d: zkorch up --wait %.2fs   compose+srvr: plain %.2fs, classic tuned %.2fs, lean %.2fs\n' \
      "$n" "$r" "$(tail -1 "$tmp/z")" "$(tail -1 "$tmp/p")" "$(tail -1 "$tmp/c")" "$(tail -1 "$tmp/l")"
  done
  echo "$n members, where zkorch up's time went (each round):"; sed 's/^Where the time went: /  /' "$tmp/split-$n"
  mz=$(median < "$tmp/z"); mp=$(median < "$tmp/p"); mc=$(median < "$tmp/c"); ml=$(median < "$tmp/l")
  printf '%d members, medians of %d: zkorch up --wait %.2fs; plain-image compose baseline %.2fs (ratio %.2f, aim <= 0.50); classic tuned compose %.2fs (ratio %.2f); the lean image under compose %.2fs (%.2f of plain)\n\n' \
    "$n" "$rounds" "$mz" "$mp" "$(echo "$mz / $mp" | bc -l)" "$mc" "$(echo "$mz / $mc" | bc -l)" "$ml" "$(echo "$ml / $mp" | bc -l)"
done
