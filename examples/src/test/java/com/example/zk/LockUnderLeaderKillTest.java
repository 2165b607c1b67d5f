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
 * the ensemble's leader is killed: nobody holds the lock together with anybody else, no increment is lost, and work
 * resumes after the failover.
 */
@Testcontainers
class LockUnderLeaderKillTest {

  @Container
  static ZooKeeperEnsemble zk = new ZooKeeperEnsemble(3).withFastFailover();

  static final String LOCK = "/locks/counter";
  static final String COUNTER = "/counter";

  final AtomicInteger holders = new AtomicInteger();
  final AtomicInteger overlaps = new AtomicInteger();
  final AtomicInteger increments = new AtomicInteger();
  final AtomicInteger incrementsAfterKill = new AtomicInteger();
  final AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);

  @Test
  void theLockHoldsAndWorkResumesWhenTheLeaderDies() throws Exception {
    try (CuratorFramework setup = client()) {
      setup.create().creatingParentsIfNeeded().forPath(COUNTER, bytes(0));
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
    assertEquals(0, overlaps.get(), "two workers held the lock at once");
    assertTrue(increments.get() > 0);
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
        try {
          if (holders.incrementAndGet() != 1) {
            overlaps.incrementAndGet();
          }
          increment(client);
          holders.decrementAndGet();
        } finally {
          lock.release();
        }
      }
    }
    return null;
  }

  /** Read, add one, write back only if nobody wrote in between (the version check). */
  private void increment(CuratorFramework client) throws Exception {
    Stat stat = new Stat();
    long value = value(client.getData().storingStatIn(stat).forPath(COUNTER));
    try {
      client.setData().withVersion(stat.getVersion()).forPath(COUNTER, bytes(value + 1));
    } catch (KeeperException.BadVersionException lostUpdate) {
      throw new AssertionError("someone wrote the counter while this worker held the lock", lostUpdate);
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

  static byte[] bytes(long value) {
    return ByteBuffer.allocate(8).putLong(value).array();
  }

  static long value(byte[] bytes) {
    return ByteBuffer.wrap(bytes).getLong();
  }
}
