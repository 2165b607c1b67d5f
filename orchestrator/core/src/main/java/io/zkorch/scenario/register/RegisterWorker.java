package io.zkorch.scenario.register;

import io.zkorch.scenario.WorkerContext;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * Reads, writes and compare-and-sets a few registers (znodes) as fast as it can, recording each operation with the
 * times it was invoked and completed and how it ended: ok, fail (it certainly did not happen) or info (in doubt: the
 * connection was lost before the answer). After an operation in doubt it goes on as a new process, as Jepsen's
 * clients do, since the old one may still be pending at the server.
 *
 * <ul>
 *   <li>write: {@code create().orSetData()}, one of which takes effect;
 *   <li>cas [expected, new]: read the value and its version; if it is not {@code expected} the cas failed, else
 *       {@code setData(new, version)}, which fails when someone wrote in between;
 *   <li>read: {@code sync()} then {@code getData} (the default), or a plain {@code getData} ({@code --reads plain}),
 *       which ZooKeeper answers from the member the session is on, possibly behind the leader;
 *   <li>{@code --unsafe}: reads answered from the worker's own memory of the last value it saw (a negative control
 *       the checker must flag).
 * </ul>
 */
public final class RegisterWorker {

  private RegisterWorker() {}

  public static void run(WorkerContext ctx, int keys, boolean plainReads, boolean unsafe) throws Exception {
    CuratorFramework client = ctx.client();
    client.createContainers(ctx.base() + "/r");
    Random random = new Random(ctx.worker().hashCode() * 31L + System.nanoTime());
    Map<String, String> remembered = new HashMap<>();
    long deadline = System.nanoTime() + ctx.duration().toNanos();
    int incarnation = 0;
    long count = 0;
    while (System.nanoTime() < deadline) {
      String key = "k" + random.nextInt(keys);
      String path = ctx.base() + "/r/" + key;
      String process = ctx.worker() + (incarnation == 0 ? "" : "." + incarnation);
      int which = random.nextInt(3);
      String f = which == 0 ? "read" : which == 1 ? "write" : "cas";
      String value = Integer.toString(random.nextInt(5));
      String expected = Integer.toString(random.nextInt(5));
      String servedBy = server(client);
      long call = WorkerContext.nowMicros();
      String type;
      String read = null;
      try {
        switch (f) {
          case "read" -> {
            if (unsafe && remembered.containsKey(key)) {
              read = remembered.get(key);
            } else {
              read = read(client, path, plainReads);
              remembered.put(key, read);
            }
            type = "ok";
          }
          case "write" -> {
            ZooKeeper zk = client.getZookeeperClient().getZooKeeper();
            try {
              zk.setData(path, bytes(value), -1);
            } catch (KeeperException.NoNodeException first) {
              try {
                zk.create(path, bytes(value), org.apache.zookeeper.ZooDefs.Ids.OPEN_ACL_UNSAFE,
                    org.apache.zookeeper.CreateMode.PERSISTENT);
              } catch (KeeperException.NodeExistsException raced) {
                zk.setData(path, bytes(value), -1);
              }
            }
            remembered.put(key, value);
            type = "ok";
          }
          default -> {
            // ZooKeeper's own calls, never Curator's retries: a conditional write retried after a lost answer would
            // fail on the version its first attempt bumped, and an operation that happened would be recorded failed
            ZooKeeper zk = client.getZookeeperClient().getZooKeeper();
            Stat stat = new Stat();
            String now = text(zk.getData(path, false, stat));
            if (!expected.equals(now)) {
              type = "fail";
            } else {
              try {
                zk.setData(path, bytes(value), stat.getVersion());
                remembered.put(key, value);
                type = "ok";
              } catch (KeeperException.BadVersionException raced) {
                type = "fail";
              } catch (KeeperException.ConnectionLossException | KeeperException.SessionExpiredException lost) {
                type = "info";
              }
            }
          }
        }
      } catch (KeeperException.NoNodeException empty) {
        if (f.equals("read")) {
          read = null;
          remembered.put(key, null);
          type = "ok";
        } else {
          type = "fail"; // a cas on an empty register expected a value
        }
      } catch (KeeperException.ConnectionLossException | KeeperException.SessionExpiredException
          | KeeperException.OperationTimeoutException lost) {
        // a read in doubt did nothing; a write in doubt may have happened
        type = f.equals("write") ? "info" : "fail";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      long ret = WorkerContext.nowMicros();
      if (type.equals("ok")) {
        servedBy = server(client); // an answer comes on the connection it was sent on; a lost one fails the call
      }
      var r = ctx.record("op").put("process", process).put("f", f).put("key", key).put("type", type)
          .put("call", call).put("ret", ret);
      if (servedBy != null) {
        r.put("server", servedBy);
      }
      switch (f) {
        case "read" -> r.put("value", read);
        case "write" -> r.put("value", value);
        default -> r.put("expected", expected).put("value", value);
      }
      r.emit(ctx.out());
      count++;
      if (type.equals("info")) {
        incarnation++; // the old process may still be pending: go on as a new one
      }
    }
    ctx.record("done").put("ops", count).emit(ctx.out());
  }

  /**
   * The member the session is connected to now, by the name it was given in the connection string (zk2), or its
   * address when it has none, with the port when it is not 2181 (local members share one address); null while
   * disconnected. ZooKeeper's client says it only in its description
   * ({@code remoteserver:zk2/172.18.0.3:2181}).
   */
  static String server(CuratorFramework client) {
    try {
      return serverOf(client.getZookeeperClient().getZooKeeper().toString());
    } catch (Exception e) {
      return null;
    }
  }

  public static String serverOf(String description) {
    int at = description == null ? -1 : description.indexOf("remoteserver:");
    if (at < 0) {
      return null;
    }
    String address = description.substring(at + "remoteserver:".length()).split("\\s", 2)[0];
    if (address.isEmpty() || address.equals("null")) {
      return null;
    }
    int slash = address.indexOf('/');
    int colon = address.lastIndexOf(':');
    String host = slash > 0 ? address.substring(0, slash)
        : address.substring(slash + 1, colon > slash ? colon : address.length());
    String port = colon > slash ? address.substring(colon + 1) : "";
    return port.isEmpty() || port.equals("2181") ? host : host + ":" + port;
  }

  /** A read, after a sync with the leader unless {@code plain}; null when the register is empty. */
  private static String read(CuratorFramework client, String path, boolean plain) throws Exception {
    ZooKeeper zk = client.getZookeeperClient().getZooKeeper();
    if (!plain) {
      CountDownLatch synced = new CountDownLatch(1);
      int[] rc = {0};
      zk.sync(path, (code, p, c) -> {
        rc[0] = code;
        synced.countDown();
      }, null);
      if (!synced.await(10, TimeUnit.SECONDS)) {
        throw new KeeperException.OperationTimeoutException();
      }
      if (rc[0] != KeeperException.Code.OK.intValue() && rc[0] != KeeperException.Code.NONODE.intValue()) {
        throw KeeperException.create(KeeperException.Code.get(rc[0]), path);
      }
    }
    return text(zk.getData(path, false, null));
  }

  private static byte[] bytes(String v) {
    return v.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }
}
