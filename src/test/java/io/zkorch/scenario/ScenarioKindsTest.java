package io.zkorch.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.runtime.WorkerRun;
import io.zkorch.scenario.WorkerArgs;
import io.zkorch.spec.ScenarioSpec;
import io.zkorch.spec.ScenarioType;
import io.zkorch.spec.ScenarioTypes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The registry of kinds: every registered kind is whole, and every worker it plans has a role that runs it. */
class ScenarioKindsTest {

  @Test
  void theSevenKindsAreRegisteredInOrder() {
    assertEquals(List.of("lock", "config", "leader", "counter", "barrier", "queue", "register"),
        ScenarioTypes.all().stream().map(ScenarioType::id).toList());
  }

  @Test
  void everyPlannedWorkerRunsARoleItsKindHas() {
    for (ScenarioType t : ScenarioTypes.all()) {
      ScenarioKind kind = ScenarioKinds.of(t);
      ScenarioSpec s = ScenarioSpec.of(t.id(), t, Math.max(2, t.minWorkers()), Duration.ofSeconds(1), Map.of());
      List<WorkerRun> runs = kind.workers(s, "/b", new ScenarioKind.Shape(false, false));
      assertFalse(runs.isEmpty(), t.id());
      for (WorkerRun r : runs) {
        String role = r.command().get(1);
        assertTrue(kind.roles().containsKey(role), t.id() + " plans role " + role + " it does not have");
        // the role's own options parse
        List<String> own = r.command().subList(r.command().indexOf("--duration") + 2, r.command().size());
        WorkerArgs.parse(own);
      }
      assertTrue(ScenarioKinds.role(runs.get(0).command().get(1)).isPresent());
    }
  }

  @Test
  void workerArgsReadValuesAndFlags() {
    WorkerArgs a = WorkerArgs.parse(List.of("--hold-ms", "100", "--unsafe", "--updates=7"));
    assertEquals(100, a.number("hold-ms", 0));
    assertTrue(a.flag("unsafe"));
    assertFalse(a.flag("no-fencing"));
    assertEquals(7, a.integer("updates", 200));
    assertEquals(3, a.integer("rounds", 3));
    assertThrows(IllegalArgumentException.class, () -> WorkerArgs.parse(List.of("stray")));
  }

  @Test
  void anUnknownKindNamesTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScenarioTypes.of("dance"));
    assertTrue(e.getMessage().contains("lock, config, leader, counter, barrier, queue"), e.getMessage());
  }
}
