package io.zkorch.scenario.queue;

import io.zkorch.scenario.WorkerContext;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.queue.DistributedQueue;
import org.apache.curator.framework.recipes.queue.QueueBuilder;
import org.apache.curator.framework.recipes.queue.QueueConsumer;
import org.apache.curator.framework.recipes.queue.QueueSerializer;
import org.apache.curator.framework.state.ConnectionState;

/**
 * A {@link DistributedQueue}: every worker produces {@code items} items and consumes until the queue has stayed
 * empty for a while after all producers finished. Items are recorded when put and when taken.
 */
public final class QueueWorker {

  private QueueWorker() {}

  private static final QueueSerializer<String> UTF8 = new QueueSerializer<>() {
    @Override
    public byte[] serialize(String item) {
      return item.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String deserialize(byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  };

  public static void run(WorkerContext ctx, int items, int producers) throws Exception {
    CuratorFramework client = ctx.client();
    String done = ctx.base() + "/produced";
    client.createContainers(done);
    AtomicLong lastTaken = new AtomicLong(System.nanoTime());
    QueueConsumer<String> consumer = new QueueConsumer<>() {
      @Override
      public void consumeMessage(String item) {
        lastTaken.set(System.nanoTime());
        ctx.record("take").put("item", item).put("at", WorkerContext.nowMicros()).emit(ctx.out());
      }

      @Override
      public void stateChanged(CuratorFramework c, ConnectionState state) {}
    };
    try (DistributedQueue<String> queue =
        QueueBuilder.builder(client, consumer, UTF8, ctx.base() + "/queue").lockPath(ctx.base() + "/locks")
            .buildQueue()) {
      queue.start();
      for (int i = 1; i <= items; i++) {
        String item = ctx.worker() + "-" + i;
        queue.put(item);
        ctx.record("put").put("item", item).emit(ctx.out());
      }
      client.create().forPath(done + "/" + ctx.worker());
      long deadline = System.nanoTime() + ctx.duration().toNanos();
      // drain: all producers done, and nothing taken here for a second
      while (System.nanoTime() < deadline) {
        boolean allProduced = client.getChildren().forPath(done).size() >= producers;
        boolean quiet = System.nanoTime() - lastTaken.get() > TimeUnit.SECONDS.toNanos(1);
        if (allProduced && quiet && client.getChildren().forPath(ctx.base() + "/queue").isEmpty()) {
          break;
        }
        Thread.sleep(50);
      }
    }
    ctx.record("done").emit(ctx.out());
  }
}
