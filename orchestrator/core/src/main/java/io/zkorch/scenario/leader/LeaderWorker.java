package io.zkorch.scenario.leader;

import io.zkorch.scenario.WorkerContext;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * {@link LeaderLatch} candidates. A leader marks the start and end of its term by writing {@code base/term}: the
 * zxids of those writes order terms across containers. It leads for {@code holdMillis}, then closes its latch (a
 * handover) and stands again.
 */
public final class LeaderWorker {

  private LeaderWorker() {}

  public static void run(WorkerContext ctx, long holdMillis) throws Exception {
    CuratorFramework client = ctx.client();
    String term = ctx.base() + "/term";
    try {
      client.create().creatingParentContainersIfNeeded().forPath(term);
    } catch (KeeperException.NodeExistsException e) {
      // another candidate made it
    }
    long deadline = System.nanoTime() + ctx.duration().toNanos();
    while (System.nanoTime() < deadline) {
      try (LeaderLatch latch = new LeaderLatch(client, ctx.base() + "/latch", ctx.worker())) {
        latch.start();
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0 || !latch.await(left, TimeUnit.MILLISECONDS)) {
          break;
        }
        Stat begin = client.setData().forPath(term, ("begin " + ctx.worker()).getBytes(StandardCharsets.UTF_8));
        long start = WorkerContext.nowMicros();
        Thread.sleep(holdMillis);
        boolean still = latch.hasLeadership();
        long end = WorkerContext.nowMicros();
        Stat finish = client.setData().forPath(term, ("end " + ctx.worker()).getBytes(StandardCharsets.UTF_8));
        ctx.record("term").put("beginZxid", begin.getMzxid()).put("endZxid", finish.getMzxid())
            .put("start", start).put("end", end).put("kept", still).emit(ctx.out());
      }
    }
    ctx.record("done").emit(ctx.out());
  }
}
