package io.zkorch.scenario;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The checkers: pure functions from a {@link History} to checks and figures. Order always comes from zxids and
 * sequence numbers that ZooKeeper assigned; wall-clock times appear only in figures (latencies) and pictures.
 */
public final class Checkers {

  private Checkers() {}

  /** Checks and figures of one run. */
  public record Outcome(List<CheckResult> checks, Map<String, Object> figures) {
    public boolean passed() {
      return checks.stream().allMatch(CheckResult::passed);
    }
  }

  static String hex(long zxid) {
    return "0x" + Long.toHexString(zxid);
  }

  // ---------------------------------------------------------------------------------------------------- lock

  /**
   * Lock: holdings in ZooKeeper order (the zxid of each holder's counter write). Mutual exclusion means nobody
   * else wrote the counter between a holder's read and its write; with it, the counter equals the number of
   * holdings and fencing tokens rise in holding order.
   */
  public static Outcome lock(History h) {
    List<Record> all = h.ofType("hold");
    List<Record> holds = new ArrayList<>(all.stream().filter(r -> r.has("writeZxid")).toList());
    holds.sort(Comparator.comparingLong(r -> r.num("writeZxid")));
    List<Record> fenced = all.stream().filter(r -> r.has("fenced")).toList();
    // a worker killed inside its critical section may have written without recording it: in doubt, like a write
    // whose connection dropped
    long uncertain = all.stream().filter(r -> r.has("uncertain")).count() + h.killedWorkers().size();
    List<CheckResult> checks = new ArrayList<>();

    List<String> overlaps = new ArrayList<>();
    for (Record[] pair : overlappingHolds(holds)) {
      Record a = pair[0];
      Record b = pair[1];
      overlaps.add(a.worker() + " (token " + a.num("token") + ") and " + b.worker() + " (token " + b.num("token")
          + "): " + b.worker() + " wrote the counter at " + hex(b.num("writeZxid")) + ", between " + a.worker()
          + "'s read at " + hex(a.num("readZxid")) + " and its write at " + hex(a.num("writeZxid")));
    }
    checks.add(overlaps.isEmpty()
        ? CheckResult.pass("no overlapping holders", holds.size() + " holdings, each alone in its critical section")
        : CheckResult.fail("no overlapping holders", overlaps.size() + " overlapping holdings: "
            + String.join("; ", overlaps.subList(0, Math.min(5, overlaps.size())))
            + (overlaps.size() > 5 ? "; …" : "")));

    if (!fenced.isEmpty()) {
      List<String> stale = fenced.stream().limit(5).map(r -> r.worker() + " (token " + r.num("token") + ") was in"
          + " its critical section when " + r.str("fenced")).toList();
      String evidence = fenced.size() + " stale " + (fenced.size() == 1 ? "holder" : "holders") + ": "
          + String.join("; ", stale) + (fenced.size() > 5 ? "; …" : "") + ". Fencing rejected "
          + (fenced.size() == 1 ? "its write" : "their writes") + ", so nothing was lost";
      // a lock is only as good as its session: a holder paused past its session timeout wakes up believing it
      // still holds the lock while another has it. Expected under faults; without any, the lock itself failed.
      String seen = "one holder at a time, as the clients saw it";
      checks.add(h.faults().isEmpty()
          ? CheckResult.fail(seen, evidence + ", but no fault explains two holders at once")
          : CheckResult.warn(seen, evidence + ". Curator's lock ends with the holder's session; a holder paused past"
              + " its session timeout wakes up still believing it holds the lock"));
      checks.add(overlaps.isEmpty()
          ? CheckResult.pass("fencing rejected every stale write", fenced.size() + " stale "
              + (fenced.size() == 1 ? "write" : "writes") + " refused; every accepted write was alone")
          : CheckResult.fail("fencing rejected every stale write", "accepted writes overlapped (above)"));
    }

    Long counter = h.finals().get("counter");
    String name = "counter equals acquisitions";
    if (counter == null) {
      checks.add(CheckResult.fail(name, "counter never read, " + holds.size() + " acquisitions"));
    } else if (counter == holds.size()) {
      checks.add(CheckResult.pass(name, "counter " + counter + " = " + holds.size() + " acquisitions"
          + (fenced.isEmpty() ? "" : " that wrote (" + fenced.size() + " fenced off)")));
    } else if (counter > holds.size() && counter <= holds.size() + uncertain) {
      checks.add(CheckResult.pass(name, "counter " + counter + " = " + holds.size() + " acquisitions + "
          + (counter - holds.size()) + " of " + uncertain + " whose write was in flight when the connection dropped"));
    } else {
      checks.add(CheckResult.fail(name, "counter " + counter + " but " + holds.size() + " acquisitions"
          + (uncertain > 0 ? " (+ up to " + uncertain + " in doubt)" : "") + ": "
          + (counter < holds.size() ? (holds.size() - counter) + " updates lost" : "more writes than holdings")));
    }

    String tokenProblem = null;
    for (int i = 1; i < holds.size() && tokenProblem == null; i++) {
      Record prev = holds.get(i - 1);
      Record cur = holds.get(i);
      if (cur.num("token") <= prev.num("token")) {
        tokenProblem = cur.worker() + " held with token " + cur.num("token") + " after " + prev.worker()
            + " held with token " + prev.num("token") + (cur.num("token") == prev.num("token") ? " (equal)" : "");
      }
    }
    checks.add(tokenProblem == null
        ? CheckResult.pass("fencing tokens increase in holding order",
            holds.isEmpty() ? "no holdings" : "tokens " + holds.get(0).num("token") + " … "
                + holds.get(holds.size() - 1).num("token") + " rise with the counter writes")
        : CheckResult.fail("fencing tokens increase in holding order", tokenProblem));
    checks.add(h.noWorkerErrored());
    if (holds.isEmpty()) {
      checks.add(CheckResult.fail("progress", "no worker ever held the lock"));
    }

    Map<String, Object> figures = new LinkedHashMap<>();
    List<Long> acquire = holds.stream().map(r -> r.num("acqUs")).toList();
    figures.put("acquisitions", holds.size());
    figures.put("fenced_writes", fenced.size());
    figures.put("writes_in_doubt", uncertain);
    figures.put("acquisitions_per_s", Stats.round(holds.size() / Math.max(h.seconds(), 1e-9), 1));
    figures.put("acquire_p50_ms", Stats.round(Stats.percentile(acquire, 50) / 1000, 2));
    figures.put("acquire_p99_ms", Stats.round(Stats.percentile(acquire, 99) / 1000, 2));
    Map<String, Long> perWorker = new TreeMap<>();
    h.records().stream().filter(r -> r.type().equals("start")).forEach(r -> perWorker.put(r.worker(), 0L));
    holds.forEach(r -> perWorker.merge(r.worker(), 1L, Long::sum));
    figures.put("holdings_per_worker", perWorker);
    figures.put("fairness_jain", Stats.round(Stats.jain(perWorker.values().stream().mapToLong(Long::longValue)
        .toArray()), 3));
    return new Outcome(checks, figures);
  }

