package io.zkorch.scenario.leader;

import io.zkorch.runtime.WorkerRun;
import io.zkorch.scenario.Checkers;
import io.zkorch.scenario.History;
import io.zkorch.scenario.Picture;
import io.zkorch.scenario.Record;
import io.zkorch.scenario.ScenarioKind;
import io.zkorch.scenario.ScenarioResult;
import io.zkorch.scenario.WorkerMain;
import io.zkorch.spec.ScenarioSpec;
import java.util.List;
import java.util.Map;

/** Curator's {@code LeaderSelector}: candidates take turns leading; terms must never overlap. */
public final class LeaderKind implements ScenarioKind {

  @Override
  public String id() {
    return "leader";
  }

  @Override
  public int defaultWorkers() {
    return 3;
  }

  @Override
  public int minWorkers() {
    return 2;
  }

  @Override
  public Map<String, String> params() {
    return Map.of("holdMs", "200");
  }

  @Override
  public List<WorkerRun> workers(ScenarioSpec s, String base, Shape shape) {
    return ScenarioKind.alike(s, "leader", "c", base, List.of("--hold-ms", s.param("holdMs")));
  }

  @Override
  public Checkers.Outcome check(ScenarioSpec s, History h) {
    return LeaderChecker.check(h);
  }

  @Override
  public long progressAt(Record r) {
    return r.type().equals("term") ? r.num("start") : -1;
  }

  @Override
  public boolean steady() {
    return true;
  }

  @Override
  public List<Picture> pictures(ScenarioResult r) {
    return List.of(new Picture.Timeline("leadership terms by candidate", r.history().ofType("term"), Map.of()));
  }

  @Override
  public Map<String, WorkerMain> roles() {
    return Map.of("leader", (ctx, a) -> LeaderWorker.run(ctx, a.number("hold-ms", 200)));
  }
}
