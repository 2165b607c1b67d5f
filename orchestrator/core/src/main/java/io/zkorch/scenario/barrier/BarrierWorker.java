package io.zkorch.scenario.barrier;

import io.zkorch.scenario.WorkerContext;

import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.barriers.DistributedDoubleBarrier;
import org.apache.zookeeper.data.Stat;

/**
 * A {@link DistributedDoubleBarrier} for all workers, several rounds. Each worker writes {@code base/log} when it
 * arrives and when it has passed the barrier: the zxids of those writes show whether anyone passed before everyone
 * arrived.
 */
public final class BarrierWorker {

  private BarrierWorker() {}

  public static void run(WorkerContext ctx, int members, int rounds) throws Exception {
    CuratorFramework client = ctx.client();
    String log = ctx.base() + "/log";
    client.createContainers(ctx.base());
    try {
      client.create().forPath(log);
    } catch (org.apache.zookeeper.KeeperException.NodeExistsException e) {
      // another worker made it
    }
    for (int round = 1; round <= rounds; round++) {
      DistributedDoubleBarrier barrier =
          new DistributedDoubleBarrier(client, ctx.base() + "/barrier-" + round, members);
      Stat arrive = client.setData().forPath(log);
      if (!barrier.enter(ctx.duration().toMillis(), TimeUnit.MILLISECONDS)) {
        ctx.record("error").put("what", "enter").put("error", "round " + round + " timed out").emit(ctx.out());
        return;
      }
      Stat passed = client.setData().forPath(log);
      ctx.record("pass").put("round", round).put("arriveZxid", arrive.getMzxid()).put("passZxid", passed.getMzxid())
          .emit(ctx.out());
      if (!barrier.leave(ctx.duration().toMillis(), TimeUnit.MILLISECONDS)) {
        ctx.record("error").put("what", "leave").put("error", "round " + round + " timed out").emit(ctx.out());
        return;
      }
    }
    ctx.record("done").emit(ctx.out());
  }
}
