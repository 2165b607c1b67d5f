package io.zkorch.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.cluster.ClusterStatus;
import io.zkorch.progress.Progress;
import io.zkorch.scenario.ScenarioResult;
import io.zkorch.scenario.ScenarioRunner;
import io.zkorch.spec.ScenarioSpec;
import io.zkorch.topology.Topology;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** {@link io.zkorch.runtime.WorkerLauncher}: scenario workers run with ZK_HOSTS and are gone afterwards. */
interface WorkerLauncherContract extends ContractFixture {

  @Test
  @Order(30)
  default void runsScenarioWorkersWithZkHosts() {
    ClusterStatus status = manager().status(cluster(), false);
    Topology topology = Topology.of(spec());
    String workers = provider().prepareWorkers(topology, Progress.silent());
    ScenarioResult result = new ScenarioRunner(provider(), Progress.silent()).run(topology, workers,
        status.connectString(), ScenarioSpec.of("lock", io.zkorch.spec.ScenarioTypes.of("lock"), 3, Duration.ofSeconds(2), Map.of()),
        ScenarioRunner.runId());
    assertTrue(result.passed(), result.checks().toString());
    assertTrue(((Number) result.figures().get("acquisitions")).intValue() > 0);
    assertTrue(provider().find(cluster()).orElseThrow().apps().isEmpty(), "workers are gone afterwards");
  }
}
