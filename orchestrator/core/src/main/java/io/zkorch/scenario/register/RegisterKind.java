package io.zkorch.scenario.register;

import io.zkorch.runtime.WorkerRun;
import io.zkorch.scenario.Checkers;
import io.zkorch.scenario.History;
import io.zkorch.scenario.Record;
import io.zkorch.scenario.ScenarioKind;
import io.zkorch.scenario.WorkerMain;
import io.zkorch.spec.ScenarioSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A linearizable register, Jepsen-style: workers read, write and compare-and-set a few znodes, every operation
 * recorded as invoked and then ok, fail or info; the history is checked for linearizability
 * ({@link io.zkorch.linear.Linearizability}). Layout: {@code BASE/r/kN} hold the registers' values as text.
 */
public final class RegisterKind implements ScenarioKind {

  @Override
  public String id() {
    return "register";
  }

  @Override
  public int defaultWorkers() {
    return 5;
  }

  @Override
  public Map<String, String> params() {
    return Map.of("reads", "sync", "keys", "3", "unsafe", "false");
  }

  @Override
  public Map<String, List<String>> choices() {
    return Map.of("reads", List.of("sync", "plain"));
  }

  @Override
  public List<WorkerRun> workers(ScenarioSpec s, String base, Shape shape) {
    List<String> options = new ArrayList<>(List.of("--keys", s.param("keys")));
    if (s.param("reads").equals("plain")) {
      options.add("--plain-reads");
    }
    if (s.flag("unsafe")) {
      options.add("--unsafe");
    }
    return ScenarioKind.alike(s, "register", "w", base, options);
  }

  @Override
  public Checkers.Outcome check(ScenarioSpec s, History h) {
    return RegisterChecker.check(h, s.param("reads").equals("plain"));
  }

  @Override
  public long progressAt(Record r) {
    return r.type().equals("op") && "ok".equals(r.str("type")) && !"read".equals(r.str("f")) ? r.num("ret") : -1;
  }

  @Override
  public boolean steady() {
    return true;
  }

  /** The history as JSON lines (invoke, then ok or info, per operation; times in microseconds): history.jsonl. */
  @Override
  public Map<String, String> exports(io.zkorch.scenario.ScenarioResult r) {
    List<io.zkorch.linear.Op> ops = RegisterChecker.operations(r.history());
    java.io.StringWriter out = new java.io.StringWriter();
    try {
      io.zkorch.linear.Histories.writeAll(out, ops);
    } catch (java.io.IOException impossible) {
      throw new java.io.UncheckedIOException(impossible);
    }
    return Map.of("history.jsonl", out.toString());
  }

  @Override
  public Map<String, WorkerMain> roles() {
    return Map.of("register", (ctx, a) -> RegisterWorker.run(ctx, a.integer("keys", 3), a.flag("plain-reads"),
        a.flag("unsafe")));
  }
}
