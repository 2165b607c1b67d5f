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

  /**
   * When the history is not linearizable, the stretch no order explains, drawn: each operation a bar from its call
   * to its return on its process's row — red the one whose completion no order reaches, amber the operations
   * concurrent with it that were not yet placed, blue the last ones placed, grey those in doubt (drawn to the end of
   * the stretch). And the operations' latency.
   */
  @Override
  public List<io.zkorch.scenario.Picture> pictures(io.zkorch.scenario.ScenarioResult r) {
    List<io.zkorch.scenario.Picture> pictures = new ArrayList<>();
    // the checker runs again only to draw what the check found: not when the history passed, or ran out of budget
    boolean found = r.checks().stream().anyMatch(x -> x.name().startsWith("linearizable")
        && (!x.passed() || x.warning()) && !x.detail().startsWith("unknown"));
    io.zkorch.linear.Linearizability.Counterexample c = !found ? null
        : new io.zkorch.linear.Linearizability(RegisterChecker.BUDGET).check(RegisterChecker.operations(r.history()))
            .counterexample();
    if (c != null) {
      var servedBy = RegisterChecker.servers(r.history());
      java.util.Map<io.zkorch.linear.Op, io.zkorch.scenario.Picture.Mark> shown = new java.util.LinkedHashMap<>();
      c.order().forEach(o -> shown.put(o, io.zkorch.scenario.Picture.Mark.NORMAL));
      c.stretch().forEach(o -> shown.put(o, io.zkorch.scenario.Picture.Mark.REJECTED));
      shown.put(c.stuck(), io.zkorch.scenario.Picture.Mark.VIOLATION);
      long end = shown.keySet().stream().filter(o -> !o.inDoubt()).mapToLong(io.zkorch.linear.Op::ret).max()
          .orElse(c.stuck().call() + 1);
      List<Record> bars = new ArrayList<>();
      java.util.Map<Record, io.zkorch.scenario.Picture.Mark> marks = new java.util.IdentityHashMap<>();
      shown.forEach((o, mark) -> {
        Record bar = Record.of("t", "op", "w", o.process(), "start", o.call(), "end", Math.max(o.call() + 1,
            Math.min(o.ret(), end)), "label", io.zkorch.linear.Counterexamples.said(o, servedBy)
            .substring(o.process().length() + 1));
        bars.add(bar);
        marks.put(bar, o.inDoubt() && mark == io.zkorch.scenario.Picture.Mark.NORMAL
            ? io.zkorch.scenario.Picture.Mark.IN_DOUBT : mark);
      });
      pictures.add(new io.zkorch.scenario.Picture.Timeline("the stretch of register " + (c.key() == null ? ""
          : c.key() + " ") + "no order explains (red: the operation whose completion no order reaches; amber: the"
          + " operations concurrent with it not yet placed; blue: the last ones placed, in doubt grey)", bars,
          marks));
    }
    List<Record> done = r.history().ofType("op").stream().filter(x -> "ok".equals(x.str("type"))).toList();
    pictures.add(new io.zkorch.scenario.Picture.Histogram("operation latency, call to return (ms)", done,
        x -> (x.num("ret") - x.num("call")) / 1000.0));
    return pictures;
  }

  @Override
  public boolean steady() {
    return true;
  }

  /**
   * The history as JSON lines (invoke, then ok or info, per operation; times in microseconds): history.jsonl; and
   * the same as EDN for Jepsen and Knossos: history.edn.
   */
  @Override
  public Map<String, String> exports(io.zkorch.scenario.ScenarioResult r) {
    List<io.zkorch.linear.Op> ops = RegisterChecker.operations(r.history());
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter edn = new java.io.StringWriter();
    try {
      var servedBy = RegisterChecker.servers(r.history());
      io.zkorch.linear.Histories.writeAll(out, ops, servedBy);
      io.zkorch.linear.Histories.writeEdn(edn, ops, servedBy);
    } catch (java.io.IOException impossible) {
      throw new java.io.UncheckedIOException(impossible);
    }
    Map<String, String> files = new java.util.LinkedHashMap<>();
    files.put("history.jsonl", out.toString());
    files.put("history.edn", edn.toString());
    return files;
  }

  @Override
  public Map<String, WorkerMain> roles() {
    return Map.of("register", (ctx, a) -> RegisterWorker.run(ctx, a.integer("keys", 3), a.flag("plain-reads"),
        a.flag("unsafe")));
  }
}
