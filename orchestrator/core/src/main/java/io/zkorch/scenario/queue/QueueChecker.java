package io.zkorch.scenario.queue;

import io.zkorch.scenario.CheckResult;
import io.zkorch.scenario.Checkers;
import io.zkorch.scenario.Checkers.Outcome;
import io.zkorch.scenario.History;
import io.zkorch.scenario.Stats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The queue scenario's checker: a pure function from a run's history to checks and figures. */
public final class QueueChecker {

  private QueueChecker() {}

  /** Queue: every item put was taken exactly once; nothing taken that was never put. */
  public static Outcome check(History h) {
    List<CheckResult> checks = new ArrayList<>();
    Set<String> put = new HashSet<>();
    h.ofType("put").forEach(r -> put.add(r.str("item")));
    Map<String, Integer> taken = new HashMap<>();
    h.ofType("take").forEach(r -> taken.merge(r.str("item"), 1, Integer::sum));
    List<String> lost = put.stream().filter(i -> !taken.containsKey(i)).sorted().toList();
    List<String> twice = taken.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).sorted()
        .toList();
    List<String> phantom = taken.keySet().stream().filter(i -> !put.contains(i)).sorted().toList();
    checks.add(lost.isEmpty() && phantom.isEmpty()
        ? CheckResult.pass("nothing lost", put.size() + " items put, all taken")
        : CheckResult.fail("nothing lost", lost.size() + " never taken " + Checkers.abbreviate(lost)
            + (phantom.isEmpty() ? "" : "; taken but never put " + Checkers.abbreviate(phantom))));
    checks.add(twice.isEmpty()
        ? CheckResult.pass("nothing delivered twice", taken.size() + " items taken once each")
        : CheckResult.fail("nothing delivered twice", twice.size() + " items taken twice " + Checkers.abbreviate(twice)));
    checks.add(h.noWorkerErrored());
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("items", put.size());
    figures.put("items_per_s", Stats.round(taken.size() / Math.max(h.seconds(), 1e-9), 1));
    return new Outcome(checks, figures);
  }
}
