package io.zkorch.scenario.config;

import io.zkorch.scenario.Transient;
import io.zkorch.scenario.WorkerContext;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * Config propagation: one writer publishes numbered versions to {@code base/config}; watchers apply them through a
 * {@link CuratorCache}. Watchers register once their cache is primed, and the writer waits for all of them, so no
 * watcher can miss the start.
 */
public final class ConfigWorker {

  private ConfigWorker() {}

  /** Publishes versions 1..updates, {@code intervalMillis} apart, once {@code watchers} watchers are ready. */
  public static void write(WorkerContext ctx, int updates, int watchers, long intervalMillis) throws Exception {
    CuratorFramework client = ctx.client();
    String config = ctx.base() + "/config";
    String ready = ctx.base() + "/ready";
    client.createContainers(ready);
    long deadline = System.nanoTime() + ctx.duration().toNanos();
    while (client.getChildren().forPath(ready).size() < watchers) {
      if (System.nanoTime() > deadline) {
        ctx.record("error").put("what", "watchers not ready").put("error",
            client.getChildren().forPath(ready).size() + " of " + watchers + " watchers registered").emit(ctx.out());
        return;
      }
      Thread.sleep(20);
    }
    // a version is published until acknowledged: setting the same value again is harmless (watchers may see it
    // twice), giving up on it would not be
    long giveUp = System.nanoTime() + ctx.duration().toNanos() + TimeUnit.SECONDS.toNanos(60);
    for (int v = 1; v <= updates; v++) {
      byte[] data = Integer.toString(v).getBytes(StandardCharsets.UTF_8);
      Stat stat = null;
      while (stat == null) {
        try {
          stat = publish(client, config, data);
        } catch (Exception e) {
          if (!Transient.is(e) || System.nanoTime() > giveUp) {
            throw e;
          }
          Transient.record(ctx, "publish " + v, e);
          Thread.sleep(50);
        }
      }
      ctx.record("publish").put("v", v).put("zxid", stat.getMzxid()).put("at", WorkerContext.nowMicros())
          .emit(ctx.out());
      if (intervalMillis > 0) {
        Thread.sleep(intervalMillis);
      }
    }
    ctx.record("done").put("v", updates).emit(ctx.out());
  }

  private static Stat publish(CuratorFramework client, String config, byte[] data) throws Exception {
    try {
      return client.setData().forPath(config, data);
    } catch (KeeperException.NoNodeException e) {
      try {
        client.create().forPath(config, data);
      } catch (KeeperException.NodeExistsException retried) {
        return client.setData().forPath(config, data); // a create retried after it had landed
      }
      return client.checkExists().forPath(config);
    }
  }

  /**
   * Applies versions until the final one arrives or the run ends. {@code dropFinal} is the negative control: the
   * watcher ignores the last update, so it never converges and the checker must say so.
   */
  public static void watch(WorkerContext ctx, int finalVersion, boolean dropFinal) throws Exception {
    CuratorFramework client = ctx.client();
    String config = ctx.base() + "/config";
    client.createContainers(ctx.base() + "/ready");
    AtomicLong applied = new AtomicLong();
    CountDownLatch converged = new CountDownLatch(1);
    CountDownLatch primed = new CountDownLatch(1);
    try (CuratorCache cache = CuratorCache.build(client, config)) {
      CuratorCacheListener listener = CuratorCacheListener.builder()
          .forCreatesAndChanges((oldNode, node) -> apply(ctx, node, applied, finalVersion, dropFinal, converged))
          .forInitialized(primed::countDown)
          .build();
      cache.listenable().addListener(listener);
      cache.start();
      primed.await(30, TimeUnit.SECONDS);
      client.create().withMode(CreateMode.EPHEMERAL).forPath(ctx.base() + "/ready/" + ctx.worker());
      converged.await(ctx.duration().toMillis(), TimeUnit.MILLISECONDS);
    }
    ctx.record("final").put("v", applied.get()).emit(ctx.out());
  }

  private static void apply(WorkerContext ctx, ChildData node, AtomicLong applied, int finalVersion,
      boolean dropFinal, CountDownLatch converged) {
    long at = WorkerContext.nowMicros();
    int v = Integer.parseInt(new String(node.getData(), StandardCharsets.UTF_8));
    if (dropFinal && v == finalVersion) {
      return;
    }
    applied.set(v);
    ctx.record("apply").put("v", v).put("zxid", node.getStat().getMzxid()).put("at", at).emit(ctx.out());
    if (v >= finalVersion) {
      converged.countDown();
    }
  }
}
