package io.zkorch.scenario;

import io.zkorch.fault.FaultEvent;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a scenario run left behind: every worker's records and exit code, and values read from ZooKeeper after
 * the workers finished.
 *
 * @param records all records, each worker's in its own order
 * @param exitCodes worker → exit code (absent: never finished)
 * @param finals values read afterwards, such as the counter znode
 * @param seconds how long the workers ran
 * @param faults the faults injected while they ran, in order
 */
public record History(List<Record> records, Map<String, Integer> exitCodes, Map<String, Long> finals,
    double seconds, List<FaultEvent> faults) {

  public History {
    records = List.copyOf(records);
    exitCodes = Map.copyOf(exitCodes);
    finals = Map.copyOf(finals);
    faults = List.copyOf(faults);
  }

  /** A history of a run without faults. */
  public History(List<Record> records, Map<String, Integer> exitCodes, Map<String, Long> finals, double seconds) {
    this(records, exitCodes, finals, seconds, List.of());
  }

  /** Workers a fault killed (their containers are SCENARIO-WORKER): their crash was the plan, not a failure. */
  public java.util.Set<String> killedWorkers() {
    java.util.Set<String> killed = new java.util.TreeSet<>();
    for (FaultEvent f : faults) {
      if (f.fault().action() == io.zkorch.spec.Fault.Action.KILL && f.role() != null && (f.role().startsWith("holder")
          || f.role().equals("worker") || f.role().equals("app"))) {
        killed.add(f.node().substring(f.node().lastIndexOf('-') + 1));
      }
    }
    return killed;
  }

  public List<Record> ofType(String type) {
    return records.stream().filter(r -> r.type().equals(type)).toList();
  }

  /** Workers that errored, crashed (non-zero exit) or never finished; empty when all is well. */
  public Map<String, String> troubledWorkers() {
    Map<String, String> troubled = new TreeMap<>();
    for (Record r : ofType("error")) {
      troubled.putIfAbsent(r.worker(), r.str("what") + ": " + r.str("error"));
    }
    java.util.Set<String> started = new java.util.TreeSet<>();
    java.util.Set<String> done = new java.util.TreeSet<>();
    for (Record r : records) {
      if (r.type().equals("start")) {
        started.add(r.worker());
      } else if (r.type().equals("done") || r.type().equals("final")) {
        done.add(r.worker());
      }
    }
    exitCodes.forEach((w, code) -> {
      if (code != 0) {
        troubled.putIfAbsent(w, "exited with " + code);
      }
    });
    for (String w : started) {
      if (!done.contains(w)) {
        troubled.putIfAbsent(w, "crashed: started but never finished");
      }
    }
    if (faults.isEmpty()) {
      // without faults the ensemble should never have been out of reach
      for (Record r : ofType("unavailable")) {
        troubled.putIfAbsent(r.worker(), r.str("what") + ": " + r.str("error") + " with no fault injected");
      }
    }
    troubled.keySet().removeAll(killedWorkers());
    return troubled;
  }

  /** The "no worker errored" check every scenario has. */
  public CheckResult noWorkerErrored() {
    Map<String, String> troubled = troubledWorkers();
    long workers = records.stream().map(Record::worker).distinct().count();
    java.util.Set<String> killed = killedWorkers();
    long unavailable = ofType("unavailable").size();
    return troubled.isEmpty()
        ? CheckResult.pass("no worker errored", (workers - killed.size()) + " workers finished cleanly"
            + (killed.isEmpty() ? "" : "; " + killed + " killed by faults")
            + (unavailable == 0 ? "" : "; " + unavailable + " operations waited out an unreachable ensemble"))
        : CheckResult.fail("no worker errored", troubled.size() + " workers failed: " + troubled);
  }
}
