package io.zkorch.scenario.config;

import io.zkorch.scenario.CheckResult;
import io.zkorch.scenario.Checkers;
import io.zkorch.scenario.Checkers.Outcome;
import io.zkorch.scenario.History;
import io.zkorch.scenario.Record;
import io.zkorch.scenario.Stats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The config scenario's checker: a pure function from a run's history to checks and figures. */
public final class ConfigChecker {

  private ConfigChecker() {}

  /**
   * Config: the writer's acknowledged versions are 1..N with nothing lost, every watcher applied versions in rising
   * order only and ended on N. Propagation latency is apply time minus the write's acknowledgement (one host clock).
   */
  public static Outcome check(History h, int finalVersion) {
    List<CheckResult> checks = new ArrayList<>();
    Map<Long, Record> published = new HashMap<>();
    List<Long> duplicates = new ArrayList<>();
    for (Record r : h.ofType("publish")) {
      if (published.put(r.num("v"), r) != null) {
        duplicates.add(r.num("v"));
      }
    }
    List<Long> missing = new ArrayList<>();
    for (long v = 1; v <= finalVersion; v++) {
      if (!published.containsKey(v)) {
        missing.add(v);
      }
    }
    Long stored = h.finals().get("config");
    boolean lostNone = missing.isEmpty() && duplicates.isEmpty() && stored != null && stored == finalVersion;
    checks.add(lostNone
        ? CheckResult.pass("no update lost", finalVersion + " versions acknowledged, znode holds " + stored)
        : CheckResult.fail("no update lost", "missing " + Checkers.abbreviate(missing) + ", published twice "
            + Checkers.abbreviate(duplicates) + ", znode holds " + stored + " (expected " + finalVersion + ")"));

    Map<String, List<Record>> byWatcher = new TreeMap<>();
    h.records().stream().filter(r -> r.type().equals("start") && "config_watcher".equals(r.str("kind")))
        .forEach(r -> byWatcher.put(r.worker(), new ArrayList<>()));
    h.ofType("apply").forEach(r -> byWatcher.computeIfAbsent(r.worker(), k -> new ArrayList<>()).add(r));
    List<String> backwards = new ArrayList<>();
    List<String> stuck = new ArrayList<>();
    List<Double> latencies = new ArrayList<>();
    long skipped = 0;
    long repeated = 0;
    for (Map.Entry<String, List<Record>> e : byWatcher.entrySet()) {
      long last = 0;
      for (Record r : e.getValue()) {
        long v = r.num("v");
        if (v < last) {
          backwards.add(e.getKey() + " applied " + v + " after " + last);
        } else if (v == last) {
          repeated++; // the same version again (a republished version, or a cache rebuilt after a reconnect)
        } else {
          skipped += v - last - 1;
        }
        last = Math.max(last, v);
        Record pub = published.get(v);
        if (pub != null) {
          latencies.add((r.num("at") - pub.num("at")) / 1000.0);
        }
      }
      if (last != finalVersion) {
        stuck.add(e.getKey() + " ended on " + last);
      }
    }
    checks.add(backwards.isEmpty()
        ? CheckResult.pass("versions never go backwards", byWatcher.size() + " watchers applied rising versions only")
        : CheckResult.fail("versions never go backwards", String.join("; ", backwards)));
    checks.add(stuck.isEmpty() && !byWatcher.isEmpty()
        ? CheckResult.pass("every watcher converges", byWatcher.size() + " watchers ended on version " + finalVersion)
        : CheckResult.fail("every watcher converges", byWatcher.isEmpty() ? "no watchers ran"
            : stuck.size() + " of " + byWatcher.size() + " watchers did not reach " + finalVersion + ": "
                + String.join("; ", stuck)));
    checks.add(h.noWorkerErrored());

    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("versions", finalVersion);
    figures.put("watchers", byWatcher.size());
    figures.put("propagation_p50_ms", Stats.round(Stats.percentile(latencies, 50), 2));
    figures.put("propagation_p99_ms", Stats.round(Stats.percentile(latencies, 99), 2));
    figures.put("propagation_max_ms", Stats.round(Stats.max(latencies), 2));
    figures.put("coalesced_versions", skipped);
    figures.put("repeated_versions", repeated);
    return new Outcome(checks, figures);
  }
}
