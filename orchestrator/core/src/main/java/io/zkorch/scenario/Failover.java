package io.zkorch.scenario;

import io.zkorch.fault.FaultEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Availability under faults: for each fault, how long until the ensemble had a serving leader again (measured when
 * the fault was injected) and until the scenario made progress again (the first piece of work that began after it:
 * a lock acquisition that wrote, a published config version, a leadership term, an increment, a take).
 */
public final class Failover {

  private Failover() {}

  /** Microseconds from {@code after} to the first progress at or after it; empty when none came. */
  static OptionalLong progressAfter(ScenarioKind kind, History h, long after) {
    long first = Long.MAX_VALUE;
    for (Record r : h.records()) {
      long at = kind.progressAt(r);
      if (at >= after && at < first) {
        first = at;
      }
    }
    return first == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(first - after);
  }

  /** One row per fault: what it hit, time to a leader, time to progress. */
  public static List<Map<String, Object>> rows(ScenarioKind kind, History h) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (FaultEvent f : h.faults()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("fault", f.fault().id());
      row.put("node", f.node());
      row.put("role", f.role());
      row.put("links_cut", f.links());
      row.put("injected_at_us", f.injectedAt());
      row.put("healed_at_us", f.healedAt());
      row.put("held_ms", f.healedAt() == 0 ? null : Stats.round((f.healedAt() - f.injectedAt()) / 1000.0, 1));
      row.put("leader_after_ms", f.leaderAfterMs() == null ? null : Stats.round(f.leaderAfterMs(), 1));
      row.put("leader", f.leader());
      OptionalLong progress = progressAfter(kind, h, f.injectedAt());
      row.put("progress_after_ms", progress.isPresent() ? Stats.round(progress.getAsLong() / 1000.0, 1) : null);
      rows.add(row);
    }
    return rows;
  }

  /**
   * The liveness check under faults: after every fault was healed, the scenario made progress again. Kinds whose
   * work is not a steady stream (config publishes a fixed number of versions; barrier rounds) are judged by their
   * own convergence checks instead.
   */
  public static CheckResult progressAfterEveryFault(ScenarioKind kind, History h) {
    String name = "progress after every fault";
    List<String> stuck = new ArrayList<>();
    for (FaultEvent f : h.faults()) {
      long from = f.healedAt() > 0 ? f.healedAt() : f.injectedAt();
      if (progressAfter(kind, h, from).isEmpty()) {
        stuck.add(f.describe());
      }
    }
    return stuck.isEmpty()
        ? CheckResult.pass(name, h.faults().size() + " faults, work resumed after each")
        : CheckResult.fail(name, "no progress after " + String.join("; ", stuck));
  }
}
