package io.zkorch.scenario.lock;

import io.zkorch.scenario.CheckResult;
import io.zkorch.scenario.Checkers;
import io.zkorch.scenario.Checkers.Outcome;
import io.zkorch.scenario.History;
import io.zkorch.scenario.Record;
import io.zkorch.scenario.Stats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The lock scenario's checker: a pure function from a run's history to checks and figures. */
public final class LockChecker {

  private LockChecker() {}

  /**
   * Lock: holdings in ZooKeeper order (the zxid of each holder's counter write). Mutual exclusion means nobody
   * else wrote the counter between a holder's read and its write; with it, the counter equals the number of
   * holdings and fencing tokens rise in holding order.
   */
  public static Outcome check(History h) {
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
          + "): " + b.worker() + " wrote the counter at " + Checkers.hex(b.num("writeZxid")) + ", between " + a.worker()
          + "'s read at " + Checkers.hex(a.num("readZxid")) + " and its write at " + Checkers.hex(a.num("writeZxid")));
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
}
