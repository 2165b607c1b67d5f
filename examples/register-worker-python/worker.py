#!/usr/bin/python3
"""A register worker in Python (kazoo), for `scenarios[].image`: zkorch runs this image's containers on the cluster's
network, checks the records it prints with the same linearizability checker as its own register workers, and
reports them the same way.

What zkorch gives it (environment):
  ZK_HOSTS             the ensemble, zk1:2181,zk2:2181,...
  ZKORCH_WORKER        this worker's name (w1, w2, ...), ZKORCH_WORKERS how many there are
  ZKORCH_BASE          a fresh znode subtree for this run; the registers live under it
  ZKORCH_START_GATE    create a child here when ready; fault schedules begin once every worker has one
  ZKORCH_DURATION_MS   how long to work
  ZKORCH_PARAM_KEYS    how many registers (k0, k1, ...); ZKORCH_PARAM_READS sync|plain; ZKORCH_PARAM_UNSAFE

What it prints: one JSON object per line per finished operation (anything else on stdout is ignored):
  {"t": "op", "w": "w1", "process": "w1.0", "f": "read|write|cas", "key": "k0", "type": "ok|fail|info",
   "call": MICROS, "ret": MICROS, "value": "3", "expected": "2"}
value is what was read (null: the register was empty), written, or a cas's new value; expected is a cas's old value.
type: ok it happened, fail it certainly did not, info in doubt (the connection was lost before the answer); after an
info the worker goes on as a new process (w1.1). Times are microseconds on the host's clock (the containers share it).
"""
import json
import os
import random
import sys
import time

from kazoo.client import KazooClient
from kazoo.exceptions import BadVersionError, ConnectionLoss, NoNodeError, NodeExistsError, OperationTimeoutError
from kazoo.exceptions import SessionExpiredError
from kazoo.handlers.threading import KazooTimeoutError

env = os.environ
worker = env["ZKORCH_WORKER"]
base = env["ZKORCH_BASE"]
keys = int(env.get("ZKORCH_PARAM_KEYS", "3"))
plain = env.get("ZKORCH_PARAM_READS", "sync") == "plain"
unsafe = env.get("ZKORCH_PARAM_UNSAFE", "false") == "true"  # reads from memory: the negative control
end = time.monotonic() + int(env["ZKORCH_DURATION_MS"]) / 1000.0
IN_DOUBT = (ConnectionLoss, OperationTimeoutError, SessionExpiredError, KazooTimeoutError)


def now():
    return time.time_ns() // 1000


def emit(**record):
    print(json.dumps(record), flush=True)


zk = KazooClient(hosts=env["ZK_HOSTS"], timeout=10.0, command_retry=None, connection_retry={"max_tries": -1})
zk.start(timeout=30)
zk.ensure_path(base)
gate = env["ZKORCH_START_GATE"]
zk.ensure_path(gate)
try:
    zk.create(gate + "/" + worker, ephemeral=True)
except NodeExistsError:
    pass
while len(zk.get_children(gate)) < int(env["ZKORCH_WORKERS"]) and time.monotonic() < end:
    time.sleep(0.02)

rng = random.Random(worker)
incarnation = 0
remembered = {}
count = 0
while time.monotonic() < end:
    process = "%s.%d" % (worker, incarnation)
    key = "k%d" % rng.randrange(keys)
    path = base + "/" + key
    f = rng.choice(["read", "write", "cas"])
    value = str(rng.randrange(5))
    call = now()
    record = dict(t="op", w=worker, process=process, f=f, key=key, call=call)
    try:
        if f == "read":
            if unsafe and key in remembered:
                read = remembered[key]
            else:
                if not plain:
                    zk.sync(path)
                try:
                    read = zk.get(path)[0].decode()
                except NoNodeError:
                    read = None
            remembered[key] = read
            record.update(type="ok", value=read)
        elif f == "write":
            try:
                zk.set(path, value.encode())
            except NoNodeError:
                try:
                    zk.create(path, value.encode())
                except NodeExistsError:
                    zk.set(path, value.encode())
            remembered[key] = value
            record.update(type="ok", value=value)
        else:
            try:
                data, stat = zk.get(path)
                expected = data.decode()
                record.update(expected=expected, value=value)
                try:
                    zk.set(path, value.encode(), version=stat.version)
                    remembered[key] = value
                    record.update(type="ok")
                except BadVersionError:
                    record.update(type="fail")  # someone wrote in between: it certainly did not happen
            except NoNodeError:
                record.update(expected=None, value=value, type="fail")  # nothing to compare with
    except IN_DOUBT:
        if f == "read":
            record.update(type="fail", value=None)  # a read that got no answer changed nothing
        else:
            record.setdefault("value", value)
            record.update(type="info")
            incarnation += 1
        time.sleep(0.05)
    record["ret"] = now()
    emit(**record)
    count += 1

emit(t="done", w=worker, ops=count)
zk.stop()
zk.close()
