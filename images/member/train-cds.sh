#!/usr/bin/env bash
# Build-time training run for class-data sharing: start a throw-away standalone server, wait until it serves,
# stop it, and keep the archive of the classes it loaded. Any failure leaves the image without an archive.
set -u
dir=$(mktemp -d)
mkdir -p "$dir/data"
printf 'dataDir=%s/data\nclientPort=2181\nadmin.enableServer=false\n4lw.commands.whitelist=srvr\n' "$dir" > "$dir/zoo.cfg"
java -XX:+UseSerialGC -XX:-UsePerfData -XX:ArchiveClassesAtExit=/opt/zookeeper/zk.jsa \
  -Djava.net.preferIPv4Stack=true -Dlogback.configurationFile=/opt/zkorch/logback.xml \
  -cp "/opt/zookeeper/lib/*" org.apache.zookeeper.server.quorum.QuorumPeerMain "$dir/zoo.cfg" > "$dir/out.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  # bounded: a srvr asked while the server starts can be left unanswered and open (an NPE in 3.8.x closing it)
  if timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/2181 && printf srvr >&3 && grep -q '^Mode:' <&3" 2>/dev/null; then
    break
  fi
  sleep 0.2
done
kill -TERM "$pid"
wait "$pid" 2>/dev/null
rm -rf "$dir"
if [[ -f /opt/zookeeper/zk.jsa ]]; then
  chmod 0644 /opt/zookeeper/zk.jsa
  echo "class-data sharing archive: $(du -h /opt/zookeeper/zk.jsa | cut -f1)"
else
  echo "no class-data sharing archive (training run did not dump one); members start without it"
fi
exit 0
