package io.zkorch.scenario.lock;

import io.zkorch.scenario.Transient;
import io.zkorch.scenario.WorkerContext;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.framework.recipes.locks.StandardLockInternalsDriver;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * Contends for an {@link InterProcessMutex}; inside the critical section does a deliberately non-atomic
 * read-modify-write of a shared counter znode, so that two holders at once lose an update and leave evidence.
 * Each holding is recorded with its fencing token (the lock node's sequence number) and the counter's zxids.
 *
 * <p>The counter holds {@code VALUE TOKEN}: the value and the token of whoever wrote it last. A fenced write (the
 * default) is how a resource protects itself from a holder whose lock silently ended (its session expired while it
 * was paused): it is refused when the last writer's token is higher, or when anyone wrote since this holder's read
 * (a compare-and-set on the znode version). Unfenced, such a stale holder overwrites a newer value and an update is
 * lost. A fenced write commits together with a receipt znode named by the token, so that a write whose answer a
 * dropped connection lost is known to have landed or not (never counted as refused when it landed).
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

  /** The counter's content: the value and the token of its last writer (-1: unknown, such as the initial 0). */
  record Counter(long value, long token) {
    static Counter parse(byte[] data) {
      String[] parts = new String(data, StandardCharsets.UTF_8).strip().split("\\s+");
      return new Counter(Long.parseLong(parts[0]), parts.length > 1 ? Long.parseLong(parts[1]) : -1);
    }

    byte[] bytes() {
      return (value + " " + token).getBytes(StandardCharsets.UTF_8);
    }
  }

  private LockWorker() {}

  /** Sequence number at the end of a lock node's name ({@code ...-lock-0000000017} → 17). */
  static long token(String path) {
    return Long.parseLong(path.substring(path.lastIndexOf('-') + 1));
  }

  /**
   * @param unsafe skip the lock (the negative control: holders overlap and the checker must say so)
   * @param fenced write the counter through the fencing check
   * @param holdMillis work done between the read and the write (a window in which a fault can catch a holder)
   */
  public static void run(WorkerContext ctx, boolean unsafe, boolean fenced, long holdMillis) throws Exception {
    CuratorFramework client = ctx.client();
    String counter = ctx.base() + "/counter";
    for (String path : List.of(counter, ctx.base() + "/receipts")) {
      try {
        client.create().creatingParentContainersIfNeeded().forPath(path, new Counter(0, -1).bytes());
      } catch (KeeperException.NodeExistsException e) {
        // another worker made it first
      }
    }
    FencingDriver driver = new FencingDriver();
    InterProcessMutex mutex = new InterProcessMutex(client, ctx.base() + "/lock", driver);
    long deadline = System.nanoTime() + ctx.duration().toNanos();
    while (System.nanoTime() < deadline) {
      long t0 = System.nanoTime();
      long token = -1;
      if (!unsafe) {
        try {
          if (!mutex.acquire(Math.max(1, (deadline - t0) / 1_000_000), TimeUnit.MILLISECONDS)) {
            break; // the run ended while waiting
          }
        } catch (Exception e) {
          if (!Transient.is(e)) {
            throw e;
          }
          Transient.record(ctx, "acquire", e);
          Thread.sleep(50);
          continue;
        }
        token = token(driver.lastPath);
      }
      long acquired = System.nanoTime();
      long start = WorkerContext.nowMicros();
      try {
        criticalSection(ctx, counter, token, fenced && !unsafe, holdMillis, (acquired - t0) / 1_000, start);
      } catch (Exception e) {
        if (!Transient.is(e)) {
          ctx.error("critical section", e);
        } else {
          // the write may or may not have happened: an indeterminate holding, counted as such by the checker
          ctx.record("hold").put("token", token).put("uncertain", true).put("error", e.getClass().getSimpleName())
              .put("acqUs", (acquired - t0) / 1_000).put("start", start).put("end", WorkerContext.nowMicros())
              .emit(ctx.out());
        }
      } finally {
        if (!unsafe) {
          release(ctx, mutex);
        }
      }
    }
    ctx.record("done").emit(ctx.out());
  }

  private static void criticalSection(WorkerContext ctx, String counter, long token, boolean fenced,
      long holdMillis, long acquireMicros, long start) throws Exception {
    CuratorFramework client = ctx.client();
    Stat read = new Stat();
    Counter seen = Counter.parse(client.getData().storingStatIn(read).forPath(counter));
    if (holdMillis > 0) {
      Thread.sleep(holdMillis);
    }
    Counter mine = new Counter(seen.value() + 1, token);
    var hold = ctx.record("hold").put("token", token).put("read", seen.value()).put("readZxid", read.getMzxid())
        .put("acqUs", acquireMicros).put("start", start);
    if (!fenced) {
      // deliberately not a compare-and-set: with two holders at once, one update is lost
      Stat written = client.setData().forPath(counter, mine.bytes());
      hold.put("writeZxid", written.getMzxid()).put("end", WorkerContext.nowMicros()).emit(ctx.out());
      return;
    }
    if (seen.token() > token) {
      hold.put("fenced", "token " + token + " is older than the last writer's " + seen.token())
          .put("newerToken", seen.token()).put("end", WorkerContext.nowMicros()).emit(ctx.out());
      return;
    }
    // the write and a receipt named by the token commit atomically: when a retried write is refused, the receipt
    // tells whether an earlier attempt (whose answer the dropped connection lost) had landed
    String receipt = ctx.base() + "/receipts/" + token;
    try {
      List<CuratorTransactionResult> results = client.transaction().forOperations(
          client.transactionOp().setData().withVersion(read.getVersion()).forPath(counter, mine.bytes()),
          client.transactionOp().create().forPath(receipt));
      long zxid = results.stream().filter(r -> r.getResultStat() != null).findFirst().orElseThrow().getResultStat()
          .getMzxid();
      hold.put("writeZxid", zxid).put("end", WorkerContext.nowMicros()).emit(ctx.out());
    } catch (KeeperException.BadVersionException | KeeperException.NodeExistsException e) {
      Stat landed = client.checkExists().forPath(receipt);
      if (landed != null) {
        hold.put("writeZxid", landed.getCzxid()).put("retried", true).put("end", WorkerContext.nowMicros())
            .emit(ctx.out());
        return;
      }
      Stat now = new Stat();
      Counter newer = Counter.parse(client.getData().storingStatIn(now).forPath(counter));
      hold.put("fenced", "the counter was written at 0x" + Long.toHexString(now.getMzxid()) + " by token "
              + newer.token() + " after this holder read it")
          .put("newerToken", newer.token()).put("newerZxid", now.getMzxid()).put("end", WorkerContext.nowMicros())
          .emit(ctx.out());
    }
  }

  private static void release(WorkerContext ctx, InterProcessMutex mutex) {
    try {
      if (mutex.isOwnedByCurrentThread()) {
        mutex.release();
      }
    } catch (Exception e) {
      // the lock node goes with the session if it cannot be deleted now
      if (Transient.is(e)) {
        Transient.record(ctx, "release", e);
      } else {
        ctx.error("release", e);
      }
    }
  }
}
