#!/usr/bin/env bash
# bench/api-boot.sh on a Docker-in-Docker engine: ZooKeeperEnsemble.start() (through Testcontainers) against
# `zkorch up --wait`, both with DOCKER_HOST=tcp://ADDRESS:2375 on an engine that is not this machine's. Starts the
# engine (bin/setup-dind's image, on a network of its own), loads the base image into it, runs the bench, and removes
# the engine and its network.
#   ROUNDS=5 bench/api-boot-dind.sh
set -euo pipefail
cd "$(dirname "$0")/.."
name=zkorch-bench-dind
image=$(bin/setup-dind)
cleanup() {
  DOCKER_HOST= docker rm -f -v "$name" >/dev/null 2>&1 || true
  DOCKER_HOST= docker network rm "$name" >/dev/null 2>&1 || true
}
trap cleanup EXIT
cleanup
docker network create --label io.zkorch.test=bench "$name" >/dev/null
docker run -d --name "$name" --label io.zkorch.test=bench --network "$name" \
  --cap-add SYS_ADMIN --cap-add NET_ADMIN --cap-add SYS_PTRACE --cap-add DAC_READ_SEARCH --cap-add SYS_NICE \
  --cap-add IPC_LOCK --security-opt seccomp=unconfined --security-opt apparmor=unconfined \
  --security-opt systempaths=unconfined --cgroupns host -v /sys/fs/cgroup:/sys/fs/cgroup:rw -v /var/lib/docker \
  "$image" >/dev/null
address=$(docker inspect -f "{{(index .NetworkSettings.Networks \"$name\").IPAddress}}" "$name")
export DOCKER_HOST=tcp://$address:2375
for _ in $(seq 1 100); do docker version >/dev/null 2>&1 && break; sleep 0.2; done
base=${ZKORCH_BASE_IMAGE:-$(DOCKER_HOST= bin/setup-base)}
./zkorch image load "$base" >&2
export ZKORCH_BASE_IMAGE=$base
unset TESTCONTAINERS_HOST_OVERRIDE
echo "engine: $DOCKER_HOST (Docker-in-Docker)"
bench/api-boot.sh
