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
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < 6; i++) {
        line.append(String.format("%-" + w[i] + "s  ", row[i]));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  /** When the workers started (the earliest start record), in microseconds; the first fault when none did. */
  static long runStart(ScenarioResult r) {
    return r.history().ofType("start").stream().mapToLong(x -> x.num("at", Long.MAX_VALUE)).min()
        .orElse(r.history().faults().isEmpty() ? 0 : r.history().faults().get(0).injectedAt());
  }

  /** report.json, junit.xml and report.html in {@code dir}; returns the files. */
  public static List<Path> write(Path dir, String cluster, List<ScenarioResult> results) {
    return write(dir, cluster, results, null);
  }

  /** The same, with where the boot's seconds went when the run booted the cluster ({@code boot} may be null). */
  public static List<Path> write(Path dir, String cluster, List<ScenarioResult> results,
      io.zkorch.health.BootTimeline boot) {
    try {
      Files.createDirectories(dir);
      Path json = dir.resolve("report.json");
      Map<String, Object> model = jsonModel(cluster, results);
      if (boot != null) {
        model.put("boot", boot.json());
      }
      Files.writeString(json, Records.json(model));
      Path junit = dir.resolve("junit.xml");
      Files.writeString(junit, JUnitXml.render(cluster, results));
      Path html = dir.resolve("report.html");
      Files.writeString(html, HtmlReport.render(cluster, results, boot == null ? null : boot.summary()));
      return List.of(json, junit, html);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, Object> jsonModel(String cluster, List<ScenarioResult> results) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("cluster", cluster);
    root.put("passed", results.stream().allMatch(ScenarioResult::passed));
    List<Object> scenarios = new ArrayList<>();
    for (ScenarioResult r : results) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("name", r.spec().name());
      s.put("kind", r.spec().kind().id());
      s.put("workers", r.spec().workers());
      s.put("duration_s", r.spec().duration().toMillis() / 1000.0);
      s.put("params", r.spec().params());
      if (r.spec().faults() != null) {
        s.put("faults", Map.of("schedule", r.spec().faults().schedule(),
            "interval_s", r.spec().faults().intervalOrDefault().toMillis() / 1000.0));
      }
      s.put("passed", r.passed());
      List<Object> checks = new ArrayList<>();
      for (CheckResult c : r.checks()) {
        checks.add(Map.of("name", c.name(), "passed", c.passed(), "warning", c.warning(), "detail", c.detail()));
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
