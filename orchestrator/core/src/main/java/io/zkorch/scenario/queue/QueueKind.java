package io.zkorch.scenario.queue;

import io.zkorch.runtime.WorkerRun;
import io.zkorch.scenario.Checkers;
import io.zkorch.scenario.History;
import io.zkorch.scenario.Record;
import io.zkorch.scenario.ScenarioKind;
import io.zkorch.scenario.WorkerMain;
import io.zkorch.spec.ScenarioSpec;
import java.util.List;
import java.util.Map;

/** Curator's {@code DistributedQueue}: every item put is taken exactly once. */
public final class QueueKind implements ScenarioKind {

  @Override
  public String id() {
    return "queue";
  }

  @Override
  public int defaultWorkers() {
    return 4;
  }

  @Override
  public Map<String, String> params() {
    return Map.of("items", "50");
  }

  @Override
  public List<WorkerRun> workers(ScenarioSpec s, String base, Shape shape) {
    return ScenarioKind.alike(s, "queue", "q", base,
        List.of("--members", Integer.toString(s.workers()), "--items", s.param("items")));
  }

  @Override
  public Checkers.Outcome check(ScenarioSpec s, History h) {
    return QueueChecker.check(h);
  }

  @Override
  public long progressAt(Record r) {
    return r.type().equals("take") ? r.num("at", -1) : -1;
  }

  @Override
  public Map<String, WorkerMain> roles() {
    return Map.of("queue", (ctx, a) -> QueueWorker.run(ctx, a.integer("items", 50), a.integer("members", 1)));
  }
}
