package io.zkorch.cli;

import io.zkorch.ZkorchException;
import io.zkorch.scenario.worker.BarrierWorker;
import io.zkorch.scenario.worker.ConfigWorker;
import io.zkorch.scenario.worker.CounterWorker;
import io.zkorch.scenario.worker.LeaderWorker;
import io.zkorch.scenario.worker.LockWorker;
import io.zkorch.scenario.worker.QueueWorker;
import io.zkorch.scenario.worker.WorkerContext;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** App side of scenarios: one worker of one kind, printing its records as JSON lines. `zkorch run` starts these. */
@Command(name = "worker", mixinStandardHelpOptions = true,
    description = "App-side: run one scenario worker against ZK_HOSTS and print its records as JSON lines.")
final class WorkerCommand implements Callable<Integer> {

  /** The worker kinds. */
  enum Kind { lock, config_writer, config_watcher, leader, counter, barrier, queue }

  @Parameters(index = "0", paramLabel = "KIND", description = "One of: ${COMPLETION-CANDIDATES}.")
  Kind kind;

  @Option(names = "--base", required = true, paramLabel = "ZNODE", description = "The scenario's base znode.")
  String base;

  @Option(names = "--id", required = true, split = ",", paramLabel = "NAME",
      description = "This worker's name; several (comma-separated) run as threads, each with its own client.")
  java.util.List<String> ids;

  @Option(names = "--duration", defaultValue = "10s", converter = DurationConverter.class,
      description = "How long to work (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--unsafe", description = "lock: skip the lock (negative control).")
  boolean unsafe;

  @Option(names = "--updates", defaultValue = "200", description = "config: versions to publish / the final one.")
  int updates;

  @Option(names = "--watchers", defaultValue = "1", description = "config: watchers the writer waits for.")
  int watchers;

  @Option(names = "--interval-ms", defaultValue = "10", description = "config: pause between versions.")
  long intervalMillis;

  @Option(names = "--drop-final", description = "config watcher: ignore the last update (negative control).")
  boolean dropFinal;

  @Option(names = "--hold-ms", paramLabel = "MS",
      description = "leader: how long a leader leads (default 200); lock: work between read and write (default 0).")
  Long holdMs;

  @Option(names = "--no-fencing", description = "lock: write the counter without the fencing check.")
  boolean noFencing;

  @Option(names = "--members", defaultValue = "1", description = "barrier: workers in the barrier; queue: producers.")
  int members;

  @Option(names = "--rounds", defaultValue = "3", description = "barrier: rounds.")
  int rounds;

  @Option(names = "--items", defaultValue = "50", description = "queue: items each worker puts.")
  int items;

  @Option(names = "--start-together", paramLabel = "N", defaultValue = "0",
      description = "Wait until N workers are connected before starting (so that all work for the same time).")
  int startTogether;

  @Option(names = "--connect", paramLabel = "HOSTS", description = "Connect string (default: $ZK_HOSTS).")
  String connect;

  @Override
  public Integer call() throws Exception {
    String hosts = AppSide.hosts(connect, "workers");
    java.util.List<Thread> threads = new java.util.ArrayList<>();
    java.util.List<Throwable> failures = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    for (String id : ids) {
      Thread t = new Thread(() -> {
        try {
          work(hosts, id);
        } catch (Throwable e) {
          failures.add(e);
          io.zkorch.scenario.Records.record("error", id).put("what", "worker")
              .put("error", e.getClass().getSimpleName() + ": " + e.getMessage()).emit(System.out);
        }
      }, "worker-" + id);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    if (!failures.isEmpty()) {
      System.err.println("worker failed: " + failures.get(0));
      return ZkorchException.EXIT_FAILURE;
    }
    return 0;
  }

  private void work(String hosts, String id) throws Exception {
    try (CuratorFramework client = AppSide.client(hosts, id)) {
      AppSide.start(client, hosts, "worker " + id);
      if (startTogether > 1) {
        // containers start over a second or two; only when all are connected does anyone begin
        String gate = base + "/started";
        client.createContainers(gate);
        client.create().withMode(org.apache.zookeeper.CreateMode.EPHEMERAL).forPath(gate + "/" + id);
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (client.getChildren().forPath(gate).size() < startTogether && System.nanoTime() < giveUp) {
          Thread.sleep(10);
        }
      }
      WorkerContext ctx = new WorkerContext(client, base, id, duration, System.out);
      ctx.record("start").put("kind", kind.name()).put("at", WorkerContext.nowMicros()).emit(System.out);
      switch (kind) {
        case lock -> LockWorker.run(ctx, unsafe, !noFencing, holdMs == null ? 0 : holdMs);
        case config_writer -> ConfigWorker.write(ctx, updates, watchers, intervalMillis);
        case config_watcher -> ConfigWorker.watch(ctx, updates, dropFinal);
        case leader -> LeaderWorker.run(ctx, holdMs == null ? 200 : holdMs);
        case counter -> CounterWorker.run(ctx);
        case barrier -> BarrierWorker.run(ctx, members, rounds);
        case queue -> QueueWorker.run(ctx, items, members);
        default -> throw new IllegalStateException(kind.name());
      }
    }
  }
}