package io.zkorch.scenario.barrier;

import io.zkorch.scenario.CheckResult;
import io.zkorch.scenario.Checkers;
import io.zkorch.scenario.Checkers.Outcome;
import io.zkorch.scenario.History;
import io.zkorch.scenario.Record;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The barrier scenario's checker: a pure function from a run's history to checks and figures. */
public final class BarrierChecker {

  private BarrierChecker() {}

  /** Double barrier: in every round, everybody arrived (zxid) before anybody passed. */
  public static Outcome check(History h, int members, int rounds) {
    List<CheckResult> checks = new ArrayList<>();
    List<String> early = new ArrayList<>();
    List<String> incomplete = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      int rnd = round;
      List<Record> passes = h.ofType("pass").stream().filter(r -> r.num("round") == rnd).toList();
      if (passes.size() != members) {
        incomplete.add("round " + round + ": " + passes.size() + " of " + members + " passed");
        continue;
      }
      Record lastArrival = passes.stream().max(Comparator.comparingLong(r -> r.num("arriveZxid"))).orElseThrow();
      Record firstPass = passes.stream().min(Comparator.comparingLong(r -> r.num("passZxid"))).orElseThrow();
      if (firstPass.num("passZxid") < lastArrival.num("arriveZxid")) {
        early.add("round " + round + ": " + firstPass.worker() + " passed at " + Checkers.hex(firstPass.num("passZxid"))
            + " before " + lastArrival.worker() + " arrived at " + Checkers.hex(lastArrival.num("arriveZxid")));
      }
    }
    checks.add(early.isEmpty()
        ? CheckResult.pass("no one leaves before all entered", rounds + " rounds of " + members)
        : CheckResult.fail("no one leaves before all entered", String.join("; ", early)));
    checks.add(incomplete.isEmpty()
        ? CheckResult.pass("every worker passed every round", members + " × " + rounds)
        : CheckResult.fail("every worker passed every round", String.join("; ", incomplete)));
    checks.add(h.noWorkerErrored());
    return new Outcome(checks, Map.of("rounds", rounds, "members", members));
  }
}
