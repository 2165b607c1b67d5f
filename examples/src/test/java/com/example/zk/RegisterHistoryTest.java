package com.example.zk;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.linear.Op;
import io.zkorch.linear.Recorder;
import io.zkorch.testcontainers.ZooKeeperEnsemble;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Your own coordination code, judged by zkorch's linearizability checker: a small "settings store" wrapper, used by
 * three clients at once while the leader is killed, every call recorded with {@link Recorder}. The correct store
 * passes; the same store with a planted bug — it answers reads from what it saw last, a cache nothing invalidates —
 * is caught, with the stretch of history that gives it away.
 */
class RegisterHistoryTest {

  static final String PATH = "/settings/mode";
  static ZooKeeperEnsemble zk = new ZooKeeperEnsemble(3).withFastFailover();

  @BeforeAll
  static void start() {
    zk.start();
  }

  @AfterAll
  static void stop() {
    zk.stop();
  }

  /** The code under test: read and write one setting. */
  static class SettingsStore {
    private final CuratorFramework client;
    private final boolean cacheReads; // the planted bug
    private String cached;
    private boolean haveCached;

    SettingsStore(CuratorFramework client, boolean cacheReads) {
      this.client = client;
      this.cacheReads = cacheReads;
    }

    /** The current value, after catching up with the leader (ZooKeeper's sync), or null. */
    String get() throws Exception {
      if (cacheReads && haveCached) {
        return cached;
      }
      ZooKeeper z = client.getZookeeperClient().getZooKeeper();
      CountDownLatch synced = new CountDownLatch(1);
      int[] code = {KeeperException.Code.OPERATIONTIMEOUT.intValue()};
      z.sync(PATH, (rc, p, c) -> {
        code[0] = rc;
        synced.countDown();
      }, null);
      synced.await(10, TimeUnit.SECONDS);
      if (code[0] != KeeperException.Code.OK.intValue()) {
        // not caught up: a read now could come from a member behind the leader
        throw KeeperException.create(KeeperException.Code.get(code[0]), PATH);
      }
      String v;
      try {
        v = new String(z.getData(PATH, false, null), StandardCharsets.UTF_8);
      } catch (KeeperException.NoNodeException empty) {
        v = null;
      }
      cached = v;
      haveCached = true;
      return v;
    }

    void put(String value) throws Exception {
      ZooKeeper z = client.getZookeeperClient().getZooKeeper();
      z.setData(PATH, value.getBytes(StandardCharsets.UTF_8), -1);
    }
  }

  /** Three clients read and write for a while; the leader is killed half way; every call is recorded. */
  private static Recorder exercise(boolean cacheReads) throws Exception {
    // the register starts empty in the checker's model: the first value is an operation of the history too
    Recorder history = new Recorder();
    Recorder.Call first = history.invoke("setup", Op.F.WRITE, "0");
    try (CuratorFramework setup = client()) {
      setup.create().orSetData().creatingParentsIfNeeded().forPath(PATH, "0".getBytes(StandardCharsets.UTF_8));
    }
    first.ok();
    List<Thread> clients = new ArrayList<>();
    List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
    for (int i = 0; i < 3; i++) {
      String name = "client-" + i;
      clients.add(new Thread(() -> {
        try (CuratorFramework c = client()) {
          SettingsStore store = new SettingsStore(c, cacheReads);
          Random r = new Random(name.hashCode());
          int incarnation = 0;
          while (System.nanoTime() < end) {
            String process = name + "." + incarnation;
            boolean write = r.nextBoolean();
            String value = Integer.toString(r.nextInt(5));
            Recorder.Call call = history.invoke(process, write ? Op.F.WRITE : Op.F.READ, write ? value : null);
            try {
              if (write) {
                store.put(value);
                call.ok();
              } else {
                call.ok(store.get());
              }
            } catch (KeeperException.ConnectionLossException | KeeperException.SessionExpiredException
                | KeeperException.OperationTimeoutException lost) {
              if (write) {
                call.info(); // it may have happened: in doubt, and this client goes on as a new process
                incarnation++;
              } else {
                call.fail(); // a read that got no answer changed nothing
              }
              Thread.sleep(50);
            }
          }
        } catch (Throwable t) {
          errors.add(t);
        }
      }));
    }
    clients.forEach(Thread::start);
    Thread.sleep(1500);
    zk.killLeader();
    for (Thread t : clients) {
      t.join();
    }
    zk.heal();
    assertTrue(errors.isEmpty(), errors.toString());
    assertTrue(history.history().size() > 50, history.history().size() + " operations");
    return history;
  }

  private static CuratorFramework client() throws InterruptedException {
    CuratorFramework c = CuratorFrameworkFactory.builder().connectString(zk.getConnectString())
        .sessionTimeoutMs(zk.getSessionTimeoutMs()).connectionTimeoutMs(zk.getConnectionTimeoutMs())
        .retryPolicy(new RetryNTimes(20, 100)).build();
    c.start();
    assertTrue(c.blockUntilConnected(30, TimeUnit.SECONDS));
    return c;
  }

  @Test
  void theStoreIsLinearizableAcrossALeaderKill() throws Exception {
    exercise(false).assertLinearizable();
  }

  @Test
  void aStoreThatCachesReadsIsCaught() throws Exception {
    Recorder history = exercise(true);
    AssertionError caught = assertThrows(AssertionError.class, history::assertLinearizable);
    assertTrue(caught.getMessage().startsWith("Not linearizable: "), caught.getMessage());
  }
}
