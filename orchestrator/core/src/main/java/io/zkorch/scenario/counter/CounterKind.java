package io.zkorch.scenario.counter;

import io.zkorch.runtime.WorkerRun;
import io.zkorch.scenario.Checkers;
import io.zkorch.scenario.History;
import io.zkorch.scenario.ReadBack;
import io.zkorch.scenario.Record;
import io.zkorch.scenario.ScenarioKind;
import io.zkorch.scenario.WorkerMain;
import io.zkorch.spec.ScenarioSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;

/**
 * Curator's {@code DistributedAtomicLong}: workers increment one counter; no value is handed out twice and none is
 * lost. Layout: {@code BASE/counter} holds the value as 8 bytes.
 */
public final class CounterKind implements ScenarioKind {

  @Override
  public String id() {
    return "counter";
  }

  @Override
  public int defaultWorkers() {
    return 5;
  }

  @Override
  public Map<String, String> params() {
    return Map.of();
  }

  @Override
  public List<WorkerRun> workers(ScenarioSpec s, String base, Shape shape) {
    return ScenarioKind.alike(s, "counter", "w", base, List.of());
  }

  @Override
  public Map<String, Long> finals(CuratorFramework client, String base) throws Exception {
    Map<String, Long> finals = new HashMap<>();
    ReadBack.eightByteLong(client, base + "/counter").ifPresent(v -> finals.put("counter", v));
    return finals;
  }

  @Override
  public Checkers.Outcome check(ScenarioSpec s, History h) {
    return CounterChecker.check(h);
  }

  @Override
  public long progressAt(Record r) {
    return r.type().equals("inc") ? r.num("at", -1) : -1;
  }

  @Override
  public boolean steady() {
    return true;
  }

  @Override
  public Map<String, WorkerMain> roles() {
    return Map.of("counter", (ctx, a) -> CounterWorker.run(ctx));
  }
}
