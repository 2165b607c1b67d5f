package io.zkorch.scenario;

import io.zkorch.cluster.ClusterManager;
import io.zkorch.spec.Fault;
import io.zkorch.fault.FaultEvent;
import io.zkorch.fault.FaultPlan;
import io.zkorch.fault.FaultSchedule;
import io.zkorch.fault.Faults;
import io.zkorch.health.QuorumProbe;
import io.zkorch.health.QuorumWait;
import io.zkorch.health.Verdict;
import io.zkorch.progress.Progress;
import io.zkorch.runtime.ClusterState;
import io.zkorch.runtime.Provider;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;

/**
 * Runs one scenario: its workers as app containers (ZK_HOSTS injected), their records collected, the values they
 * left in ZooKeeper read back through the host connect string, and the checker applied.
 */
public final class ScenarioRunner {

  private final Provider runtime;
  private final Progress progress;

  /** Work a lock holder does between its read and its write when holder faults are scheduled (and none is set). */
  static final long HOLDER_FAULT_HOLD_MS = 100;

  public ScenarioRunner(Provider runtime, Progress progress) {
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
    FaultPlan faultPlan = faultPlan(s, topology);
    List<WorkerRun> workers = plan(s, base);
    Progress.Step step = progress.start("Scenario " + s.name() + ": " + s.workers() + " " + s.kind().id()
        + (s.kind() == ScenarioSpec.Kind.CONFIG ? " watchers and a writer" : " workers") + " in " + workers.size()
        + (workers.size() == 1 ? " container" : " containers") + " for " + s.duration().toMillis() / 1000.0 + "s"
        + (faultPlan == null ? "" : ", faults " + faultPlan.describe()));
    long start = System.nanoTime();
    List<FaultEvent> faultEvents = List.of();
    List<CheckResult> faultChecks = new ArrayList<>();
    Map<String, WorkerResult> results;
    Duration timeout = s.duration().plus(Duration.ofSeconds(faultPlan == null ? 90 : 180));
    if (faultPlan == null) {
      results = runtime.runWorkers(topology, appImage, s.name(), workers, timeout);
    } else {
      try (Faults faults = new Faults(runtime, topology.cluster(), faultPlan.seed())) {
        Faults.Aim aim = new Faults.Aim(s.name(), s.kind() == ScenarioSpec.Kind.LOCK ? base + "/lock" : null,
            hostConnect);
        FaultSchedule schedule = new FaultSchedule(faults, faultPlan, aim, s.duration(), progress,
            () -> awaitWorkers(hostConnect, base, s));
        schedule.start();
        try {
          results = runtime.runWorkers(topology, appImage, s.name(), workers, timeout);
        } finally {
          faultEvents = schedule.stop();
          faultChecks.add(healed(faults, topology));
        }
        if (!schedule.problems().isEmpty()) {
          faultChecks.add(0, CheckResult.fail("faults injected as planned", String.join("; ", schedule.problems())));
        } else if (faultEvents.isEmpty()) {
          faultChecks.add(0, CheckResult.fail("faults injected as planned", "no fault fitted in the run; lengthen"
              + " the duration or shorten the interval"));
        }
      }
    }
    double seconds = s.duration().toMillis() / 1000.0;
    List<Record> records = new ArrayList<>();
    Map<String, Integer> exits = new HashMap<>();
    results.forEach((name, r) -> {
      records.addAll(Records.parse(r.stdout()));
      exits.put(name, r.exitCode());
    });
    History history = new History(records, exits, finals(hostConnect, base, s), seconds, faultEvents);
    Checkers.Outcome outcome = check(s, history);
    List<CheckResult> checks = new ArrayList<>(outcome.checks());
    Map<String, Object> figures = new java.util.LinkedHashMap<>(outcome.figures());
    if (faultPlan != null) {
      if (Failover.steady(s.kind()) && !faultEvents.isEmpty()) {
        checks.add(Failover.progressAfterEveryFault(s.kind(), history));
      }
      checks.addAll(faultChecks);
      figures.put("failover", Failover.rows(s.kind(), history));
    }
    long failed = checks.stream().filter(c -> !c.passed()).count();
    long warned = checks.stream().filter(CheckResult::warning).count();
    if (failed == 0) {
      step.ok(checks.size() + " checks passed" + (warned == 0 ? "" : ", " + warned + " with a warning"));
    } else {
      step.fail(failed + " of " + checks.size() + " checks failed");
    }
    progress.detail("scenario " + s.name() + " took " + (System.nanoTime() - start) / 1_000_000 + " ms");
    return new ScenarioResult(s, checks, figures, history);
  }

  /** The plan for a scenario's faults, or null when it has none. */
  static FaultPlan faultPlan(ScenarioSpec s, Topology topology) {
    if (s.faults() == null || s.faults().schedule().isEmpty()) {
      return null;
    }
    return new FaultPlan(s.faults().schedule().stream().map(Fault::parse).toList(), s.faults().intervalOrDefault(),
        s.faults().hold(), s.faults().seedOrDefault(),
        Duration.ofMillis(topology.spec().zookeeper().sessionTimeoutMs()));
  }