  // -------------------------------------------------------------------------------------------------- config

  /**
   * Config: the writer's acknowledged versions are 1..N with nothing lost, every watcher applied versions in rising
   * order only and ended on N. Propagation latency is apply time minus the write's acknowledgement (one host clock).
   */
  public static Outcome config(History h, int finalVersion) {
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
        : CheckResult.fail("no update lost", "missing " + abbreviate(missing) + ", published twice "
            + abbreviate(duplicates) + ", znode holds " + stored + " (expected " + finalVersion + ")"));

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

  // -------------------------------------------------------------------------------------------------- leader

  /** Leader: terms in ZooKeeper order never overlap (each begins after the previous one ended). */
  public static Outcome leader(History h) {
    List<Record> terms = new ArrayList<>(h.ofType("term"));
    terms.sort(Comparator.comparingLong(r -> r.num("beginZxid")));
    List<CheckResult> checks = new ArrayList<>();
    List<String> overlaps = new ArrayList<>();
    List<Double> handovers = new ArrayList<>();
    for (int i = 1; i < terms.size(); i++) {
      Record prev = terms.get(i - 1);
      Record cur = terms.get(i);
      if (cur.num("beginZxid") < prev.num("endZxid")) {
        overlaps.add(cur.worker() + " began leading at " + hex(cur.num("beginZxid")) + " before " + prev.worker()
            + " ended at " + hex(prev.num("endZxid")));
      } else {
        handovers.add((cur.num("start") - prev.num("end")) / 1000.0);
      }
    }
    checks.add(overlaps.isEmpty()
        ? CheckResult.pass("at most one leader at any moment", terms.size() + " terms, none overlapping")
        : CheckResult.fail("at most one leader at any moment", String.join("; ", overlaps)));
    checks.add(terms.size() >= 2
        ? CheckResult.pass("leadership handed over", (terms.size() - 1) + " handovers")
        : CheckResult.fail("leadership handed over", terms.size() + " terms: leadership never changed hands"));
    checks.add(h.noWorkerErrored());
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("terms", terms.size());
    figures.put("handover_p50_ms", Stats.round(Stats.percentile(handovers, 50), 2));
    figures.put("handover_max_ms", Stats.round(Stats.max(handovers), 2));
    return new Outcome(checks, figures);
  }

  // ------------------------------------------------------------------------------------------------- counter

  /** Counter: the final value equals the number of successful increments, and no two saw the same value. */
  public static Outcome counter(History h) {
    List<Record> incs = h.ofType("inc");
    List<CheckResult> checks = new ArrayList<>();
    Long value = h.finals().get("counter");
    checks.add(value != null && value == incs.size()
        ? CheckResult.pass("final value equals successful increments", value + " = " + incs.size())
        : CheckResult.fail("final value equals successful increments", "final " + value + ", but " + incs.size()
            + " increments succeeded"));
    Set<Long> posts = new HashSet<>();
    List<Long> twice = new ArrayList<>();
    for (Record r : incs) {
      if (!posts.add(r.num("post"))) {
        twice.add(r.num("post"));
      }
    }
    checks.add(twice.isEmpty()
        ? CheckResult.pass("no value handed out twice", incs.size() + " distinct values")
        : CheckResult.fail("no value handed out twice", "values seen twice: " + abbreviate(twice)));
    checks.add(h.noWorkerErrored());
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("increments", incs.size());
    figures.put("increments_per_s", Stats.round(incs.size() / Math.max(h.seconds(), 1e-9), 1));
    figures.put("failed_attempts", h.ofType("done").stream().mapToLong(r -> r.num("failed", 0)).sum());
    return new Outcome(checks, figures);
  }

