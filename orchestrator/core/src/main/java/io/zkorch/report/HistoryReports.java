package io.zkorch.report;

import io.zkorch.linear.Counterexamples;
import io.zkorch.linear.Linearizability;
import io.zkorch.linear.LockHistory;
import io.zkorch.linear.Op;
import io.zkorch.linear.Recorder;
import io.zkorch.scenario.CheckResult;
import io.zkorch.scenario.History;
import io.zkorch.scenario.Record;
import io.zkorch.scenario.ScenarioResult;
import io.zkorch.scenario.Stats;
import io.zkorch.spec.FaultsSpec;
import io.zkorch.spec.ScenarioSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The reports {@code zkorch run} writes, for histories your own code recorded: report.html (the verdict, and when
 * the check fails the stretch of history no order explains, drawn, plus the calls' latency), report.json, junit.xml,
 * and NAME-history.jsonl (for {@code zkorch check register}, Knossos or Porcupine). Write one before you assert, so a
 * failed test leaves the picture behind:
 *
 * <pre>{@code
 * HistoryReports.write(Path.of("target/zkorch"), "job-lock", history);
 * history.assertMutualExclusion();
 * }</pre>
 */
public final class HistoryReports {

  private HistoryReports() {}

  /** The reports of a register history ({@link Recorder}), judged as {@link Recorder#assertLinearizable()} does. */
  public static List<Path> write(Path dir, String name, Recorder history) {
    List<Op> ops = history.history();
    Linearizability.Result r = history.check(Linearizability.Budget.DEFAULT);
    return write(dir, name, ops, "register", verdict("linearizable (your register)", r, ""));
  }

  /**
   * The reports of a lock history ({@link LockHistory}), judged as {@link LockHistory#assertMutualExclusion()}
   * does: an acquisition is cas nil→PROCESS, a release cas PROCESS→nil, and the picture shows them so.
   */
  public static List<Path> write(Path dir, String name, LockHistory history) {
    List<Op> ops = history.history();
    Linearizability.Result r = history.check(Linearizability.Budget.DEFAULT);
    return write(dir, name, ops, "lock", verdict("linearizable as a lock (one holder at a time)", r,
        "two holders at once (an acquisition is cas nil→PROCESS, a release cas PROCESS→nil): "));
  }

  private static CheckResult verdict(String check, Linearizability.Result r, String prefix) {
    String took = String.format(Locale.ROOT, "%d operations, checked in %.2f s", r.operations(),
        r.elapsed().toMillis() / 1000.0);
    return switch (r.verdict()) {
      case LINEARIZABLE -> CheckResult.pass(check, took);
      case UNKNOWN -> CheckResult.fail(check, "unknown: " + r.why() + " (" + took + "); not a pass");
      default -> CheckResult.fail(check, prefix + Counterexamples.describe(r.counterexample()));
    };
  }

  private static List<Path> write(Path dir, String name, List<Op> ops, String key, CheckResult verdict) {
    // the records zkorch's own register workers leave, times in microseconds from the first call
    long origin = ops.stream().mapToLong(Op::call).min().orElse(0);
    long last = origin;
    List<Record> records = new ArrayList<>();
    for (Op o : ops) {
      long call = (o.call() - origin) / 1000;
      long ret = o.inDoubt() ? call + 1 : (o.ret() - origin) / 1000;
      last = Math.max(last, o.inDoubt() ? o.call() : o.ret());
      records.add(Record.of("t", "op", "w", o.process(), "process", o.process(), "f", o.f().id(), "key",
          o.key() == null ? key : o.key(), "type", o.inDoubt() ? "info" : "ok", "call", call, "ret", ret, "value",
          o.value(), "expected", o.expected()));
    }
    double seconds = Math.max((last - origin) / 1e9, 1e-6);
    long processes = ops.stream().map(Op::process).distinct().count();
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("operations", ops.size());
    figures.put("processes", processes);
    figures.put("in_doubt", ops.stream().filter(Op::inDoubt).count());
    figures.put("operations_per_s", Stats.round(ops.size() / seconds, 1));
    ScenarioSpec spec = new ScenarioSpec(name, io.zkorch.spec.ScenarioTypes.of("register"),
        (int) Math.max(processes, 1), Duration.ofMillis(Math.max(1, Math.round(seconds * 1000))), Map.of(),
        new FaultsSpec(List.of(), FaultsSpec.DEFAULT_INTERVAL, null, null));
    ScenarioResult result = new ScenarioResult(spec, List.of(verdict), figures,
        new History(records, Map.of(), Map.of(), seconds));
    return Reports.write(dir, name, List.of(result));
  }
}
