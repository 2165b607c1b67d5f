package io.zkorch.scenario;

import io.zkorch.fault.HolderLookup;
import io.zkorch.runtime.WorkerRun;
import io.zkorch.scenario.WorkerMain;
import io.zkorch.spec.ScenarioSpec;
import io.zkorch.spec.ScenarioType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;

/**
 * One kind of scenario (a Curator recipe under test), whole: its parameters ({@link ScenarioType}), the workers a run
 * starts and their start gate, what is read back from ZooKeeper afterwards, its checks, when its work counts as
 * progress after a fault, where its lock holder is, its report pictures, and the worker roles that run inside app
 * containers. One package per kind ({@code io.zkorch.scenario.lock}, …); {@link ScenarioRunner} knows none of them.
 * Adding a kind is one package and one line in {@code META-INF/services/io.zkorch.spec.ScenarioType}.
 */
public interface ScenarioKind extends ScenarioType {

  /**
   * What the run's fault schedule means for the plan.
   *
   * @param faulty whether faults are scheduled at all
   * @param holderFaults whether some fault aims at the lock holder
   */
  record Shape(boolean faulty, boolean holderFaults) {}

  /** The workers of a run (before the start gate and packing), each with the arguments of {@code zkorch worker}. */
  List<WorkerRun> workers(ScenarioSpec s, String base, Shape shape);

  /** Whether the kind's workers wait for each other themselves; otherwise each waits at the shared start gate. */
  default boolean gatesItself() {
    return false;
  }

  /** The child of the base znode where gated workers register before anyone starts ({@code --start-together}). */
  String START_GATE = "started";

  /** The znode whose children count the workers that have started (a fault schedule waits for all of them). */
  default String startGate(String base) {
    return base + "/" + START_GATE;
  }

  /** How the start line names the workers: "5 lock workers". */
  default String describeWorkers(ScenarioSpec s) {
    return s.workers() + " " + id() + " workers";
  }

  /** Values the workers left in ZooKeeper, read once they are all gone. */
  default Map<String, Long> finals(CuratorFramework client, String base) throws Exception {
    return Map.of();
  }

  /** The checks and figures of a run. */
  Checkers.Outcome check(ScenarioSpec s, History h);

  /** When a record counts as progress (its time in microseconds), or -1: the failover figures use it. */
  default long progressAt(Record r) {
    return -1;
  }

  /** Whether the work is a steady stream, so that progress after every fault is checked. */
  default boolean steady() {
    return false;
  }

  /** Who holds the lock now, for holder faults (lock kinds only). */
  default Optional<HolderLookup> holders(String base, String hostConnect, io.zkorch.security.ClientAccess access) {
    return Optional.empty();
  }

  /** The pictures of a run for the HTML report. */
  default List<Picture> pictures(ScenarioResult r) {
    return List.of();
  }

  /** Files for other tools, written beside the report as {@code SCENARIO-NAME}: name to content. */
  default Map<String, String> exports(ScenarioResult r) {
    return Map.of();
  }

  /** The app side: this kind's worker roles by name, as {@code zkorch worker ROLE} runs them. */
  Map<String, WorkerMain> roles();

  /** {@code s.workers()} workers named PREFIX1 … PREFIXn, all running {@code role} with the same options. */
  static List<WorkerRun> alike(ScenarioSpec s, String role, String prefix, String base, List<String> options) {
    List<WorkerRun> runs = new java.util.ArrayList<>();
    for (int i = 1; i <= s.workers(); i++) {
      List<String> cmd = new java.util.ArrayList<>(command(role, base, prefix + i, s.duration()));
      cmd.addAll(options);
      runs.add(new WorkerRun(prefix + i, cmd));
    }
    return runs;
  }

  /** The arguments of {@code zkorch worker ROLE} every worker gets, before its kind's own options. */
  static List<String> command(String role, String base, String id, Duration duration) {
    return List.of("worker", role, "--base", base, "--id", id, "--duration", duration.toMillis() + "ms");
  }
}
