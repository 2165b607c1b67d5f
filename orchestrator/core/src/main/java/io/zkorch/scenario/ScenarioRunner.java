package io.zkorch.scenario;

import io.zkorch.cluster.ClusterManager;
import io.zkorch.spec.Fault;
import io.zkorch.fault.FaultEvent;
import io.zkorch.fault.FaultPlan;
import io.zkorch.fault.FaultSchedule;
import io.zkorch.fault.Faults;
import io.zkorch.health.QuorumWait;
import io.zkorch.health.Verdict;
import io.zkorch.progress.Progress;
import io.zkorch.runtime.Provider;
import io.zkorch.runtime.WorkerResult;
import io.zkorch.runtime.WorkerRun;
import io.zkorch.spec.ScenarioSpec;
import io.zkorch.topology.Topology;
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
    io.zkorch.security.ClientAccess access = io.zkorch.security.ClusterSecrets.accessOf(topology.cluster());
    ScenarioKind kind = ScenarioKinds.of(s.kind());
    FaultPlan faultPlan = faultPlan(s, topology);
    List<WorkerRun> workers = s.image() == null ? plan(s, base) : ownWorkers(s, base, kind);
    if (s.image() != null) {
      if (!runtime.name().equals("docker")) {
        throw io.zkorch.ZkorchException.usage("Scenario " + s.name() + " names its own worker image (" + s.image()
            + "), which only the docker runtime runs for now (the " + runtime.name() + " runtime "
            + (runtime.name().equals("local") ? "runs no images" : "would need it on every node") + "); use"
            + " --runtime docker.");
      }
      appImage = s.image();
    }
    Progress.Step step = progress.start("Scenario " + s.name() + ": " + kind.describeWorkers(s) + " in "
        + workers.size()
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
      boolean holderFaults = faultPlan.faults().stream().anyMatch(f -> f.target() == Fault.Target.HOLDER);
      try (Faults faults = new Faults(runtime, topology.cluster(), faultPlan.seed());
          HolderLookupHandle holders = new HolderLookupHandle(holderFaults
              ? kind.holders(base, hostConnect, access).orElse(null) : null)) {
        Faults.Aim aim = new Faults.Aim(s.name(), holders.lookup());
        FaultSchedule schedule = new FaultSchedule(faults, faultPlan, aim, s.duration(), progress,
            () -> awaitWorkers(hostConnect, access, kind.startGate(base), s.workers()));
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
    History history = new History(records, exits, finals(hostConnect, access, base, kind), seconds, faultEvents);
    Checkers.Outcome outcome = kind.check(s, history);
    List<CheckResult> checks = new ArrayList<>(outcome.checks());
    Map<String, Object> figures = new java.util.LinkedHashMap<>(outcome.figures());
    if (faultPlan != null) {
      if (kind.steady() && !faultEvents.isEmpty()) {
        checks.add(Failover.progressAfterEveryFault(kind, history));
      }
      checks.addAll(faultChecks);
      figures.put("failover", Failover.rows(kind, history));
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

  /**
   * A usage error when the scenario's run is too short for even its first fault (before anything boots), saying the
   * shortest duration that fits one.
   */
  public static void requireFaultsFit(ScenarioSpec s, Topology topology) {
    FaultPlan plan = faultPlan(s, topology);
    if (plan == null || s.duration().compareTo(plan.shortestRun()) >= 0) {
      return;
    }
    Fault first = plan.faults().get(0);
    throw io.zkorch.ZkorchException.usage("Scenario " + s.name() + " runs " + seconds(s.duration())
        + ", too short for any fault: the first (" + first.id() + ") comes after the interval of "
        + seconds(plan.interval()) + ", lasts " + seconds(plan.holdFor(first)) + ", and clients need "
        + seconds(plan.settle()) + " after its heal to reconnect (the session timeout and a second); run it for "
        + (long) Math.ceil(plan.shortestRun().toMillis() / 1000.0) + "s or more (--duration, or the scenario's"
        + " duration in the cluster file), or shorten the interval (--interval, or faults.interval).");
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format(java.util.Locale.ROOT, "%.1f s",
        d.toMillis() / 1000.0);
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
  private static void awaitWorkers(String connect, io.zkorch.security.ClientAccess access, String gate,
      int expected) {
    try (CuratorFramework client = access.curator(connect).retryPolicy(new RetryNTimes(10, 200)).build()) {
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

  /** A holder lookup that may be absent, closed with the run. */
  private record HolderLookupHandle(io.zkorch.fault.HolderLookup lookup) implements AutoCloseable {
    @Override
    public void close() {
      if (lookup != null) {
        lookup.close();
      }
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
          .withAccess(io.zkorch.security.ClusterSecrets.accessOf(topology.cluster()))
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

  /**
   * A user's own workers ({@code scenarios[].image}): one container each, with the image's own command, told what to
   * do by environment variables (the README's "Bring your own worker" lists them).
   */
  static List<WorkerRun> ownWorkers(ScenarioSpec s, String base, ScenarioKind kind) {
    List<WorkerRun> runs = new ArrayList<>();
    for (int i = 1; i <= s.workers(); i++) {
      Map<String, String> env = new java.util.TreeMap<>();
      env.put("ZKORCH_SCENARIO", s.name());
      env.put("ZKORCH_KIND", s.kind().id());
      env.put("ZKORCH_WORKER", "w" + i);
      env.put("ZKORCH_WORKERS", Integer.toString(s.workers()));
      env.put("ZKORCH_BASE", base);
      env.put("ZKORCH_START_GATE", kind.startGate(base));
      env.put("ZKORCH_DURATION_MS", Long.toString(s.duration().toMillis()));
      for (String key : s.kind().params().keySet()) {
        env.put("ZKORCH_PARAM_" + key.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT),
            s.param(key));
      }
      runs.add(new WorkerRun("w" + i, List.of(), env));
    }
    return runs;
  }

  /** The workers of a scenario and their commands: the kind's, behind the start gate, packed into containers. */
  public static List<WorkerRun> plan(ScenarioSpec s, String base) {
    ScenarioKind kind = ScenarioKinds.of(s.kind());
    boolean faulty = s.faults() != null && !s.faults().schedule().isEmpty();
    boolean holderFaults = faulty && s.faults().schedule().stream().map(Fault::parse)
        .anyMatch(f -> f.target() == Fault.Target.HOLDER);
    List<WorkerRun> runs = kind.workers(s, base, new ScenarioKind.Shape(faulty, holderFaults));
    if (!kind.gatesItself()) {
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
    return pack(runs, workerFaults ? 1 : s.intParam(ScenarioSpec.PER_CONTAINER));
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

  /** Values the workers left behind, read once they are all gone. */
  private static Map<String, Long> finals(String connect, io.zkorch.security.ClientAccess access, String base,
      ScenarioKind kind) {
    try (CuratorFramework client = access.curator(connect).retryPolicy(new RetryNTimes(10, 200)).build()) {
      client.start();
      if (!client.blockUntilConnected(30, TimeUnit.SECONDS)) {
        return Map.of();
      }
      return kind.finals(client, base);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Map.of();
    } catch (Exception e) {
      // a missing final shows up as a failed check that says "never read"
      return Map.of();
    }
  }
}