  /** Blocks until the scenario's workers have all connected (their start gate), so that faults hit work. */
  private static void awaitWorkers(String connect, String base, ScenarioSpec s) {
    String gate = s.kind() == ScenarioSpec.Kind.CONFIG ? base + "/ready" : base + "/started";
    int expected = s.workers();
    try (CuratorFramework client = CuratorFrameworkFactory.newClient(connect, new RetryNTimes(10, 200))) {
      client.start();
      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      client.blockUntilConnected(30, TimeUnit.SECONDS);
      while (System.nanoTime() < giveUp) {
        if (client.checkExists().forPath(gate) != null && client.getChildren().forPath(gate).size() >= expected) {
          return;
        }
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // the schedule then starts its clock now; the workers' own checks tell what went wrong
    }
  }

  /** Heals whatever is still broken and waits for a healthy quorum: after every run the cluster is whole again. */
  private CheckResult healed(Faults faults, Topology topology) {
    String name = "cluster healed";
    List<String> done;
    try {
      done = faults.healAll();
    } catch (RuntimeException e) {
      return CheckResult.fail(name, "healing failed: " + e.getMessage());
    }
    try {
      Verdict verdict = QuorumWait.forQuorum().withTimeout(Duration.ofSeconds(60)).withPollInterval(Duration.ofMillis(200))
          .unlessNotReady(() -> {
            List<String> broken = runtime.find(topology.cluster()).orElseThrow().nodes().stream()
                .filter(n -> n.paused() || n.partitioned() || (n.member() && !n.running()))
                .map(n -> n.target() + " " + (n.partitioned() ? "cut off" : n.state())).toList();
            return broken.isEmpty() ? Optional.empty() : Optional.of("still broken: " + String.join(", ", broken));
          })
          .await(() -> ClusterManager.endpoints(runtime.find(topology.cluster()).orElseThrow()));
      String leader = verdict.leader().map(m -> m.service()).orElse("?");
      return CheckResult.pass(name, (done.isEmpty() ? "nothing left to heal" : String.join(", ", done))
          + "; " + verdict.members().size() + " members serving, " + leader + " leads; nothing paused or cut off");
    } catch (QuorumWait.TimedOut e) {
      return CheckResult.fail(name, "not healthy 60 s after healing: " + e.notReady().orElseGet(() -> e.last()
          .flatMap(Verdict::firstFailure).map(c -> c.name() + ": " + c.detail()).orElse("?")));
    }
  }

  /** The workers of a scenario and their commands. */
  static List<WorkerRun> plan(ScenarioSpec s, String base) {
    List<WorkerRun> runs = new ArrayList<>();
    String duration = s.duration().toMillis() + "ms";
    boolean faulty = s.faults() != null && !s.faults().schedule().isEmpty();
    boolean holderFaults = faulty && s.faults().schedule().stream().map(Fault::parse)
        .anyMatch(f -> f.target() == Fault.Target.HOLDER);
    switch (s.kind()) {
      case LOCK -> {
        // a holder fault needs a holder inside its critical section to catch: give the section some work to do
        long holdMs = s.hasParam("holdMs") || !holderFaults ? s.intParam("holdMs") : HOLDER_FAULT_HOLD_MS;
        for (int i = 1; i <= s.workers(); i++) {
          List<String> cmd = new ArrayList<>(command("lock", base, "w" + i, duration));
          if (s.flag("unsafe")) {
            cmd.add("--unsafe");
          }
          if (!s.flag("fencing")) {
            cmd.add("--no-fencing");
          }
          if (holdMs > 0) {
            cmd.addAll(List.of("--hold-ms", Long.toString(holdMs)));
          }
          runs.add(new WorkerRun("w" + i, cmd));
        }
      }
      case CONFIG -> {
        String updates = s.param("updates");
        // under faults, versions are spread over the whole run so that every fault meets some
        String interval = faulty && !s.hasParam("intervalMs")
            ? Long.toString(s.duration().toMillis() / Math.max(1, s.intParam("updates"))) : s.param("intervalMs");
        List<String> writer = new ArrayList<>(command("config_writer", base, "writer", duration));
        writer.addAll(List.of("--updates", updates, "--watchers", Integer.toString(s.workers()), "--interval-ms",
            interval));
        runs.add(new WorkerRun("writer", writer));
        // watchers wait for the writer's whole run plus a margin to converge (a longer one when faults slow it)
        String watchFor = (s.duration().toMillis() + (faulty ? 75_000 : 15_000)) + "ms";
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
    boolean workerFaults = faulty && s.faults().schedule().stream().map(Fault::parse).anyMatch(Fault::hitsWorker);
    // a fault aimed at one worker must hit that worker alone
    return pack(runs, workerFaults ? 1 : s.intParam("perContainer"));
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
    // the lock counter holds "VALUE TOKEN"; the config znode just the version
    return java.util.Optional.of(Long.parseLong(new String(client.getData().forPath(path), StandardCharsets.UTF_8)
        .strip().split("\\s+")[0]));
  }
}
