package io.zkorch.scenario.worker;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.framework.recipes.locks.StandardLockInternalsDriver;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * Contends for an {@link InterProcessMutex}; inside the critical section does a deliberately non-atomic
 * read-modify-write of a shared counter znode, so that two holders at once lose an update and leave evidence.
 * Each holding is recorded with its fencing token (the lock node's sequence number) and the counter's zxids.
 */
public final class LockWorker {

  /** Captures the path of the lock node this client created: its sequence number is the fencing token. */
  static final class FencingDriver extends StandardLockInternalsDriver {
    volatile String lastPath;

    @Override
    public String createsTheLock(CuratorFramework client, String path, byte[] lockNodeBytes) throws Exception {
      String created = super.createsTheLock(client, path, lockNodeBytes);
      lastPath = created;
      return created;
    }
  }

  private LockWorker() {}

  /** Sequence number at the end of a lock node's name ({@code ...-lock-0000000017} → 17). */
  static long token(String path) {
    return Long.parseLong(path.substring(path.lastIndexOf('-') + 1));
  }

  /**
   * @param unsafe skip the lock (the negative control: holders overlap and the checker must say so)
   */
  public static void run(WorkerContext ctx, boolean unsafe) throws Exception {
    CuratorFramework client = ctx.client();
    String counter = ctx.base() + "/counter";
    try {
      client.create().creatingParentContainersIfNeeded().forPath(counter, "0".getBytes(StandardCharsets.UTF_8));
    } catch (KeeperException.NodeExistsException e) {
      // another worker made it first
    }
    FencingDriver driver = new FencingDriver();
    InterProcessMutex mutex = new InterProcessMutex(client, ctx.base() + "/lock", driver);
    long deadline = System.nanoTime() + ctx.duration().toNanos();
    while (System.nanoTime() < deadline) {
      long t0 = System.nanoTime();
      long token = -1;
      if (!unsafe) {
        if (!mutex.acquire(Math.max(1, (deadline - t0) / 1_000_000), TimeUnit.MILLISECONDS)) {
          break; // the run ended while waiting
        }
        token = token(driver.lastPath);
      }
      long acquired = System.nanoTime();
      long start = WorkerContext.nowMicros();
      try {
        Stat read = new Stat();
        long value = Long.parseLong(new String(client.getData().storingStatIn(read).forPath(counter),
            StandardCharsets.UTF_8));
        // deliberately not a compare-and-set: with two holders at once, one update is lost
        Stat written = client.setData().forPath(counter, Long.toString(value + 1).getBytes(StandardCharsets.UTF_8));
        long end = WorkerContext.nowMicros();
        ctx.record("hold").put("token", token).put("read", value).put("readZxid", read.getMzxid())
            .put("writeZxid", written.getMzxid()).put("acqUs", (acquired - t0) / 1_000)
            .put("start", start).put("end", end).emit(ctx.out());
      } catch (Exception e) {
        ctx.error("critical section", e);
      } finally {
        if (!unsafe) {
          mutex.release();
        }
      }
    }
    ctx.record("done").emit(ctx.out());
  }
}
