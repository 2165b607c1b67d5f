#!/usr/bin/env bash
# Build-time training of the JDK's ahead-of-time cache (JEP 483/514/515) on a real quorum: three members on the
# loopback, started with the flags members run with. The recorder is member 2: it joins members 1 and 3 and follows
# 3, and once 3 is stopped it is elected leader, so both roles' classes are in the cache; a client then writes
# through it. Its cache is written when it exits. Any failure leaves the image without a cache (members start
# without it, only slower).
set -u
# the runtime must start on the C library the base image lent (a JDK built against a newer glibc does not): fail the
# build with the reason rather than make members that cannot start
if ! out=$(java -version 2>&1); then
  echo "the linked Java runtime does not start on the base image's C library: ${out%%$'\n'*}; use a base image" \
    "with a newer C library (images.base), or link from a JDK built for an older one (ZKORCH_JDK)" >&2
  exit 1
fi
# JDK 21 to 24 runtimes: the class-data archive instead (the one-step AOT cache is JDK 25's)
feature=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "${JAVA_HOME:-/opt/java}/release" 2>/dev/null)
if (( ${feature:-0} < 25 )); then
  exec /opt/zkorch/train-cds.sh
fi
out=/opt/zookeeper/zk.aot
flags=(${ZKORCH_JVM_OPTS:--XX:+UseSerialGC -XX:-UsePerfData -XX:TieredStopAtLevel=1}
  -Djava.net.preferIPv4Stack=true -Dlogback.configurationFile=/opt/zkorch/logback.xml)
dir=$(mktemp -d)
for i in 1 2 3; do
  mkdir -p "$dir/$i"
  echo "$i" > "$dir/$i/myid"
  { printf 'tickTime=2000\ninitLimit=5\nsyncLimit=2\ndataDir=%s\nclientPort=%d\n' "$dir/$i" $((12180 + i))
    printf 'admin.enableServer=false\n4lw.commands.whitelist=srvr,mntr,ruok\n'
    for j in 1 2 3; do printf 'server.%d=127.0.0.1:%d:%d\n' "$j" $((j * 10000 + 2888)) $((j * 10000 + 3888)); done
  } > "$dir/$i.cfg"
done
srvr() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1 && printf srvr >&3 && grep '^Mode:' <&3" 2>/dev/null; }
wait_mode() { # port, mode pattern; about 30 s at most
  for _ in $(seq 1 150); do
    srvr "$1" | grep -qE "$2" && return 0
    sleep 0.2
  done
  return 1
}
declare -A pid
start() { # member, extra flags...
  local i=$1
  shift
  java "${flags[@]}" "$@" -cp "/opt/zookeeper/lib/*" org.apache.zookeeper.server.quorum.QuorumPeerMain \
    "$dir/$i.cfg" > "$dir/$i.log" 2>&1 &
  pid[$i]=$!
}
# members 1 and 3 first (3 leads), so that the recorder deterministically joins as a follower, whatever the order in
# which a busy machine starts the JVMs; then it leads once 3 stops (2 outranks 1)
ok=false
start 1
start 3
if wait_mode 12183 'leader'; then
  start 2 -XX:AOTCacheOutput="$out"
  if wait_mode 12182 'follower'; then
    kill -TERM "${pid[3]}"; wait "${pid[3]}" 2>/dev/null
    if wait_mode 12182 'leader'; then
      # a session, a write and a read through the recorder: the request pipeline's classes
      java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "/opt/zookeeper/lib/*" org.apache.zookeeper.ZooKeeperMain \
        -server 127.0.0.1:12182 create /zkorch-training x > "$dir/client.log" 2>&1 || true
      ok=true
    fi
  fi
fi
kill -TERM "${pid[@]}" 2>/dev/null
wait "${pid[@]}" 2>/dev/null
if [[ $ok == true && -f $out ]]; then
  chmod 0644 "$out"
  echo "ahead-of-time cache: $(du -h "$out" | cut -f1), trained on a three-member quorum"
else
  rm -f "$out"
  echo "no ahead-of-time cache (the training quorum did not form); members start without it"
  tail -5 "$dir"/*.log
fi
rm -rf "$dir"
exit 0
