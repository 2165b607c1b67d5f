package io.zkorch.cli;

import io.zkorch.ZkorchException;
import io.zkorch.scenario.ScenarioKinds;
import io.zkorch.scenario.WorkerArgs;
import io.zkorch.scenario.WorkerContext;
import io.zkorch.scenario.WorkerMain;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * App side of scenarios: one worker role of one kind, printing its records as JSON lines. `zkorch run` starts these.
 * The options every role shares are parsed here; the rest belong to the role's kind (see its {@code roles()}).
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
    description = "App-side: run one scenario worker against ZK_HOSTS and print its records as JSON lines.")
final class WorkerCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "ROLE",
      description = "A scenario kind's worker role: lock, config_writer, config_watcher, leader, counter, barrier,"
          + " queue.")
  String role;

  @Option(names = "--base", required = true, paramLabel = "ZNODE", description = "The scenario's base znode.")
  String base;

  @Option(names = "--id", required = true, split = ",", paramLabel = "NAME",
      description = "This worker's name; several (comma-separated) run as threads, each with its own client.")
  java.util.List<String> ids;

  @Option(names = "--duration", defaultValue = "10s", converter = DurationConverter.class,
      description = "How long to work (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--start-together", paramLabel = "N", defaultValue = "0",
      description = "Wait until N workers are connected before starting (so that all work for the same time).")
  int startTogether;

  @Option(names = "--connect", paramLabel = "HOSTS", description = "Connect string (default: $ZK_HOSTS).")
  String connect;

  @Unmatched
  java.util.List<String> roleOptions = new java.util.ArrayList<>();

  @Override
  public Integer call() throws Exception {
    WorkerMain main = ScenarioKinds.role(role).orElseThrow(() -> ZkorchException.usage("'" + role
        + "' is not a worker role; one of " + String.join(", ", ScenarioKinds.roles().keySet()) + "."));
    WorkerArgs args = WorkerArgs.parse(roleOptions);
    String hosts = AppSide.hosts(connect, "workers");
    java.util.List<Thread> threads = new java.util.ArrayList<>();
    java.util.List<Throwable> failures = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    for (String id : ids) {
      Thread t = new Thread(() -> {
        try {
          work(hosts, id, main, args);
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

  private void work(String hosts, String id, WorkerMain main, WorkerArgs args) throws Exception {
    try (CuratorFramework client = AppSide.client(hosts, id)) {
      AppSide.start(client, hosts, "worker " + id);
      if (startTogether > 1) {
        // containers start over a second or two; only when all are connected does anyone begin
        String gate = base + "/" + io.zkorch.scenario.ScenarioKind.START_GATE;
        client.createContainers(gate);
        client.create().withMode(org.apache.zookeeper.CreateMode.EPHEMERAL).forPath(gate + "/" + id);
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (client.getChildren().forPath(gate).size() < startTogether && System.nanoTime() < giveUp) {
          Thread.sleep(10);
        }
      }
      WorkerContext ctx = new WorkerContext(client, base, id, duration, System.out);
      ctx.record("start").put("kind", role).put("at", WorkerContext.nowMicros()).emit(System.out);
      main.run(ctx, args);
    }
  }
}
