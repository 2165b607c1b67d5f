package com.example.zk;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.linear.LockHistory;
import io.zkorch.report.HistoryReports;
import java.nio.file.Files;
import java.nio.file.Path;
import io.zkorch.testcontainers.ZooKeeperEnsemble;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.RetryNTimes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Your own lock code, judged by zkorch's mutex check ({@link LockHistory}): a "job lock" wrapper around Curator's
 * InterProcessMutex, as applications write them. One client, connected to one member only (as a client in one zone
 * is), takes the lock for a long job; that member is then isolated from the others, so the client's session expires
 * and the lock's node goes away, while two other clients keep trying to take the lock.
 *
 * <p>The correct wrapper listens to its connection: at SUSPENDED it stops believing it holds the lock, abandons the
 * job and says the lock may be lost (a release in doubt). The wrapper with the planted bug ignores connection loss —
 * it asks only {@code isAcquiredInThisProcess()}, which stays true — finishes its job as the holder while another
 * client holds the lock too, and is caught.
 */
class LockWrapperTest {

  static final String LOCK = "/jobs/lock";
  // withNetworkFaults: the helper image isolate() uses is ready before the test times its fault
  static ZooKeeperEnsemble zk = new ZooKeeperEnsemble(3).withFastFailover().withNetworkFaults();

  @BeforeAll
  static void start() {
    zk.start();
  }

  @AfterEach
  void heal() {
    zk.heal();
  }

  @AfterAll
  static void stop() {
    zk.stop();
  }

  /** The code under test. */
  static class JobLock {
    private final InterProcessMutex mutex;
    private final boolean watchConnection; // false: the planted bug
    private volatile boolean lost;

    JobLock(CuratorFramework client, boolean watchConnection) {
      this.mutex = new InterProcessMutex(client, LOCK);
      this.watchConnection = watchConnection;
      client.getConnectionStateListenable().addListener((c, state) -> {
        if (state == ConnectionState.SUSPENDED || state == ConnectionState.LOST) {
          lost = true;
        }
      });
    }

    boolean acquire(long millis) throws Exception {
      lost = false;
      return mutex.acquire(millis, TimeUnit.MILLISECONDS);
    }

    /** Whether the job may go on as the holder. */
    boolean holds() {
      return mutex.isAcquiredInThisProcess() && !(watchConnection && lost);
    }

    void release() {
      try {
        mutex.release();
      } catch (Exception gone) {
        // the lock's node went with the session: nothing to release
      }
    }
  }

  /** Takes the lock, works while it holds it (up to {@code jobMillis}), releases; every call recorded. */
  static void job(JobLock lock, String name, long jobMillis, LockHistory history, CountDownLatch holding)
      throws Exception {
    LockHistory.Call acquire = history.acquire(name);
    if (!lock.acquire(1000)) {
      acquire.fail(); // it never held it
      return;
    }
    acquire.ok();
    holding.countDown();
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(jobMillis);
    while (System.nanoTime() < end) {
      if (!lock.holds()) {
        history.release(name).info(); // the lock may be gone: say so, and stop the job
        lock.release();
        return;
      }
      Thread.sleep(20);
    }
    LockHistory.Call release = history.release(name);
    lock.release();
    release.ok();
  }

  private static LockHistory exercise(boolean watchConnection) throws Exception {
    LockHistory history = new LockHistory();
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    CountDownLatch holding = new CountDownLatch(1);
    long jobMillis = 2L * zk.getSessionTimeoutMs() + 3000; // outlasts the session the isolation costs it
    String zk1 = zk.getConnectString().split(",")[0];
    Thread pinned = new Thread(() -> {
      try (CuratorFramework c = client(zk1)) {
        job(new JobLock(c, watchConnection), "pinned", jobMillis, history, holding);
      } catch (Throwable t) {
        errors.add(t);
      }
    });
    pinned.start();
    assertTrue(holding.await(30, TimeUnit.SECONDS), "the pinned client took the lock");
    zk.isolate(1); // its member loses the quorum and drops its clients; the pinned client's session expires

    List<Thread> others = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      String name = "client-" + i;
      others.add(new Thread(() -> {
        try (CuratorFramework c = client(zk.getConnectString())) {
          JobLock lock = new JobLock(c, watchConnection);
          while (pinned.isAlive()) {
            job(lock, name, 100, history, new CountDownLatch(1));
          }
        } catch (Throwable t) {
          errors.add(t);
        }
      }));
    }
    others.forEach(Thread::start);
    pinned.join();
    for (Thread t : others) {
      t.join();
    }
    assertTrue(errors.isEmpty(), errors.toString());
    return history;
  }

  private static CuratorFramework client(String connect) throws InterruptedException {
    CuratorFramework c = CuratorFrameworkFactory.builder().connectString(connect)
        .sessionTimeoutMs(zk.getSessionTimeoutMs()).connectionTimeoutMs(zk.getConnectionTimeoutMs())
        .retryPolicy(new RetryNTimes(3, 100)).build();
    c.start();
    assertTrue(c.blockUntilConnected(30, TimeUnit.SECONDS));
    return c;
  }

  @Test
  void aWrapperThatWatchesItsConnectionIsAMutex() throws Exception {
    LockHistory history = exercise(true);
    // the report zkorch run writes, for your own history: written before the assertion, so a failure leaves it
    HistoryReports.write(Path.of("target/zkorch/watching"), "job-lock", history);
    history.assertMutualExclusion();
    assertTrue(history.history().stream().anyMatch(op -> op.inDoubt()), "the pinned client said it lost the lock");
    assertTrue(history.history().stream().anyMatch(op -> op.process().startsWith("client-")),
        "another client took the lock after the pinned one lost it");
  }

  @Test
  void aWrapperThatIgnoresConnectionLossIsCaught() throws Exception {
    LockHistory history = exercise(false);
    HistoryReports.write(Path.of("target/zkorch/ignoring"), "job-lock", history);
    AssertionError caught = assertThrows(AssertionError.class, history::assertMutualExclusion);
    assertTrue(caught.getMessage().startsWith("Two holders at once"), caught.getMessage());
    String report = Files.readString(Path.of("target/zkorch/ignoring/report.html"));
    assertTrue(report.contains("two holders at once") && report.contains("no order explains"),
        "report.html draws the stretch with two holders");
  }
}
