package io.zkorch.scenario.leader;

import io.zkorch.scenario.CheckResult;
import io.zkorch.scenario.Checkers;
import io.zkorch.scenario.Checkers.Outcome;
import io.zkorch.scenario.History;
import io.zkorch.scenario.Record;
import io.zkorch.scenario.Stats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The leader scenario's checker: a pure function from a run's history to checks and figures. */
public final class LeaderChecker {

  private LeaderChecker() {}

  /** Leader: terms in ZooKeeper order never overlap (each begins after the previous one ended). */
  public static Outcome check(History h) {
    List<Record> terms = new ArrayList<>(h.ofType("term"));
    terms.sort(Comparator.comparingLong(r -> r.num("beginZxid")));
    List<CheckResult> checks = new ArrayList<>();
    List<String> overlaps = new ArrayList<>();
    List<Double> handovers = new ArrayList<>();
    for (int i = 1; i < terms.size(); i++) {
      Record prev = terms.get(i - 1);
      Record cur = terms.get(i);
      if (cur.num("beginZxid") < prev.num("endZxid")) {
        overlaps.add(cur.worker() + " began leading at " + Checkers.hex(cur.num("beginZxid")) + " before " + prev.worker()
            + " ended at " + Checkers.hex(prev.num("endZxid")));
      } else {
        handovers.add((cur.num("start") - prev.num("end")) / 1000.0);
      }
    }
    checks.add(overlaps.isEmpty()
        ? CheckResult.pass("at most one leader at any moment", terms.size() + " terms, none overlapping")
        : CheckResult.fail("at most one leader at any moment", String.join("; ", overlaps)));
    checks.add(terms.size() >= 2
        ? CheckResult.pass("leadership handed over", (terms.size() - 1) + " handovers")
        : CheckResult.fail("leadership handed over", terms.size() + " terms: leadership never changed hands"));
    checks.add(h.noWorkerErrored());
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("terms", terms.size());
    figures.put("handover_p50_ms", Stats.round(Stats.percentile(handovers, 50), 2));
    figures.put("handover_max_ms", Stats.round(Stats.max(handovers), 2));
    return new Outcome(checks, figures);
  }
}
