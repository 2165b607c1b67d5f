package com.example.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.testcontainers.ZooKeeperEnsemble;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Four workers, each with its own ZooKeeper session, take turns incrementing a counter under a Curator lock while
 * the ensemble's leader is killed: no increment is lost or doubled, no worker writes while another holds the lock,
 * and work resumes after the failover.
 *
 * <p>A Curator lock is a lease on a session: if a worker's session expires during the failover, its lock node is
 * gone and another worker may take the lock while the first still runs its critical section. The counter's version
 * check fences such a stale holder — its write is refused — so the test accepts a refused write only from a worker
 * whose session was replaced since it acquired the lock, and fails on any other.
 */
@Testcontainers
class LockUnderLeaderKillTest {

  @Container
  static ZooKeeperEnsemble zk = new ZooKeeperEnsemble(3).withFastFailover();

  static final String LOCK = "/locks/counter";
  static final String COUNTER = "/counter";

  final AtomicInteger fenced = new AtomicInteger();
  final AtomicInteger increments = new AtomicInteger();
  final AtomicInteger incrementsAfterKill = new AtomicInteger();
  final AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);

  @Test
  void theLockHoldsAndWorkResumesWhenTheLeaderDies() throws Exception {
    try (CuratorFramework setup = client()) {
      setup.create().creatingParentsIfNeeded().forPath(COUNTER, bytes(0, 0));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    long stopAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
    List<Future<?>> workers = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      workers.add(pool.submit(() -> work(stopAt)));
    }

    Thread.sleep(2000);
    int leader = zk.killLeader(); // returns when another member leads
    killedAt.set(System.nanoTime());
    assertNotEquals(leader, zk.getLeader());

    for (Future<?> f : workers) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();

    try (CuratorFramework reader = client()) {
      assertEquals(increments.get(), value(reader.getData().forPath(COUNTER)), "no lost or doubled increment");
    }
    assertTrue(increments.get() > 0);
    System.out.printf("%d increments (%d after the kill), %d stale writes fenced%n", increments.get(),
        incrementsAfterKill.get(), fenced.get());
    assertTrue(incrementsAfterKill.get() > 0, "work resumed after the leader died");
    zk.heal(); // the killed member comes back; the whole quorum is proven again
  }

  private Void work(long stopAt) throws Exception {
    try (CuratorFramework client = client()) {
      InterProcessMutex lock = new InterProcessMutex(client, LOCK);
      while (System.nanoTime() < stopAt) {
        if (!lock.acquire(5, TimeUnit.SECONDS)) {
          continue;
        }
        long session = client.getZookeeperClient().getZooKeeper().getSessionId();
        try {
          increment(client, session);
        } finally {
          try {
            lock.release();
          } catch (IllegalMonitorStateException | KeeperException.NoNodeException expired) {
            // the session that held it expired: its lock node went with it
          }
        }
      }
    }
    return null;
  }

  /**
   * Read, add one, write back only if nobody wrote in between (the version check). The value carries who wrote it:
   * when the leader dies mid-write, the connection drops before the answer and Curator sends the write again — if
   * the first attempt had landed, the retry finds a newer version. That is this worker's own write, not someone
   * else's; only a newer value written by another worker would be a broken lock.
   */
  private void increment(CuratorFramework client, long sessionAtAcquire) throws Exception {
    Stat stat = new Stat();
    long value = value(client.getData().storingStatIn(stat).forPath(COUNTER));
    byte[] next = bytes(value + 1, Thread.currentThread().getId());
    try {
      client.setData().withVersion(stat.getVersion()).forPath(COUNTER, next);
    } catch (KeeperException.BadVersionException retriedOrLost) {
      byte[] now = client.getData().forPath(COUNTER);
      if (java.util.Arrays.equals(now, next)) {
        // our first attempt landed: count it once, below
      } else if (client.getZookeeperClient().getZooKeeper().getSessionId() != sessionAtAcquire) {
        fenced.incrementAndGet(); // a stale holder: its session, and with it the lock, expired; the write was refused
        return;
      } else {
        throw new AssertionError("someone wrote the counter while this worker held the lock", retriedOrLost);
      }
    }
    increments.incrementAndGet();
    if (System.nanoTime() > killedAt.get()) {
      incrementsAfterKill.incrementAndGet();
    }
  }

  static CuratorFramework client() throws InterruptedException {
    CuratorFramework client = CuratorFrameworkFactory.newClient(zk.getConnectString(), zk.getSessionTimeoutMs(),
        zk.getConnectionTimeoutMs(), new ExponentialBackoffRetry(50, 10));
    client.start();
    if (!client.blockUntilConnected(20, TimeUnit.SECONDS)) {
      throw new IllegalStateException("no session through " + zk.getConnectString());
    }
    return client;
  }

  /** The counter's value and the worker (thread) that wrote it. */
  static byte[] bytes(long value, long writer) {
    return ByteBuffer.allocate(16).putLong(value).putLong(writer).array();
  }

  static long value(byte[] bytes) {
    return ByteBuffer.wrap(bytes).getLong();
  }
}
