package io.zkorch.report;

import io.zkorch.scenario.CheckResult;
import io.zkorch.scenario.Records;
import io.zkorch.scenario.ScenarioResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes every report of a run; the terminal table is {@link #table}. */
public final class Reports {

  private Reports() {}

  /** The verdict table: one line per check, then the figures of each scenario. */
  public static String table(List<ScenarioResult> results) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"SCENARIO", "CHECK", "OK", "DETAIL"});
    for (ScenarioResult r : results) {
      for (CheckResult c : r.checks()) {
        int max = c.warning() ? 400 : 160; // a warning is read, not skimmed
        String detail = c.detail().length() > max ? c.detail().substring(0, max - 1) + "…" : c.detail();
        rows.add(new String[] {r.spec().name(), c.name(), !c.passed() ? "✗" : c.warning() ? "!" : "✓", detail});
      }
    }
    int[] w = new int[3];
    for (String[] row : rows) {
      for (int i = 0; i < 3; i++) {
        w[i] = Math.max(w[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      out.append(String.format("%-" + w[0] + "s  %-" + w[1] + "s  %-" + Math.max(1, w[2]) + "s  %s", row[0], row[1],
          row[2], row[3]).stripTrailing()).append('\n');
    }
    out.append('\n');
    for (ScenarioResult r : results) {
      out.append(r.spec().name()).append(": ");
      List<String> parts = new ArrayList<>();
      r.figures().forEach((k, v) -> {
        if (!(v instanceof Map) && !(v instanceof List)) {
          parts.add(k + " " + v);
        }
      });
      out.append(String.join(", ", parts)).append('\n');
      out.append(faultTable(r));
    }
    long failed = results.stream().filter(r -> !r.passed()).count();
    out.append('\n').append(failed == 0 ? "Verdict: PASS — every check of " + results.size() + " scenarios held"
        : "Verdict: FAIL — " + failed + " of " + results.size() + " scenarios violated a check").append('\n');
    return out.toString();
  }

  /** One line per injected fault: what it hit, when, for how long, and how soon the ensemble and the work recovered. */
  static String faultTable(ScenarioResult r) {
    if (r.history().faults().isEmpty()) {
      return "";
    }
    long t0 = runStart(r);
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"  FAULT", "NODE", "AT", "LASTED", "SERVING LEADER", "WORK RESUMED"});
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> failover = (List<Map<String, Object>>) r.figures().getOrDefault("failover", List.of());
    for (Map<String, Object> f : failover) {
      long at = ((Number) f.get("injected_at_us")).longValue();
      rows.add(new String[] {
          "  " + f.get("fault"),
          f.get("node") + (f.get("role") == null ? "" : " (" + f.get("role") + ")"),
          String.format(java.util.Locale.ROOT, "+%.1fs", (at - t0) / 1e6),
          f.get("held_ms") == null ? "not healed" : String.format(java.util.Locale.ROOT, "%.1fs",
              ((Number) f.get("held_ms")).doubleValue() / 1000),
          f.get("leader_after_ms") == null ? (f.get("leader") == null ? "-"
              : String.valueOf(f.get("leader")).startsWith("no member (") ? "none: no quorum left" : "none within 60 s")
              : f.get("leader") + " after " + Math.round(((Number) f.get("leader_after_ms")).doubleValue()) + " ms",
          f.get("progress_after_ms") == null ? "never"
              : "after " + Math.round(((Number) f.get("progress_after_ms")).doubleValue()) + " ms"});
    }
    int[] w = new int[6];
    for (String[] row : rows) {
      for (int i = 0; i < 6; i++) {
        w[i] = Math.max(w[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (int n = 0; n < rows.size(); n++) {
      String[] row = rows.get(n);
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < 6; i++) {
        line.append(String.format("%-" + w[i] + "s  ", row[i]));
      }
      out.append(line.toString().stripTrailing()).append('\n');
      Object links = n == 0 ? null : failover.get(n - 1).get("links_cut");
      if (links instanceof List<?> l && !l.isEmpty()) {
        out.append("    cut: ").append(String.join(" ", l.stream().map(String::valueOf).toList())).append('\n');
      }
    }
    return out.toString();
  }

  /** When the workers started (the earliest start record), in microseconds; the first fault when none did. */
  static long runStart(ScenarioResult r) {
    return r.history().ofType("start").stream().mapToLong(x -> x.num("at", Long.MAX_VALUE)).min()
        .orElse(r.history().faults().isEmpty() ? 0 : r.history().faults().get(0).injectedAt());
  }

  /**
   * What produced a report: zkorch's version, the ZooKeeper version the members ran, the runtime, the fault seed
   * (null when no scenario had faults) and when the run started and ended.
   */
  public record RunInfo(String zkorch, String zookeeper, String runtime, Long seed, java.time.Instant started,
      java.time.Instant finished) {

    /** Info for a run of {@code scenarios} on {@code runtime} that started at {@code started} and ends now. */
    public static RunInfo of(String zookeeper, String runtime, List<ScenarioResult> results,
        java.time.Instant started) {
      Long seed = results.stream().filter(r -> r.spec().faults() != null).findFirst()
          .map(r -> r.spec().faults().seedOrDefault()).orElse(null);
      return new RunInfo(io.zkorch.spec.ZooKeeperVersions.ZKORCH, zookeeper, runtime, seed, started,
          java.time.Instant.now());
    }

    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("zkorch", zkorch);
      m.put("zookeeper", zookeeper);
      m.put("runtime", runtime);
      m.put("seed", seed);
      m.put("started", started.toString());
      m.put("finished", finished.toString());
      return m;
    }

    /** One line for the HTML report's head. */
    String line() {
      return "zkorch " + zkorch + " · ZooKeeper " + zookeeper + " · runtime " + runtime
          + (seed == null ? "" : " · seed " + seed) + " · " + started.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
          + " – " + finished.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }
  }

  /** report.json, junit.xml and report.html in {@code dir}; returns the files. */
  public static List<Path> write(Path dir, String cluster, List<ScenarioResult> results) {
    return write(dir, cluster, results, null, null);
  }

  /**
   * The same, with where the boot's seconds went when the run booted the cluster ({@code boot} may be null) and what
   * produced the run ({@code info} may be null).
   */
  public static List<Path> write(Path dir, String cluster, List<ScenarioResult> results,
      io.zkorch.health.BootTimeline boot, RunInfo info) {
    try {
      Files.createDirectories(dir);
      Path json = dir.resolve("report.json");
      Files.writeString(json, Records.json(model(cluster, results, boot, info)));
      Path junit = dir.resolve("junit.xml");
      Files.writeString(junit, JUnitXml.render(cluster, results, info));
      Path html = dir.resolve("report.html");
      Files.writeString(html, HtmlReport.render(cluster, results, boot == null ? null : boot.summary(),
          info == null ? null : info.line()));
      List<Path> files = new java.util.ArrayList<>(List.of(json, junit, html));
      // what a kind exports for other tools (the register's history, as Knossos and Porcupine users read it)
      for (ScenarioResult r : results) {
        if (r.spec().kind() instanceof io.zkorch.scenario.ScenarioKind kind) {
          for (Map.Entry<String, String> e : kind.exports(r).entrySet()) {
            Path file = dir.resolve(r.spec().name() + "-" + e.getKey());
            Files.writeString(file, e.getValue());
            files.add(file);
          }
        }
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** report.json's model (also what {@code run -o json} prints under the output schema's head). */
  public static Map<String, Object> model(String cluster, List<ScenarioResult> results,
      io.zkorch.health.BootTimeline boot, RunInfo info) {
    Map<String, Object> model = jsonModel(cluster, results, info);
    if (boot != null) {
      model.put("boot", boot.json());
    }
    return model;
  }

  static Map<String, Object> jsonModel(String cluster, List<ScenarioResult> results) {
    return jsonModel(cluster, results, null);
  }

  static Map<String, Object> jsonModel(String cluster, List<ScenarioResult> results, RunInfo info) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("cluster", cluster);
    if (info != null) {
      root.put("producedBy", info.json());
    }
    root.put("passed", results.stream().allMatch(ScenarioResult::passed));
    List<Object> scenarios = new ArrayList<>();
    for (ScenarioResult r : results) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("name", r.spec().name());
      s.put("kind", r.spec().kind().id());
      s.put("workers", r.spec().workers());
      s.put("duration_s", r.spec().duration().toMillis() / 1000.0);
      s.put("params", new java.util.TreeMap<>(r.spec().params()));
      if (r.spec().faults() != null) {
        Map<String, Object> faults = new LinkedHashMap<>(); // in a fixed order: scripts and golden files diff it
        faults.put("schedule", r.spec().faults().schedule());
        faults.put("interval_s", r.spec().faults().intervalOrDefault().toMillis() / 1000.0);
        faults.put("seed", r.spec().faults().seedOrDefault());
        s.put("faults", faults);
      }
      s.put("passed", r.passed());
      List<Object> checks = new ArrayList<>();
      for (CheckResult c : r.checks()) {
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("name", c.name());
        check.put("passed", c.passed());
        check.put("warning", c.warning());
        check.put("detail", c.detail());
        checks.add(check);
      }
      s.put("checks", checks);
      s.put("figures", r.figures());
      s.put("records", r.history().records().size());
      scenarios.add(s);
    }
    root.put("scenarios", scenarios);
    return root;
  }
}
