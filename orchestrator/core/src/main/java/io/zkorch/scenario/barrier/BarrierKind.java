package io.zkorch.scenario.barrier;

import io.zkorch.runtime.WorkerRun;
import io.zkorch.scenario.Checkers;
import io.zkorch.scenario.History;
import io.zkorch.scenario.ScenarioKind;
import io.zkorch.scenario.WorkerMain;
import io.zkorch.spec.ScenarioSpec;
import java.util.List;
import java.util.Map;

/** Curator's {@code DistributedDoubleBarrier}: nobody passes a round before everybody has arrived. */
public final class BarrierKind implements ScenarioKind {

  @Override
  public String id() {
    return "barrier";
  }

  @Override
  public int defaultWorkers() {
    return 4;
  }

  @Override
  public int minWorkers() {
    return 2;
  }

  @Override
  public Map<String, String> params() {
    return Map.of("rounds", "3");
  }

  @Override
  public List<WorkerRun> workers(ScenarioSpec s, String base, Shape shape) {
    return ScenarioKind.alike(s, "barrier", "w", base,
        List.of("--members", Integer.toString(s.workers()), "--rounds", s.param("rounds")));
  }

  @Override
  public Checkers.Outcome check(ScenarioSpec s, History h) {
    return BarrierChecker.check(h, s.workers(), s.intParam("rounds"));
  }

  @Override
  public Map<String, WorkerMain> roles() {
    return Map.of("barrier", (ctx, a) -> BarrierWorker.run(ctx, a.integer("members", 1), a.integer("rounds", 3)));
  }
}