  // ------------------------------------------------------------------------------------------------- barrier

  /** Double barrier: in every round, everybody arrived (zxid) before anybody passed. */
  public static Outcome barrier(History h, int members, int rounds) {
    List<CheckResult> checks = new ArrayList<>();
    List<String> early = new ArrayList<>();
    List<String> incomplete = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      int rnd = round;
      List<Record> passes = h.ofType("pass").stream().filter(r -> r.num("round") == rnd).toList();
      if (passes.size() != members) {
        incomplete.add("round " + round + ": " + passes.size() + " of " + members + " passed");
        continue;
      }
      Record lastArrival = passes.stream().max(Comparator.comparingLong(r -> r.num("arriveZxid"))).orElseThrow();
      Record firstPass = passes.stream().min(Comparator.comparingLong(r -> r.num("passZxid"))).orElseThrow();
      if (firstPass.num("passZxid") < lastArrival.num("arriveZxid")) {
        early.add("round " + round + ": " + firstPass.worker() + " passed at " + hex(firstPass.num("passZxid"))
            + " before " + lastArrival.worker() + " arrived at " + hex(lastArrival.num("arriveZxid")));
      }
    }
    checks.add(early.isEmpty()
        ? CheckResult.pass("no one leaves before all entered", rounds + " rounds of " + members)
        : CheckResult.fail("no one leaves before all entered", String.join("; ", early)));
    checks.add(incomplete.isEmpty()
        ? CheckResult.pass("every worker passed every round", members + " × " + rounds)
        : CheckResult.fail("every worker passed every round", String.join("; ", incomplete)));
    checks.add(h.noWorkerErrored());
    return new Outcome(checks, Map.of("rounds", rounds, "members", members));
  }

  // --------------------------------------------------------------------------------------------------- queue

  /** Queue: every item put was taken exactly once; nothing taken that was never put. */
  public static Outcome queue(History h) {
    List<CheckResult> checks = new ArrayList<>();
    Set<String> put = new HashSet<>();
    h.ofType("put").forEach(r -> put.add(r.str("item")));
    Map<String, Integer> taken = new HashMap<>();
    h.ofType("take").forEach(r -> taken.merge(r.str("item"), 1, Integer::sum));
    List<String> lost = put.stream().filter(i -> !taken.containsKey(i)).sorted().toList();
    List<String> twice = taken.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).sorted()
        .toList();
    List<String> phantom = taken.keySet().stream().filter(i -> !put.contains(i)).sorted().toList();
    checks.add(lost.isEmpty() && phantom.isEmpty()
        ? CheckResult.pass("nothing lost", put.size() + " items put, all taken")
        : CheckResult.fail("nothing lost", lost.size() + " never taken " + abbreviate(lost)
            + (phantom.isEmpty() ? "" : "; taken but never put " + abbreviate(phantom))));
    checks.add(twice.isEmpty()
        ? CheckResult.pass("nothing delivered twice", taken.size() + " items taken once each")
        : CheckResult.fail("nothing delivered twice", twice.size() + " items taken twice " + abbreviate(twice)));
    checks.add(h.noWorkerErrored());
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("items", put.size());
    figures.put("items_per_s", Stats.round(taken.size() / Math.max(h.seconds(), 1e-9), 1));
    return new Outcome(checks, figures);
  }

  /**
   * Pairs (a, b) of holdings where b wrote the counter strictly between a's read and a's write: b was inside a's
   * critical section. {@code holds} must be sorted by write zxid.
   */
  public static List<Record[]> overlappingHolds(List<Record> holds) {
    List<Record[]> pairs = new ArrayList<>();
    long[] writes = holds.stream().mapToLong(r -> r.num("writeZxid")).toArray();
    for (Record a : holds) {
      int from = upperBound(writes, a.num("readZxid"));
      int to = lowerBound(writes, a.num("writeZxid"));
      for (int i = from; i < to; i++) {
        if (holds.get(i) != a) {
          pairs.add(new Record[] {a, holds.get(i)});
        }
      }
    }
    return pairs;
  }

  /** First index whose value is greater than {@code key}. */
  private static int upperBound(long[] sorted, long key) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** First index whose value is not less than {@code key}. */
  private static int lowerBound(long[] sorted, long key) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static String abbreviate(List<?> items) {
    if (items.size() <= 8) {
      return items.toString();
    }
    return items.subList(0, 8) + " and " + (items.size() - 8) + " more";
  }
}
