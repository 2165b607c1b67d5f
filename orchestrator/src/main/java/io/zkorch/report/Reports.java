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
        String detail = c.detail().length() > 160 ? c.detail().substring(0, 159) + "…" : c.detail();
        rows.add(new String[] {r.spec().name(), c.name(), c.passed() ? "✓" : "✗", detail});
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
        if (!(v instanceof Map)) {
          parts.add(k + " " + v);
        }
      });
      out.append(String.join(", ", parts)).append('\n');
    }
    long failed = results.stream().filter(r -> !r.passed()).count();
    out.append('\n').append(failed == 0 ? "Verdict: PASS — every check of " + results.size() + " scenarios held"
        : "Verdict: FAIL — " + failed + " of " + results.size() + " scenarios violated a check").append('\n');
    return out.toString();
  }

  /** report.json, junit.xml and report.html in {@code dir}; returns the files. */
  public static List<Path> write(Path dir, String cluster, List<ScenarioResult> results) {
    try {
      Files.createDirectories(dir);
      Path json = dir.resolve("report.json");
      Files.writeString(json, Records.json(jsonModel(cluster, results)));
      Path junit = dir.resolve("junit.xml");
      Files.writeString(junit, JUnitXml.render(cluster, results));
      Path html = dir.resolve("report.html");
      Files.writeString(html, HtmlReport.render(cluster, results));
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
      s.put("passed", r.passed());
      List<Object> checks = new ArrayList<>();
      for (CheckResult c : r.checks()) {
        checks.add(Map.of("name", c.name(), "passed", c.passed(), "detail", c.detail()));
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
