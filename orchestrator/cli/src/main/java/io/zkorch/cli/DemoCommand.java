package io.zkorch.cli;

import io.zkorch.cluster.ClusterManager;
import io.zkorch.cluster.ClusterStatus;
import io.zkorch.progress.Progress;
import io.zkorch.runtime.Provider;
import io.zkorch.spec.ClusterSpec;
import io.zkorch.spec.FaultsSpec;
import io.zkorch.spec.ScenarioSpec;
import io.zkorch.spec.SpecLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The main job in one command: an ensemble, proven, exercised, checked and removed. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Boot a 3-member ensemble, prove its quorum, run the lock and config scenarios against it, print"
        + " the report and remove it. No cluster file, no Docker needed (--runtime auto falls back to local"
        + " processes).", "Exit 0 when every check holds, 1 when one fails."})
final class DemoCommand implements Callable<Integer> {

  static final String NAME = "zkorch-demo";

  @Mixin RuntimeOption runtime;
  @Spec CommandSpec command;

  @Option(names = "--members", paramLabel = "N", defaultValue = "3", description = "Voting members: 1, 3, 5 or 7.")
  int members;

  @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
      description = "How long the lock workers contend (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--faults", paramLabel = "FAULT,...", split = ",",
      description = "Faults to inject during the lock scenario, such as kill-leader (see `zkorch run --help`).")
  List<String> faults;

  @Option(names = "--report", paramLabel = "DIR", description = "Write report.json, junit.xml and report.html here.")
  Path report;

  @Option(names = "--keep", description = "Keep the ensemble afterwards (remove it with `zkorch down " + NAME + "`).")
  boolean keep;

  @Override
  public Integer call() {
    long start = System.nanoTime();
    ClusterSpec spec = SpecLoader.parse("apiVersion: zkorch.io/v1alpha1\nkind: Cluster\nname: " + NAME
        + "\nzookeeper:\n  members: " + members + "\n  storage: tmpfs\n"
        + (faults == null ? "" : "  profile: fast-failover\n"), "zkorch demo");
    Duration lockFor = duration;
    FaultsSpec faultSpec = null;
    if (faults != null) {
      // room for one fault in the middle and the recovery after it
      lockFor = duration.compareTo(Duration.ofSeconds(10)) < 0 ? Duration.ofSeconds(10) : duration;
      faultSpec = new FaultsSpec(faults, lockFor.dividedBy(3), null, null);
    }
    List<ScenarioSpec> scenarios = List.of(
        ScenarioSpec.of("lock", io.zkorch.spec.ScenarioTypes.of("lock"), 5, lockFor, Map.of(), faultSpec),
        // the ten watchers share one container (one JVM start fewer; each still has its own client and session)
        ScenarioSpec.of("config", io.zkorch.spec.ScenarioTypes.of("config"), 10, Duration.ofSeconds(2),
            Map.of("updates", "100", "perContainer", "10")));
    Progress progress = Context.progress(command);
    java.time.Instant started = java.time.Instant.now();
    try (Provider rt = runtime.open(NAME)) {
      Scenarios.requireInjectable(rt, scenarios);
      ClusterManager manager = new ClusterManager(rt, progress);
      ClusterStatus status = manager.up(spec, ClusterManager.UpOptions.waitFor(Duration.ofSeconds(90)));
      System.out.print(StatusView.render(status));
      manager.lastBoot().ifPresent(t -> System.err.println("Where the time went: " + t.summary()));
      try {
        System.out.println();
        return Scenarios.exitCode(Scenarios.runAndReport(rt, progress, spec, status.connectString(), scenarios,
            report, manager.lastBoot().orElse(null), OutputOption.Format.text, started));
      } finally {
        if (!keep) {
          Progress.Step down = progress.start("Removing " + NAME);
          manager.down(NAME, true);
          down.ok();
        }
        System.err.printf("Demo finished in %.1fs on the %s runtime.%n", (System.nanoTime() - start) / 1e9,
            rt.name());
      }
    }
  }
}
