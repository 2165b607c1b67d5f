#!/usr/bin/env bash
# Honours the official zookeeper image's environment contract, then runs QuorumPeerMain in the foreground.
set -euo pipefail
set -f # ZOO_SERVERS and ZOO_CFG_EXTRA are split on spaces; never glob-expand them

: "${ZOO_CONF_DIR:=/conf}" "${ZOO_DATA_DIR:=/data}" "${ZOO_DATA_LOG_DIR:=/datalog}" "${ZOO_LOG_DIR:=/logs}"
: "${ZOO_MY_ID:=1}" "${ZOO_SERVERS:=server.1=localhost:2888:3888;2181}"
: "${ZOO_TICK_TIME:=2000}" "${ZOO_INIT_LIMIT:=5}" "${ZOO_SYNC_LIMIT:=2}"
: "${ZOO_AUTOPURGE_PURGEINTERVAL:=0}" "${ZOO_AUTOPURGE_SNAPRETAINCOUNT:=3}" "${ZOO_MAX_CLIENT_CNXNS:=60}"
: "${ZOO_STANDALONE_ENABLED:=true}" "${ZOO_ADMINSERVER_ENABLED:=false}"
: "${ZOO_4LW_COMMANDS_WHITELIST:=srvr,mntr,ruok}" "${ZOO_CFG_EXTRA:=}" "${JVMFLAGS:=}"
export ZOO_CONF_DIR ZOO_DATA_DIR ZOO_DATA_LOG_DIR ZOO_TICK_TIME ZOO_INIT_LIMIT ZOO_SYNC_LIMIT \
  ZOO_AUTOPURGE_PURGEINTERVAL ZOO_AUTOPURGE_SNAPRETAINCOUNT ZOO_MAX_CLIENT_CNXNS ZOO_STANDALONE_ENABLED \
  ZOO_ADMINSERVER_ENABLED ZOO_4LW_COMMANDS_WHITELIST

render() { # template → zoo.cfg; the Java renderer (io.zkorch.image.ZooCfg) does exactly the same
  local line name
  while IFS= read -r line || [[ -n $line ]]; do
    case "$line" in
      '#'*) ;;
      @ZOO_SERVERS@) for entry in $ZOO_SERVERS; do printf '%s\n' "$entry"; done ;;
      @ZOO_CFG_EXTRA@) for entry in $ZOO_CFG_EXTRA; do printf '%s\n' "$entry"; done ;;
      *)
        while [[ $line =~ @([A-Z0-9_]+)@ ]]; do
          name=${BASH_REMATCH[1]}
          line=${line//@$name@/${!name-}}
        done
        printf '%s\n' "$line" ;;
    esac
  done < "${ZKORCH_TEMPLATE:-/opt/zkorch/zoo.cfg.template}"
}

# `print-zoo-cfg`: show the zoo.cfg this environment yields, and change nothing (also how the tests compare this
# renderer with the Java one)
if [[ "${1:-}" == "print-zoo-cfg" ]]; then
  render
  exit 0
fi

# like the official image: a mounted zoo.cfg wins; myid is written only when absent
if [[ ! -f "$ZOO_CONF_DIR/zoo.cfg" ]]; then
  render > "$ZOO_CONF_DIR/zoo.cfg"
fi
if [[ ! -f "$ZOO_DATA_DIR/myid" ]]; then
  echo "$ZOO_MY_ID" > "$ZOO_DATA_DIR/myid"
fi

if [[ "${1:-zkServer}" != "zkServer" ]]; then
  exec "$@"
fi

cds=()
if [[ -f /opt/zookeeper/zk.aot ]]; then
  # the lean image's ahead-of-time cache (JDK 25); a JVMFLAGS that changes the GC or heap layout only disables it
  cds=(-XX:AOTCache=/opt/zookeeper/zk.aot)
elif [[ -f /opt/zookeeper/zk.jsa ]]; then
  cds=(-XX:SharedArchiveFile=/opt/zookeeper/zk.jsa -Xshare:auto)
fi
# Serial GC suits a small heap on few cores; no perf-data file. C1 only (TieredStopAtLevel=1): members of a local
# ensemble boot side by side on few cores, and C2's compile work nearly doubles their start-up; override with
# ZKORCH_JVM_OPTS. JVMFLAGS (the official contract) comes last and wins.
: "${ZKORCH_JVM_OPTS:=-XX:+UseSerialGC -XX:-UsePerfData -XX:TieredStopAtLevel=1}"
# shellcheck disable=SC2086 # flag lists, split on purpose
exec java $ZKORCH_JVM_OPTS "${cds[@]}" \
  -Djava.net.preferIPv4Stack=true -Dzookeeper.log.dir="$ZOO_LOG_DIR" \
  -Dlogback.configurationFile=/opt/zkorch/logback.xml \
  $JVMFLAGS \
  -cp "/opt/zookeeper/lib/*" org.apache.zookeeper.server.quorum.QuorumPeerMain "$ZOO_CONF_DIR/zoo.cfg"
