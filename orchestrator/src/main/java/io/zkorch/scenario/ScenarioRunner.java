package io.zkorch.scenario;

import io.zkorch.progress.Progress;
import io.zkorch.runtime.Runtime;
import io.zkorch.runtime.WorkerResult;
import io.zkorch.runtime.WorkerRun;
import io.zkorch.spec.ScenarioSpec;
import io.zkorch.topology.Topology;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;

/**
 * Runs one scenario: its workers as app containers (ZK_HOSTS injected), their records collected, the values they
 * left in ZooKeeper read back through the host connect string, and the checker applied.
 */
public final class ScenarioRunner {

  private final Runtime runtime;
  private final Progress progress;

  public ScenarioRunner(Runtime runtime, Progress progress) {
    this.runtime = runtime;
    this.progress = progress;
  }

  /** Where a run's znodes live: one fresh subtree per run, so runs never see each other's data. */
  public static String runId() {
    return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
        + Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 6);
  }

  public ScenarioResult run(Topology topology, String appImage, String hostConnect, ScenarioSpec s, String runId) {
    String base = "/zkorch/runs/" + runId + "/" + s.name();
    List<WorkerRun> workers = plan(s, base);
    Progress.Step step = progress.start("Scenario " + s.name() + ": " + s.workers() + " " + s.kind().id()
        + (s.kind() == ScenarioSpec.Kind.CONFIG ? " watchers and a writer" : " workers") + " in " + workers.size()
        + (workers.size() == 1 ? " container" : " containers") + " for " + s.duration().toMillis() / 1000.0 + "s");
    long start = System.nanoTime();
    Map<String, WorkerResult> results = runtime.runWorkers(topology, appImage, s.name(), workers,
        s.duration().plus(Duration.ofSeconds(90)));
    double seconds = s.duration().toMillis() / 1000.0;
    List<Record> records = new ArrayList<>();
    Map<String, Integer> exits = new HashMap<>();
    results.forEach((name, r) -> {
      records.addAll(Records.parse(r.stdout()));
      exits.put(name, r.exitCode());
    });
    History history = new History(records, exits, finals(hostConnect, base, s), seconds);
    Checkers.Outcome outcome = check(s, history);
    long failed = outcome.checks().stream().filter(c -> !c.passed()).count();
    if (failed == 0) {
      step.ok(outcome.checks().size() + " checks passed");
    } else {
      step.fail(failed + " of " + outcome.checks().size() + " checks failed");
    }
    progress.detail("scenario " + s.name() + " took " + (System.nanoTime() - start) / 1_000_000 + " ms");
    return new ScenarioResult(s, outcome.checks(), outcome.figures(), history);
  }

  /** The workers of a scenario and their commands. */
  static List<WorkerRun> plan(ScenarioSpec s, String base) {
    List<WorkerRun> runs = new ArrayList<>();
    String duration = s.duration().toMillis() + "ms";
    switch (s.kind()) {
      case LOCK -> {
        for (int i = 1; i <= s.workers(); i++) {
          List<String> cmd = new ArrayList<>(command("lock", base, "w" + i, duration));
          if (s.flag("unsafe")) {
            cmd.add("--unsafe");
          }
          runs.add(new WorkerRun("w" + i, cmd));
        }
      }
      case CONFIG -> {
        String updates = s.param("updates");
        List<String> writer = new ArrayList<>(command("config_writer", base, "writer", duration));
        writer.addAll(List.of("--updates", updates, "--watchers", Integer.toString(s.workers()), "--interval-ms",
            s.param("intervalMs")));
        runs.add(new WorkerRun("writer", writer));
        // watchers wait for the writer's whole run plus a margin to converge
        String watchFor = (s.duration().toMillis() + 15_000) + "ms";
        for (int i = 1; i <= s.workers(); i++) {
          List<String> cmd = new ArrayList<>(command("config_watcher", base, "watcher" + i, watchFor));
          cmd.addAll(List.of("--updates", updates));
          if (s.flag("dropFinal") && i == 1) {
            cmd.add("--drop-final"); // the negative control: one watcher drops the final update
          }
          runs.add(new WorkerRun("watcher" + i, cmd));
        }
      }
      case LEADER -> {
        for (int i = 1; i <= s.workers(); i++) {
          List<String> cmd = new ArrayList<>(command("leader", base, "c" + i, duration));
          cmd.addAll(List.of("--hold-ms", s.param("holdMs")));
          runs.add(new WorkerRun("c" + i, cmd));
        }
      }
      case COUNTER -> {
        for (int i = 1; i <= s.workers(); i++) {
          runs.add(new WorkerRun("w" + i, command("counter", base, "w" + i, duration)));
        }
      }
      case BARRIER -> {
        for (int i = 1; i <= s.workers(); i++) {
          List<String> cmd = new ArrayList<>(command("barrier", base, "w" + i, duration));
          cmd.addAll(List.of("--members", Integer.toString(s.workers()), "--rounds", s.param("rounds")));
          runs.add(new WorkerRun("w" + i, cmd));
        }
      }
      case QUEUE -> {
        for (int i = 1; i <= s.workers(); i++) {
          List<String> cmd = new ArrayList<>(command("queue", base, "q" + i, duration));
          cmd.addAll(List.of("--members", Integer.toString(s.workers()), "--items", s.param("items")));
          runs.add(new WorkerRun("q" + i, cmd));
        }
      }
      default -> throw new IllegalStateException(s.kind().name());
    }
    if (s.kind() != ScenarioSpec.Kind.CONFIG) { // the config writer already waits for its watchers
      List<WorkerRun> gated = new ArrayList<>();
      for (WorkerRun r : runs) {
        List<String> cmd = new ArrayList<>(r.command());
        cmd.addAll(List.of("--start-together", Integer.toString(runs.size())));
        gated.add(new WorkerRun(r.name(), cmd));
      }
      runs = gated;
    }
    return pack(runs, s.intParam("perContainer"));
  }

  /**
   * Workers whose commands differ only in their id share a container, up to {@code perContainer} each (threads
   * with a client each): fewer JVMs on a small machine, so that the harness is not what limits the ensemble.
   */
  static List<WorkerRun> pack(List<WorkerRun> runs, int perContainer) {
    if (perContainer <= 1) {
      return runs;
    }
    List<WorkerRun> packed = new ArrayList<>();
    List<WorkerRun> group = new ArrayList<>();
    for (WorkerRun r : runs) {
      if (!group.isEmpty() && (group.size() == perContainer || !sameButId(group.get(0), r))) {
        packed.add(merge(group));
        group.clear();
      }
      group.add(r);
    }
    if (!group.isEmpty()) {
      packed.add(merge(group));
    }
    return packed;
  }

  private static boolean sameButId(WorkerRun a, WorkerRun b) {
    return withoutId(a.command()).equals(withoutId(b.command()));
  }

  private static List<String> withoutId(List<String> cmd) {
    List<String> c = new ArrayList<>(cmd);
    int i = c.indexOf("--id");
    c.remove(i + 1);
    c.remove(i);
    return c;
  }

  private static WorkerRun merge(List<WorkerRun> group) {
    if (group.size() == 1) {
      return group.get(0);
    }
    List<String> cmd = new ArrayList<>(group.get(0).command());
    int i = cmd.indexOf("--id") + 1;
    cmd.set(i, String.join(",", group.stream().map(WorkerRun::name).toList()));
    return new WorkerRun(group.get(0).name() + "-" + group.get(group.size() - 1).name(), cmd);
  }

  private static List<String> command(String kind, String base, String id, String duration) {
    return List.of("worker", kind, "--base", base, "--id", id, "--duration", duration);
  }

  static Checkers.Outcome check(ScenarioSpec s, History h) {
    return switch (s.kind()) {
      case LOCK -> Checkers.lock(h);
      case CONFIG -> Checkers.config(h, s.intParam("updates"));
      case LEADER -> Checkers.leader(h);
      case COUNTER -> Checkers.counter(h);
      case BARRIER -> Checkers.barrier(h, s.workers(), s.intParam("rounds"));
      case QUEUE -> Checkers.queue(h);
    };
  }

  /** Values the workers left behind, read once they are all gone. */
  private static Map<String, Long> finals(String connect, String base, ScenarioSpec s) {
    Map<String, Long> finals = new HashMap<>();
    try (CuratorFramework client = CuratorFrameworkFactory.newClient(connect, new RetryNTimes(10, 200))) {
      client.start();
      if (!client.blockUntilConnected(30, TimeUnit.SECONDS)) {
        return finals;
      }
      switch (s.kind()) {
        case LOCK -> readString(client, base + "/counter").ifPresent(v -> finals.put("counter", v));
        case CONFIG -> readString(client, base + "/config").ifPresent(v -> finals.put("config", v));
        case COUNTER -> {
          if (client.checkExists().forPath(base + "/counter") != null) {
            byte[] bytes = client.getData().forPath(base + "/counter");
            finals.put("counter", bytes.length == 8 ? ByteBuffer.wrap(bytes).getLong() : 0L);
          }
        }
        default -> { }
      }
    } catch (Exception e) {
      // a missing final shows up as a failed check that says "never read"
    }
    return finals;
  }

  private static java.util.Optional<Long> readString(CuratorFramework client, String path) throws Exception {
    if (client.checkExists().forPath(path) == null) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(Long.parseLong(new String(client.getData().forPath(path), StandardCharsets.UTF_8)
        .strip()));
  }
}
