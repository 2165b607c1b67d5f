package io.zkorch.report;

import io.zkorch.linear.ConfigHistory;
import io.zkorch.linear.Counterexamples;
import io.zkorch.linear.Linearizability;
import io.zkorch.linear.LockHistory;
import io.zkorch.linear.Op;
import io.zkorch.linear.QueueHistory;
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
 * The reports {@code zkorch run} writes, for histories your own code recorded: report.html (the verdict; for a
 * register or a lock that fails, the stretch of history no order explains, drawn, plus the calls' latency; for
 * configuration, how long watchers took to see each version), report.json, junit.xml, and for registers and locks
 * NAME-history.jsonl and .edn (for {@code zkorch check register}, Knossos or Porcupine). Write one before you assert,
 * so a failed test leaves it behind:
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

  /** The reports of a queue history, judged as {@link QueueHistory#assertEveryItemOnce()} does. */
  public static List<Path> write(Path dir, String name, QueueHistory history) {
    List<String> problems = history.problems();
    String check = "every acknowledged item taken exactly once";
    Map<String, Object> figures = history.figures();
    CheckResult verdict = problems.isEmpty()
        ? CheckResult.pass(check, figures.get("put") + " acknowledged, " + figures.get("in_doubt") + " in doubt, "
            + figures.get("taken") + " taken")
        : CheckResult.fail(check, String.join("; ", problems));
    return write(dir, name, "queue", ((Number) figures.get("consumers")).intValue(), List.of(verdict), figures,
        List.of(), 1e-6);
  }

  /**
   * The reports of a configuration history, judged as {@link ConfigHistory#assertMonotonicAndConverged()} does, with
   * how long each watcher took to see each acknowledged version.
   */
  public static List<Path> write(Path dir, String name, ConfigHistory history) {
    List<String> problems = history.problems();
    String check = "every watcher went forward only and ended on the last acknowledged version";
    Map<String, Object> figures = history.figures();
    CheckResult verdict = problems.isEmpty()
        ? CheckResult.pass(check, figures.get("watchers") + " watchers saw " + figures.get("seen") + " versions")
        : CheckResult.fail(check, String.join("; ", problems));
    // the records zkorch's own config workers leave: publish and apply, each with its version and time (µs)
    List<ConfigHistory.Event> events = history.events();
    long origin = events.stream().mapToLong(ConfigHistory.Event::atNanos).min().orElse(0);
    List<Record> records = new ArrayList<>();
    for (ConfigHistory.Event e : events) {
      records.add(Record.of("t", e.what(), "w", e.who(), "v", e.version(), "at", (e.atNanos() - origin) / 1000));
    }
    double seconds = events.isEmpty() ? 1e-6 : (events.stream().mapToLong(ConfigHistory.Event::atNanos).max()
        .orElse(origin) - origin) / 1e9;
    return write(dir, name, "config", ((Number) figures.get("watchers")).intValue() + 1, List.of(verdict), figures,
        records, seconds);
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
    double seconds = (last - origin) / 1e9;
    long processes = ops.stream().map(Op::process).distinct().count();
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("operations", ops.size());
    figures.put("processes", processes);
    figures.put("in_doubt", ops.stream().filter(Op::inDoubt).count());
    figures.put("operations_per_s", Stats.round(ops.size() / Math.max(seconds, 1e-6), 1));
    return write(dir, name, "register", (int) processes, List.of(verdict), figures, records, seconds);
  }

  /** One scenario's reports: its verdicts, figures and the records its kind's pictures are drawn from. */
  private static List<Path> write(Path dir, String name, String kind, int workers, List<CheckResult> checks,
      Map<String, Object> figures, List<Record> records, double seconds) {
    double s = Math.max(seconds, 1e-6);
    ScenarioSpec spec = new ScenarioSpec(name, io.zkorch.spec.ScenarioTypes.of(kind), Math.max(workers, 1),
        Duration.ofMillis(Math.max(1, Math.round(s * 1000))), Map.of(),
        new FaultsSpec(List.of(), FaultsSpec.DEFAULT_INTERVAL, null, null));
    ScenarioResult result = new ScenarioResult(spec, checks, figures, new History(records, Map.of(), Map.of(), s));
    return Reports.write(dir, name, List.of(result));
  }
}
