#!/usr/bin/env bash
# Build-time training of the JDK's ahead-of-time cache (JEP 483/514/515) on a real quorum start: three members on
# the loopback, started with the flags members run with. The recorder is member 2: it follows member 3 first, and
# once member 3 is stopped it is elected leader, so both roles' classes are in the cache; a client then writes
# through it. Its cache is written when it exits. Any failure leaves the image without a cache (members start
# without it, only slower).
set -u
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
for i in 1 2 3; do
  rec=()
  [[ $i == 2 ]] && rec=(-XX:AOTCacheOutput="$out")
  java "${flags[@]}" "${rec[@]}" -cp "/opt/zookeeper/lib/*" org.apache.zookeeper.server.quorum.QuorumPeerMain \
    "$dir/$i.cfg" > "$dir/$i.log" 2>&1 &
  pid[$i]=$!
done
ok=false
if wait_mode 12182 'follower' && wait_mode 12183 'leader'; then
  kill -TERM "${pid[3]}"; wait "${pid[3]}" 2>/dev/null
  if wait_mode 12182 'leader'; then
    # a session, a write and a read through the recorder: the request pipeline's classes
    java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "/opt/zookeeper/lib/*" org.apache.zookeeper.ZooKeeperMain \
      -server 127.0.0.1:12182 create /zkorch-training x > "$dir/client.log" 2>&1 || true
    ok=true
  fi
fi
kill -TERM "${pid[1]}" "${pid[2]}" 2>/dev/null
wait "${pid[1]}" "${pid[2]}" 2>/dev/null
if [[ $ok == true && -f $out ]]; then
  chmod 0644 "$out"
  echo "ahead-of-time cache: $(du -h "$out" | cut -f1), trained on a three-member quorum start"
else
  rm -f "$out"
  echo "no ahead-of-time cache (the training quorum did not form); members start without it"
  tail -5 "$dir"/*.log
fi
rm -rf "$dir"
exit 0
