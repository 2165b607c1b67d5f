package io.zkorch.scenario.counter;

import io.zkorch.scenario.CheckResult;
import io.zkorch.scenario.Checkers;
import io.zkorch.scenario.Checkers.Outcome;
import io.zkorch.scenario.History;
import io.zkorch.scenario.Record;
import io.zkorch.scenario.Stats;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The counter scenario's checker: a pure function from a run's history to checks and figures. */
public final class CounterChecker {

  private CounterChecker() {}

  /** Counter: the final value equals the number of successful increments, and no two saw the same value. */
  public static Outcome check(History h) {
    List<Record> incs = h.ofType("inc");
    List<CheckResult> checks = new ArrayList<>();
    Long value = h.finals().get("counter");
    checks.add(value != null && value == incs.size()
        ? CheckResult.pass("final value equals successful increments", value + " = " + incs.size())
        : CheckResult.fail("final value equals successful increments", "final " + value + ", but " + incs.size()
            + " increments succeeded"));
    Set<Long> posts = new HashSet<>();
    List<Long> twice = new ArrayList<>();
    for (Record r : incs) {
      if (!posts.add(r.num("post"))) {
        twice.add(r.num("post"));
      }
    }
    checks.add(twice.isEmpty()
        ? CheckResult.pass("no value handed out twice", incs.size() + " distinct values")
        : CheckResult.fail("no value handed out twice", "values seen twice: " + Checkers.abbreviate(twice)));
    checks.add(h.noWorkerErrored());
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("increments", incs.size());
    figures.put("increments_per_s", Stats.round(incs.size() / Math.max(h.seconds(), 1e-9), 1));
    figures.put("failed_attempts", h.ofType("done").stream().mapToLong(r -> r.num("failed", 0)).sum());
    return new Outcome(checks, figures);
  }
}
