package io.zkorch.report;

import io.zkorch.fault.FaultEvent;
import io.zkorch.scenario.CheckResult;
import io.zkorch.scenario.Picture;
import io.zkorch.scenario.ScenarioKinds;
import io.zkorch.scenario.Record;
import io.zkorch.scenario.ScenarioResult;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** One self-contained HTML page: verdicts, figures, and pictures (timelines, latency histograms) as inline SVG. */
final class HtmlReport {

  private HtmlReport() {}

  static String render(String cluster, List<ScenarioResult> results) {
    return render(cluster, results, null);
  }

  /** With the boot's time split, when the run booted the cluster. */
  static String render(String cluster, List<ScenarioResult> results, String boot) {
    return render(cluster, results, boot, null);
  }

  /** With what produced the run (zkorch, ZooKeeper, runtime, seed, dates) under the title, when known. */
  static String render(String cluster, List<ScenarioResult> results, String boot, String producedBy) {
    boolean passed = results.stream().allMatch(ScenarioResult::passed);
    StringBuilder h = new StringBuilder();
    h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>zkorch — ").append(esc(cluster))
        .append("</title><style>")
        .append("body{font:14px system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}")
        .append("h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ddd}")
        .append("table{border-collapse:collapse;margin:8px 0}td,th{padding:4px 10px;border-bottom:1px solid #eee;")
        .append("text-align:left;vertical-align:top}.pass{color:#1a7f37}.fail{color:#cf222e;font-weight:bold}")
        .append(".warn{color:#9a6700;font-weight:bold}")
        .append(".verdict{padding:8px 12px;border-radius:6px;display:inline-block;color:#fff}")
        .append(".ok{background:#1a7f37}.bad{background:#cf222e}svg{background:#fafafa;border:1px solid #eee}")
        .append("figure{margin:12px 0}figcaption{color:#555;font-size:12px}</style></head><body>");
    h.append("<h1>zkorch scenarios on cluster ").append(esc(cluster)).append("</h1>");
    if (producedBy != null) {
      h.append("<p class=\"produced\" style=\"color:#555\">").append(esc(producedBy)).append("</p>");
    }
    if (boot != null) {
      h.append("<p class=\"boot\">Booted for this run — where the time went: ").append(esc(boot)).append("</p>");
    }
    h.append("<span class=\"verdict ").append(passed ? "ok\">PASS" : "bad\">FAIL").append("</span> ")
        .append(results.size()).append(" scenarios, ")
        .append(results.stream().mapToLong(r -> r.checks().size()).sum()).append(" checks");
    for (ScenarioResult r : results) {
      h.append("<h2>").append(esc(r.spec().name())).append(" <small>(").append(r.spec().kind().id()).append(", ")
          .append(r.spec().workers()).append(" workers, ").append(r.spec().duration().toMillis() / 1000.0)
          .append(" s)</small></h2><table><tr><th></th><th>check</th><th>evidence</th></tr>");
      for (CheckResult c : r.checks()) {
        h.append("<tr><td class=\"").append(!c.passed() ? "fail\">✗" : c.warning() ? "warn\">!" : "pass\">✓")
            .append("</td><td>")
            .append(esc(c.name())).append("</td><td>").append(esc(c.detail())).append("</td></tr>");
      }
      h.append("</table><table>");
      r.figures().forEach((k, v) -> {
        if (!k.equals("failover")) {
          h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(String.valueOf(v))).append("</td></tr>");
        }
      });
      h.append("</table>");
      h.append(faultTable(r));
      List<FaultEvent> faults = r.history().faults();
      for (Picture p : ScenarioKinds.of(r.spec().kind()).pictures(r)) {
        if (p instanceof Picture.Timeline t) {
          h.append(timeline(shaded(t.caption(), faults), t.intervals(), colours(t.marks()), faults));
        } else if (p instanceof Picture.Histogram g) {
          h.append(histogram(g.caption(), g.samples(), x -> g.value().applyAsDouble(x)));
        }
      }
    }
    return h.append("</body></html>\n").toString();
  }

  /** The caption, saying that faults are shaded when there were any. */
  private static String shaded(String caption, List<FaultEvent> faults) {
    if (faults.isEmpty()) {
      return caption;
    }
    return caption.endsWith(")") ? caption.substring(0, caption.length() - 1) + "; shaded: faults)"
        : caption + "; shaded: faults";
  }

  private static Map<Record, String> colours(Map<Record, Picture.Mark> marks) {
    Map<Record, String> colours = new IdentityHashMap<>();
    marks.forEach((record, mark) -> colours.put(record, switch (mark) {
      case VIOLATION -> RED;
      case REJECTED -> AMBER;
      case IN_DOUBT -> GREY;
      case NORMAL -> BLUE;
    }));
    return colours;
  }

  private static final String BLUE = "#0969da";
  private static final String RED = "#cf222e";
  private static final String AMBER = "#bf8700";
  private static final String GREY = "#8c959f";

  /**
   * Rows per worker, a bar per interval [start, end] (wall clock, for the picture only), faults as shaded bands
   * labelled with what they hit.
   */
  private static String timeline(String caption, List<Record> intervals, Map<Record, String> colours,
      List<FaultEvent> faults) {
    if (intervals.isEmpty()) {
      return "<p>(no intervals to draw)</p>";
    }
    Map<String, Integer> rows = new TreeMap<>();
    intervals.forEach(x -> rows.putIfAbsent(x.worker(), 0));
    int i = 0;
    for (String w : rows.keySet()) {
      rows.put(w, i++);
    }
    long t0 = intervals.stream().mapToLong(x -> x.num("start")).min().orElse(0);
    long t1 = intervals.stream().mapToLong(x -> x.num("end")).max().orElse(t0 + 1);
    long last = t1;
    // the faults that overlap what is drawn (a picture of a short stretch shows only those)
    faults = faults.stream().filter(f -> f.injectedAt() <= last && (f.healedAt() == 0 || f.healedAt() >= t0))
        .toList();
    for (FaultEvent f : faults) {
      t1 = Math.max(t1, f.injectedAt());
    }
    double width = 1000;
    // a short stretch (a counterexample) is drawn with each bar's label under it
    boolean labelled = intervals.size() <= 40 && intervals.stream().allMatch(x -> x.has("label"));
    int rowH = labelled ? 30 : 18;
    int left = 70;
    int top = faults.isEmpty() ? 0 : 16;
    int height = top + rows.size() * rowH + 30;
    double scale = (width - left - 10) / Math.max(1, t1 - t0);
    StringBuilder s = new StringBuilder("<figure><svg width=\"" + (int) width + "\" height=\"" + height + "\">");
    for (FaultEvent f : faults) {
      double x0 = left + Math.max(0, f.injectedAt() - t0) * scale;
      double x1 = left + (Math.min(f.healedAt() > 0 ? f.healedAt() : t1, t1) - t0) * scale;
      s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"%d\" fill=\"#cf222e\""
              + " fill-opacity=\"0.12\"><title>%s</title></rect><line x1=\"%.1f\" x2=\"%.1f\" y1=\"0\" y2=\"%d\""
              + " stroke=\"#cf222e\"/><text x=\"%.1f\" y=\"11\" font-size=\"11\" fill=\"#cf222e\">%s</text>",
          x0, Math.max(1, x1 - x0), height - 20, esc(f.describe()), x0, x0, height - 20, x0 + 3,
          esc(f.fault().id() + " " + f.node())));
    }
    rows.forEach((w, row) -> s.append("<text x=\"4\" y=\"").append(top + row * rowH + 14)
        .append("\" font-size=\"11\">").append(esc(w)).append("</text>"));
    for (Record x : intervals) {
      double x0 = left + (x.num("start") - t0) * scale;
      double wd = Math.max(1, (x.num("end") - x.num("start")) * scale);
      if (labelled) {
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\">%s</text>", x0,
            top + rows.get(x.worker()) * rowH + 27, esc(x.str("label"))));
      }
      s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\">"
              + "<title>%s %s</title></rect>", x0, top + rows.get(x.worker()) * rowH + 3, wd, labelled ? 14 : rowH - 6,
          colours.getOrDefault(x, BLUE), esc(x.worker()),
          esc((x.has("label") ? x.str("label") : "") + (x.has("token") ? "token " + x.num("token") : "")
              + (x.has("fenced") ? ": " + x.str("fenced") : ""))));
    }
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">0 ms</text>", left, height - 6));
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%.0f ms</text>",
        (int) width - 10, height - 6, (t1 - t0) / 1000.0));
    return s.append("</svg><figcaption>").append(esc(caption)).append("</figcaption></figure>").toString();
  }

  /** Availability under faults: one row per fault. */
  private static String faultTable(ScenarioResult r) {
    if (r.history().faults().isEmpty()) {
      return "";
    }
    StringBuilder t = new StringBuilder("<table><tr><th>fault</th><th>hit</th><th>at</th><th>lasted</th>"
        + "<th>serving leader again</th><th>work resumed</th></tr>");
    long t0 = Reports.runStart(r);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rows = (List<Map<String, Object>>) r.figures().getOrDefault("failover", List.of());
    for (Map<String, Object> f : rows) {
      t.append("<tr><td>").append(esc(String.valueOf(f.get("fault")))).append("</td><td>")
          .append(esc(f.get("node") + (f.get("role") == null ? "" : " (" + f.get("role") + ")")))
          .append(f.get("links_cut") instanceof List<?> l && !l.isEmpty()
              ? "<br><small>cut: " + esc(String.join(" ", l.stream().map(String::valueOf).toList())) + "</small>" : "")
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "+%.1f s", (((Number) f.get("injected_at_us")).longValue() - t0) / 1e6))
          .append("</td><td>").append(f.get("held_ms") == null ? "not healed" : f.get("held_ms") + " ms")
          .append("</td><td>").append(f.get("leader_after_ms") == null ? "-"
              : esc(f.get("leader") + " after " + f.get("leader_after_ms") + " ms"))
          .append("</td><td>").append(f.get("progress_after_ms") == null ? "<span class=\"fail\">never</span>"
              : "after " + f.get("progress_after_ms") + " ms").append("</td></tr>");
    }
    return t.append("</table>").toString();
  }

  private static String histogram(String caption, List<Record> items, Function<Record, Double> value) {
    if (items.isEmpty()) {
      return "<p>(no samples for " + esc(caption) + ")</p>";
    }
    double[] v = items.stream().mapToDouble(value::apply).sorted().toArray();
    double hi = v[(int) Math.min(v.length - 1, Math.ceil(v.length * 0.995))]; // clip the far tail for legibility
    double lo = Math.min(0, v[0]);
    int bins = 40;
    int[] counts = new int[bins];
    for (double x : v) {
      int b = (int) Math.min(bins - 1, Math.floor((Math.min(x, hi) - lo) / Math.max(1e-9, hi - lo) * bins));
      counts[Math.max(0, b)]++;
    }
    int max = java.util.Arrays.stream(counts).max().orElse(1);
    int w = 1000;
    int hgt = 160;
    double bw = (w - 60) / (double) bins;
    StringBuilder s = new StringBuilder("<figure><svg width=\"" + w + "\" height=\"" + (hgt + 30) + "\">");
    for (int b = 0; b < bins; b++) {
      double bh = counts[b] * (hgt - 10) / (double) max;
      s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
          + "fill=\"#0969da\"><title>%d</title></rect>", 40 + b * bw, hgt - bh, bw - 1, bh, counts[b]));
    }
    s.append(String.format(Locale.ROOT, "<text x=\"40\" y=\"%d\" font-size=\"11\">%.2f</text>", hgt + 16, lo));
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%.2f</text>",
        w - 20, hgt + 16, hi));
    s.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"14\" font-size=\"11\">%d</text>", max));
    return s.append("</svg><figcaption>").append(esc(caption)).append(", ").append(v.length)
        .append(" samples</figcaption></figure>").toString();
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
