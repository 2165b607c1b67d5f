package io.zkorch.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.runtime.WorkerRun;
import io.zkorch.spec.ScenarioSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScenarioRunnerTest {

  @Test
  void lockWorkersStartTogetherAndPackIntoContainers() {
    ScenarioSpec s = ScenarioSpec.of("lock", io.zkorch.spec.ScenarioTypes.of("lock"), 5, Duration.ofSeconds(3),
        Map.of("perContainer", "2"));
    List<WorkerRun> runs = ScenarioRunner.plan(s, "/b");
    assertEquals(List.of("w1-w2", "w3-w4", "w5"), runs.stream().map(WorkerRun::name).toList());
    List<String> cmd = runs.get(0).command();
    assertEquals("w1,w2", cmd.get(cmd.indexOf("--id") + 1));
    assertEquals("5", cmd.get(cmd.indexOf("--start-together") + 1));
    assertEquals("3000ms", cmd.get(cmd.indexOf("--duration") + 1));
  }

  @Test
  void configHasOneWriterAndTheNegativeControlWatcherStaysAlone() {
    ScenarioSpec s = ScenarioSpec.of("config", io.zkorch.spec.ScenarioTypes.of("config"), 4, Duration.ofSeconds(2),
        Map.of("dropFinal", "true", "perContainer", "4", "updates", "30"));
    List<WorkerRun> runs = ScenarioRunner.plan(s, "/b");
    assertEquals(List.of("writer", "watcher1", "watcher2-watcher4"), runs.stream().map(WorkerRun::name).toList());
    assertTrue(runs.get(1).command().contains("--drop-final"));
    assertTrue(!runs.get(2).command().contains("--drop-final"));
    assertEquals("30", runs.get(0).command().get(runs.get(0).command().indexOf("--updates") + 1));
  }

  @Test
  void unsafeLockWorkersSkipTheLock() {
    ScenarioSpec s = ScenarioSpec.of("lock", io.zkorch.spec.ScenarioTypes.of("lock"), 2, null, Map.of("unsafe", "true"));
    assertTrue(ScenarioRunner.plan(s, "/b").stream().allMatch(r -> r.command().contains("--unsafe")));
  }

  private static io.zkorch.spec.FaultsSpec faults(String... schedule) {
    return new io.zkorch.spec.FaultsSpec(List.of(schedule), Duration.ofSeconds(4), null, null);
  }

  @Test
  void workerFaultsGiveEachWorkerItsOwnContainerAndHolderFaultsAHoldingToCatch() {
    ScenarioSpec s = ScenarioSpec.of("lock", io.zkorch.spec.ScenarioTypes.of("lock"), 3, Duration.ofSeconds(12), Map.of(),
        faults("pause-holder"));
    List<WorkerRun> runs = ScenarioRunner.plan(s, "/b");
    assertEquals(List.of("w1", "w2", "w3"), runs.stream().map(WorkerRun::name).toList());
    List<String> cmd = runs.get(0).command();
    assertEquals(Long.toString(100), cmd.get(cmd.indexOf("--hold-ms") + 1));
    // faults on members only: workers still share containers, and hold nothing
    ScenarioSpec members = ScenarioSpec.of("lock", io.zkorch.spec.ScenarioTypes.of("lock"), 3, Duration.ofSeconds(12), Map.of(),
        faults("kill-leader"));
    List<WorkerRun> packed = ScenarioRunner.plan(members, "/b");
    assertEquals(1, packed.size());
    assertTrue(!packed.get(0).command().contains("--hold-ms"));
  }

  @Test
  void noFencingReachesTheWorkers() {
    ScenarioSpec s = ScenarioSpec.of("lock", io.zkorch.spec.ScenarioTypes.of("lock"), 2, null, Map.of("fencing", "false"));
    assertTrue(ScenarioRunner.plan(s, "/b").get(0).command().contains("--no-fencing"));
  }

  @Test
  void underFaultsConfigVersionsSpreadOverTheRun() {
    ScenarioSpec s = ScenarioSpec.of("config", io.zkorch.spec.ScenarioTypes.of("config"), 2, Duration.ofSeconds(20),
        Map.of("updates", "100"), faults("kill-leader"));
    List<String> writer = ScenarioRunner.plan(s, "/b").get(0).command();
    assertEquals("200", writer.get(writer.indexOf("--interval-ms") + 1), "20 s / 100 versions");
    ScenarioSpec healthy = ScenarioSpec.of("config", io.zkorch.spec.ScenarioTypes.of("config"), 2, Duration.ofSeconds(20),
        Map.of("updates", "100"));
    List<String> fast = ScenarioRunner.plan(healthy, "/b").get(0).command();
    assertEquals("10", fast.get(fast.indexOf("--interval-ms") + 1));
  }
}
