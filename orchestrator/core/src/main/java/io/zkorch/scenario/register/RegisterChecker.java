package io.zkorch.scenario.register;

import io.zkorch.linear.Linearizability;
import io.zkorch.linear.Op;
import io.zkorch.scenario.CheckResult;
import io.zkorch.scenario.Checkers.Outcome;
import io.zkorch.scenario.History;
import io.zkorch.scenario.Record;
import io.zkorch.scenario.Stats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The register scenario's checker: the workers' operations as one history, checked for linearizability per
 * register. What ZooKeeper promises decides what a non-linearizable history means: reads after {@code sync()} and
 * writes are expected to be linearizable, so one fails the run; plain reads are only sequentially consistent (a
 * member behind the leader may answer from its past), so with {@code --reads plain} a stale read is a finding, shown
 * with its stretch of history, and the run passes. A budget that runs out is never a pass.
 */
public final class RegisterChecker {

  /** The search's budget within a run. */
  static final Linearizability.Budget BUDGET = new Linearizability.Budget(Duration.ofSeconds(60), 10_000_000);

  private RegisterChecker() {}

  /** The records of the operations that did or may have happened (failed ones left out), in invocation order. */
  private static List<Record> happened(History h) {
    List<Record> ops = new ArrayList<>(h.ofType("op"));
    ops.removeIf(r -> "fail".equals(r.str("type")));
    ops.sort(Comparator.comparingLong(r -> r.num("call")));
    return ops;
  }

  /**
   * Which member answered each operation of {@link #operations} (by its id), where the worker said so in its
   * record's optional {@code server} field; null where it did not.
   */
  public static java.util.function.Function<Op, String> servers(History h) {
    List<Record> ops = happened(h);
    return o -> o.id() >= 0 && o.id() < ops.size() ? ops.get(o.id()).str("server") : null;
  }

  /** The history's operations (failed ones left out), in invocation order. */
  public static List<Op> operations(History h) {
    List<Op> out = new ArrayList<>();
    for (Record r : happened(h)) {
      String type = r.str("type");
      Op.F f = Op.F.valueOf(r.str("f").toUpperCase(Locale.ROOT));
      boolean info = type.equals("info");
      out.add(new Op(out.size(), r.str("process"), r.str("key"), f, r.str("value"), r.str("expected"), r.num("call"),
          info ? Long.MAX_VALUE : r.num("ret"), info ? Op.Outcome.INFO : Op.Outcome.OK));
    }
    return out;
  }

  /**
   * The fault the member that answered {@code o} was under when {@code o} began, said with what it cut: the evidence
   * a reader needs to tell ZooKeeper's behaviour under that fault from a bug elsewhere. Empty when the member is not
   * known or was under no fault.
   */
  static String during(Op o, String server, List<io.zkorch.fault.FaultEvent> faults) {
    if (server == null) {
      return "";
    }
    for (io.zkorch.fault.FaultEvent f : faults) {
      if (f.on(server, o.call())) {
        return String.format(Locale.ROOT, "; %s answered it %.1f s into %s (%s)", server,
            (o.call() - f.injectedAt()) / 1e6, f.fault().id(), f.links().isEmpty() ? "on " + String.join(", ",
                f.nodes()) : "links cut: " + String.join(", ", f.links()));
      }
    }
    return "";
  }

  public static Outcome check(History h, boolean plainReads) {
    List<Op> ops = operations(h);
    Linearizability.Result r = new Linearizability(BUDGET).check(ops);
    List<CheckResult> checks = new ArrayList<>();
    String name = plainReads ? "linearizable (plain reads: sequential consistency promised)"
        : "linearizable (reads after sync, writes, cas)";
    String took = String.format(Locale.ROOT, "%d operations on %d registers, checked in %.2f s", r.operations(),
        r.keys(), r.elapsed().toMillis() / 1000.0);
    switch (r.verdict()) {
      case LINEARIZABLE -> checks.add(CheckResult.pass(name, took));
      case UNKNOWN -> checks.add(CheckResult.fail(name, "unknown: " + r.why() + " (" + took + "); not a pass"));
      default -> {
        var servedBy = servers(h);
        String where = io.zkorch.linear.Counterexamples.describe(r.counterexample(), servedBy)
            + during(r.counterexample().stuck(), servedBy.apply(r.counterexample().stuck()), h.faults());
        checks.add(plainReads
            ? CheckResult.warn(name, "a stale read, which plain reads may give (ZooKeeper promises sequential"
                + " consistency, not linearizability, without sync): " + where)
            : CheckResult.fail(name, where));
      }
    }
    checks.add(h.noWorkerErrored());
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("operations", ops.size());
    figures.put("operations_per_s", Stats.round(ops.size() / Math.max(h.seconds(), 1e-9), 1));
    for (Op.F f : Op.F.values()) {
      figures.put(f == Op.F.CAS ? "cas" : f.id() + "s", ops.stream().filter(o -> o.f() == f).count());
    }
    figures.put("in_doubt", ops.stream().filter(Op::inDoubt).count());
    figures.put("failed_cas", h.ofType("op").stream().filter(x -> "fail".equals(x.str("type"))
        && "cas".equals(x.str("f"))).count());
    figures.put("check_s", Stats.round(r.elapsed().toMillis() / 1000.0, 2));
    figures.put("check_states", r.states());
    return new Outcome(checks, figures);
  }
}
