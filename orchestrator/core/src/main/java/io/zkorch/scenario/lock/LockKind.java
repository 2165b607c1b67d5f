package io.zkorch.scenario.lock;

import io.zkorch.fault.HolderLookup;
import io.zkorch.runtime.WorkerRun;
import io.zkorch.scenario.Checkers;
import io.zkorch.scenario.History;
import io.zkorch.scenario.Picture;
import io.zkorch.scenario.ReadBack;
import io.zkorch.scenario.Record;
import io.zkorch.scenario.ScenarioKind;
import io.zkorch.scenario.ScenarioResult;
import io.zkorch.scenario.WorkerMain;
import io.zkorch.spec.ScenarioSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;

/**
 * Curator's {@code InterProcessMutex}: workers take turns incrementing a counter inside the lock, fenced by the
 * lock node's sequence number. The znode layout ({@code BASE/lock}, {@code BASE/counter} holding "VALUE TOKEN") is
 * known here and in {@link LockWorker} only.
 */
public final class LockKind implements ScenarioKind {

  /** Work a holder does between its read and its write when holder faults are scheduled (and none is set). */
  static final long HOLDER_FAULT_HOLD_MS = 100;

  @Override
  public String id() {
    return "lock";
  }

  @Override
  public int defaultWorkers() {
    return 5;
  }

  @Override
  public Map<String, String> params() {
    return Map.of("unsafe", "false", "fencing", "true", "holdMs", "0");
  }

  @Override
  public boolean hasHolder() {
    return true;
  }

  @Override
  public List<WorkerRun> workers(ScenarioSpec s, String base, Shape shape) {
    // a holder fault needs a holder inside its critical section to catch: give the section some work to do
    long holdMs = s.hasParam("holdMs") || !shape.holderFaults() ? s.intParam("holdMs") : HOLDER_FAULT_HOLD_MS;
    List<String> options = new ArrayList<>();
    if (s.flag("unsafe")) {
      options.add("--unsafe");
    }
    if (!s.flag("fencing")) {
      options.add("--no-fencing");
    }
    if (holdMs > 0) {
      options.addAll(List.of("--hold-ms", Long.toString(holdMs)));
    }
    return ScenarioKind.alike(s, "lock", "w", base, options);
  }

  @Override
  public Map<String, Long> finals(CuratorFramework client, String base) throws Exception {
    Map<String, Long> finals = new HashMap<>();
    ReadBack.leadingNumber(client, base + "/counter").ifPresent(v -> finals.put("counter", v));
    return finals;
  }

  @Override
  public Checkers.Outcome check(ScenarioSpec s, History h) {
    return LockChecker.check(h);
  }

  @Override
  public long progressAt(Record r) {
    return r.type().equals("hold") && r.has("writeZxid") ? r.num("start") : -1;
  }

  @Override
  public boolean steady() {
    return true;
  }

  @Override
  public Optional<HolderLookup> holders(String base, String hostConnect, io.zkorch.security.ClientAccess access) {
    return Optional.of(new LockHolders(base + "/lock", hostConnect, access));
  }

  @Override
  public List<Picture> pictures(ScenarioResult r) {
    List<Record> all = r.history().ofType("hold");
    List<Record> accepted = new ArrayList<>(all.stream().filter(x -> x.has("writeZxid")).toList());
    accepted.sort(Comparator.comparingLong(x -> x.num("writeZxid")));
    Map<Record, Picture.Mark> marks = new IdentityHashMap<>();
    for (Record[] pair : LockChecker.overlappingHolds(accepted)) {
      marks.put(pair[0], Picture.Mark.VIOLATION);
      marks.put(pair[1], Picture.Mark.VIOLATION);
    }
    all.stream().filter(x -> x.has("fenced")).forEach(x -> marks.put(x, Picture.Mark.REJECTED));
    all.stream().filter(x -> x.has("uncertain")).forEach(x -> marks.put(x, Picture.Mark.IN_DOUBT));
    return List.of(
        new Picture.Timeline("lock holders over time (red: overlapping holders named by the check; amber: a stale"
            + " holder whose write fencing rejected; grey: write in doubt)", all, marks),
        new Picture.Histogram("acquire latency (ms)", all, x -> x.num("acqUs") / 1000.0));
  }

  @Override
  public Map<String, WorkerMain> roles() {
    return Map.of("lock", (ctx, a) -> LockWorker.run(ctx, a.flag("unsafe"), !a.flag("no-fencing"),
        a.number("hold-ms", 0)));
  }
}
