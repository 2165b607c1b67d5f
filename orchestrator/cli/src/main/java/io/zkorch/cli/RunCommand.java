package io.zkorch.cli;

import io.zkorch.ZkorchException;
import io.zkorch.cluster.ClusterManager;
import io.zkorch.cluster.ClusterStatus;
import io.zkorch.progress.Progress;
import io.zkorch.runtime.Provider;
import io.zkorch.spec.ClusterSpec;
import io.zkorch.spec.FaultsSpec;
import io.zkorch.spec.ScenarioSpec;
import io.zkorch.spec.ScenarioType;
import io.zkorch.spec.ScenarioTypes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run scenarios from app containers against the cluster and check what the workers saw.",
        "Boots the cluster when it is not up (and removes what it booted). Exit 0 when every check holds, 1 when"
            + " one fails."})
final class RunCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "SCENARIO",
      description = "lock, config, leader, counter, barrier, queue, register, or all (the file's scenarios, else every"
          + " kind).")
  String scenario;

  @Mixin SpecFile specFile;
  @Mixin RuntimeOption runtime;
  @Mixin OutputOption output;
  @Spec CommandSpec command;

  @Option(names = {"--workers", "--watchers"}, paramLabel = "N", description = "Workers (config: watchers).")
  Integer workers;

  @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How long the workers work (default: 10s).")
  Duration duration;

  @Option(names = "--updates", paramLabel = "N", description = "config: versions the writer publishes.")
  Integer updates;

  @Option(names = "--unsafe", description = "lock: workers skip the lock; register: reads answered from the worker's"
      + " memory (negative controls that must fail).")
  boolean unsafe;

  @Option(names = "--reads", paramLabel = "MODE", description = "register: sync (default; a read after sync() must"
      + " be linearizable) or plain (ZooKeeper promises sequential consistency: a stale read is a finding, not a"
      + " failure).")
  String reads;

  @Option(names = "--drop-final", description = "config: one watcher drops the final update (a negative control).")
  boolean dropFinal;

  @Option(names = "--per-container", paramLabel = "N",
      description = "Most workers per app container, as threads with a client and session each (default 8;"
          + " 1 gives every worker its own container).")
  Integer perContainer;

  @Option(names = "--faults", paramLabel = "FAULT,...", split = ",",
      description = "Faults to inject while the scenario runs, in turn: ACTION-TARGET with ACTION kill, pause,"
          + " partition, isolate (cut off from the other members, clients still reach it), oneway, hide, or link"
          + " chaos delay|loss|duplicate|reorder|rate with a shape after a colon (delay-leader:200ms), and TARGET"
          + " leader, follower, member, holder (lock), worker or a node such as zk2; partition also takes halves,"
          + " bridge or ring.")
  List<String> faults;

  @Option(names = "--interval", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Time between faults (default: 10s).")
  Duration interval;

  @Option(names = "--fault-for", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How long each fault lasts (default: half the interval; pauses and partitions of workers outlast"
          + " their session).")
  Duration faultFor;

  @Option(names = "--seed", paramLabel = "N", description = "Chooses among equal fault targets (default: 1).")
  Long seed;

  @Option(names = "--hold-ms", paramLabel = "MS",
      description = "lock: work done between the read and the write (default 0; 100 with holder faults).")
  Integer holdMs;

  @Option(names = "--no-fencing", description = "lock: write without the fencing check (stale holders then lose"
      + " updates; the checks must fail when one occurs).")
  boolean noFencing;

  @Option(names = "--report", paramLabel = "DIR", description = "Write report.json, junit.xml and report.html here.")
  Path report;

  @Option(names = "--keep", description = "Keep a cluster this command booted.")
  boolean keep;

  @Override
  public Integer call() {
    ClusterSpec spec = specFile.load();
    List<ScenarioSpec> scenarios = scenarios(spec);
    for (ScenarioSpec s : scenarios) { // before anything boots
      io.zkorch.scenario.ScenarioRunner.requireFaultsFit(s, io.zkorch.topology.Topology.of(spec));
    }
    Progress progress = Context.progress(command);
    java.time.Instant started = java.time.Instant.now();
    try (Provider docker = runtime.open(spec.name())) {
      Scenarios.requireInjectable(docker, scenarios);
      ClusterManager manager = new ClusterManager(docker, progress);
      boolean booted = false;
      ClusterStatus status;
      if (docker.find(spec.name()).map(s -> !s.members().isEmpty()).orElse(false)) {
        status = manager.status(spec.name(), true);
        if (!status.healthy()) {
          throw ZkorchException.failure("Cluster " + spec.name() + " is up but not healthy ("
              + status.verdict().firstFailure().map(c -> c.name() + ": " + c.detail()).orElse("?")
              + "); see `zkorch status " + spec.name() + "`.");
        }
      } else {
        status = manager.up(spec, ClusterManager.UpOptions.waitFor(Duration.ofSeconds(120)));
        booted = true;
      }
      try {
        return Scenarios.exitCode(Scenarios.runAndReport(docker, progress, spec, status.connectString(), scenarios,
            report, manager.lastBoot().orElse(null), output.format, started));
      } finally {
        if (booted && !keep) {
          Progress.Step down = progress.start("Removing cluster " + spec.name() + " (booted for this run)");
          manager.down(spec.name(), true);
          down.ok();
        }
      }
    }
  }

  private List<ScenarioSpec> scenarios(ClusterSpec spec) {
    List<ScenarioSpec> chosen = chosen(spec);
    FaultsSpec flags = faultFlags();
    if (flags == null) {
      if (interval != null || faultFor != null || seed != null) {
        throw ZkorchException.usage("--interval, --fault-for and --seed shape a fault schedule; add --faults, such"
            + " as --faults kill-leader.");
      }
      return chosen;
    }
    List<ScenarioSpec> withFaults = new ArrayList<>();
    List<io.zkorch.spec.SpecProblem> problems = new ArrayList<>();
    for (ScenarioSpec s : chosen) {
      ScenarioSpec f = s.withFaults(flags);
      ClusterSpec one = spec.withScenarios(List.of(f));
      problems.addAll(io.zkorch.spec.SpecValidator.validate(one, new io.zkorch.spec.SourceMap()));
      withFaults.add(f);
    }
    if (!problems.isEmpty()) {
      io.zkorch.spec.SpecProblem p = problems.get(0);
      throw ZkorchException.usage(flagName(p.path()) + " " + p.message() + ".");
    }
    return withFaults;
  }

  private FaultsSpec faultFlags() {
    if (faults == null || faults.isEmpty()) {
      return null;
    }
    return new FaultsSpec(faults, interval, faultFor, seed);
  }

  /** A problem found in a scenario made from flags names the flag, not a path in a file. */
  private static String flagName(String path) {
    String field = path.replaceFirst("^scenarios\\[0\\]\\.?", "");
    return switch (field.replaceFirst("\\[\\d+\\]$", "")) {
      case "faults.schedule" -> "--faults";
      case "faults.interval" -> "--interval";
      case "faults.for" -> "--fault-for";
      case "duration" -> "--duration";
      case "workers" -> "--workers";
      case "faults" -> "--faults";
      default -> field.isEmpty() ? "The scenario" : field;
    };
  }

  private List<ScenarioSpec> chosen(ClusterSpec spec) {
    if (scenario.equals("all")) {
      if (!spec.scenarios().isEmpty()) {
        return spec.scenarios();
      }
      List<ScenarioSpec> all = new ArrayList<>();
      for (ScenarioType k : ScenarioTypes.all()) {
        all.add(ScenarioSpec.of(k.id(), k, null, duration, Map.of()));
      }
      return all;
    }
    ScenarioType kind = ScenarioTypes.find(scenario).orElseThrow(() -> ZkorchException.usage("'" + scenario
        + "' is not a scenario; use " + ScenarioTypes.names() + " or all."));
    Map<String, String> params = new LinkedHashMap<>();
    if (unsafe) {
      requireParam(kind, "unsafe", "--unsafe");
      params.put("unsafe", "true");
    }
    if (reads != null) {
      requireParam(kind, "reads", "--reads");
      if (!reads.equals("sync") && !reads.equals("plain")) {
        throw ZkorchException.usage("--reads is sync or plain, not " + reads + ".");
      }
      params.put("reads", reads);
    }
    if (dropFinal) {
      requireParam(kind, "dropFinal", "--drop-final");
      params.put("dropFinal", "true");
    }
    if (updates != null) {
      requireParam(kind, "updates", "--updates");
      params.put("updates", updates.toString());
    }
    if (perContainer != null) {
      if (perContainer < 1 || perContainer > 50) {
        throw ZkorchException.usage("--per-container " + perContainer + " is out of range; use 1 to 50.");
      }
      params.put("perContainer", perContainer.toString());
    }
    if (holdMs != null) {
      requireParam(kind, "holdMs", "--hold-ms");
      params.put("holdMs", holdMs.toString());
    }
    if (noFencing) {
      requireParam(kind, "fencing", "--no-fencing");
      params.put("fencing", "false");
    }
    if (workers != null && (workers < 1 || workers > 50)) {
      throw ZkorchException.usage("--workers " + workers + " is out of range; use 1 to 50.");
    }
    return List.of(ScenarioSpec.of(kind.id(), kind, workers, duration, params));
  }

  /** A usage error when {@code flag} sets a parameter {@code kind} does not have, naming the kinds that do. */
  private static void requireParam(ScenarioType kind, String param, String flag) {
    if (!kind.params().containsKey(param)) {
      List<String> having = ScenarioTypes.all().stream().filter(k -> k.params().containsKey(param))
          .map(ScenarioType::id).toList();
      throw ZkorchException.usage(flag + " applies to " + String.join(" and ", having) + " scenarios only, not "
          + kind.id() + ".");
    }
  }
}
