package io.zkorch.cli;

import io.zkorch.ZkorchException;
import io.zkorch.progress.Progress;
import io.zkorch.report.Reports;
import io.zkorch.runtime.Provider;
import io.zkorch.scenario.ScenarioResult;
import io.zkorch.scenario.ScenarioRunner;
import io.zkorch.spec.ClusterSpec;
import io.zkorch.spec.ScenarioSpec;
import io.zkorch.topology.Topology;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What `run` and `demo` share: refusing faults the runtime cannot inject, and running scenarios to a report. */
final class Scenarios {

  private Scenarios() {}

  /** A usage error, before anything starts, when a scenario has partition faults and the runtime cannot cut. */
  static void requireInjectable(Provider runtime, List<ScenarioSpec> scenarios) {
    if (runtime.partitioning().isPresent()) {
      return;
    }
    for (ScenarioSpec s : scenarios) {
      if (s.faults() != null && s.faults().schedule().stream().anyMatch(f -> f.startsWith("partition-"))) {
        throw ZkorchException.usage("Scenario " + s.name() + " has partition faults, which the " + runtime.name()
            + " runtime cannot inject (its members share this host's network); use --runtime docker or drop"
            + " them (kill and pause work here).");
      }
    }
  }

  /** Runs every scenario on the cluster, prints the verdict table (and writes reports to {@code report}). */
  static List<ScenarioResult> runAndReport(Provider runtime, Progress progress, ClusterSpec spec, String connect,
      List<ScenarioSpec> scenarios, Path report) {
    return runAndReport(runtime, progress, spec, connect, scenarios, report, null, OutputOption.Format.text,
        java.time.Instant.now());
  }

  /**
   * The same; {@code boot} (may be null) says where the seconds went when this run booted the cluster; with a
   * {@code format} other than text, the report's document is printed instead of the table.
   */
  static List<ScenarioResult> runAndReport(Provider runtime, Progress progress, ClusterSpec spec, String connect,
      List<ScenarioSpec> scenarios, Path report, io.zkorch.health.BootTimeline boot, OutputOption.Format format,
      java.time.Instant started) {
    Topology topology = Topology.of(spec);
    String workers = runtime.prepareWorkers(topology, progress);
    ScenarioRunner runner = new ScenarioRunner(runtime, progress);
    String runId = ScenarioRunner.runId();
    List<ScenarioResult> results = new ArrayList<>();
    for (ScenarioSpec s : scenarios) {
      results.add(runner.run(topology, workers, connect, s, runId));
    }
    Reports.RunInfo info = Reports.RunInfo.of(spec.zookeeper().version(), runtime.name(), results, started);
    if (format == OutputOption.Format.text) {
      System.out.print(Reports.table(results));
    } else {
      System.out.print(OutputOption.render(Documents.run(Reports.model(spec.name(), results, boot, info)), format));
    }
    if (report != null) {
      (format == OutputOption.Format.text ? System.out : System.err).println("Reports: " + String.join(", ",
          Reports.write(report, spec.name(), results, boot, info).stream().map(Path::toString).toList()));
    }
    return results;
  }

  static int exitCode(List<ScenarioResult> results) {
    return results.stream().allMatch(ScenarioResult::passed) ? 0 : ZkorchException.EXIT_FAILURE;
  }
}
