package io.zkorch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.ZkorchException;
import io.zkorch.cluster.ClusterManager;
import io.zkorch.cluster.ClusterStatus;
import io.zkorch.spec.Fault;
import io.zkorch.fault.FaultEvent;
import io.zkorch.fault.Faults;
import io.zkorch.progress.Progress;
import io.zkorch.runtime.ClusterState;
import io.zkorch.runtime.Node;
import io.zkorch.runtime.Runtime;
import io.zkorch.scenario.ScenarioResult;
import io.zkorch.scenario.ScenarioRunner;
import io.zkorch.spec.ClusterSpec;
import io.zkorch.spec.ScenarioSpec;
import io.zkorch.spec.SpecLoader;
import io.zkorch.topology.Topology;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What every {@link Runtime} must do, run against each: bring a 3-member ensemble to a proven quorum, find it and
 * its logs, run scenario workers with ZK_HOSTS, kill and restart a member with its data, pause and resume one, cut
 * one off (or refuse clearly where it cannot), go through the fault engine, and leave nothing behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class RuntimeContract {

  private Runtime runtime;
  private ClusterManager manager;
  private ClusterSpec spec;

  /** A fresh runtime for this suite. */
  abstract Runtime open();

  /** The cluster's name (unique per runtime, so that suites can run side by side). */
  abstract String cluster();

  /** Asserts that nothing of {@code cluster} remains on the runtime (containers, networks, processes, folders). */
  abstract void assertNothingLeft(String cluster);

  @BeforeAll
  void boot() {
    runtime = open();
    runtime.remove(cluster(), true);
    spec = SpecLoader.parse("apiVersion: zkorch.io/v1alpha1\nkind: Cluster\nname: " + cluster()
        + "\nzookeeper:\n  members: 3\n  storage: tmpfs\n  profile: fast-failover\nimages:\n  base: "
        + ItSupport.baseImage() + "\n", "contract");
    manager = new ClusterManager(runtime, Progress.silent());
    ClusterStatus status = manager.up(spec, ClusterManager.UpOptions.waitFor(ItSupport.timeout(Duration.ofSeconds(90))));
    assertTrue(status.healthy(), String.valueOf(status.verdict()));
  }

  @AfterAll
  void removeEverything() {
    try {
      runtime.remove(cluster(), true);
      assertTrue(runtime.find(cluster()).isEmpty(), "found after remove: " + runtime.find(cluster()));
      assertEquals(java.util.List.of(), runtime.remove(cluster(), true), "remove is idempotent");
      assertNothingLeft(cluster());
    } finally {
      runtime.close();
    }
  }

  private ClusterStatus awaitHealthy() {
    long giveUp = System.nanoTime() + ItSupport.timeout(Duration.ofSeconds(60)).toNanos();
    ClusterStatus status = manager.status(cluster(), true);
    while (!status.healthy() && System.nanoTime() < giveUp) {
      sleep(200);
      status = manager.status(cluster(), true);
    }
    assertTrue(status.healthy(), "not healthy again: " + status.verdict().firstFailure());
    return status;
  }

  private Node member(String target) {
    return runtime.find(cluster()).orElseThrow().members().stream().filter(n -> n.target().equals(target))
        .findFirst().orElseThrow();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  @Order(1)
  void findsTheClusterItsMembersAndTheirLogs() {
    ClusterState state = runtime.find(cluster()).orElseThrow();
    assertEquals(3, state.members().size());
    for (Node n : state.members()) {
      assertTrue(n.running() && !n.paused() && !n.partitioned(), n.toString());
      assertTrue(n.hostPort() > 0, "a member is reachable from this host: " + n);
    }
    assertTrue(runtime.list().stream().anyMatch(c -> c.name().equals(cluster())));
    String log = runtime.logs(cluster(), "zk1", 200);
    assertTrue(log.contains("QuorumPeer") || log.contains("ZooKeeper"), log);
    assertTrue(runtime.fourLetterWordInside(cluster(), "zk1", "srvr").contains("Mode:"));
    ZkorchException unknown = assertThrows(ZkorchException.class, () -> runtime.logs(cluster(), "zk9", 1));
    assertEquals(ZkorchException.EXIT_USAGE, unknown.exitCode());
  }

  @Test
  @Order(2)
  void runsScenarioWorkersWithZkHosts() {
    ClusterStatus status = manager.status(cluster(), false);
    Topology topology = Topology.of(spec);
    String workers = runtime.prepareWorkers(topology, Progress.silent());
    ScenarioResult result = new ScenarioRunner(runtime, Progress.silent()).run(topology, workers,
        status.connectString(), ScenarioSpec.of("lock", ScenarioSpec.Kind.LOCK, 3, Duration.ofSeconds(2), Map.of()),
        ScenarioRunner.runId());
    assertTrue(result.passed(), result.checks().toString());
    assertTrue(((Number) result.figures().get("acquisitions")).intValue() > 0);
    assertTrue(runtime.find(cluster()).orElseThrow().apps().isEmpty(), "workers are gone afterwards");
  }

  @Test
  @Order(3)
  void aKilledMemberStaysDownUntilStartedAndKeepsItsData() throws Exception {
    String path = "/contract-" + System.nanoTime();
    try (CuratorFramework client = CuratorFrameworkFactory.newClient(manager.status(cluster(), false)
        .connectString(), new RetryNTimes(20, 200))) {
      client.start();
      assertTrue(client.blockUntilConnected(30, TimeUnit.SECONDS));
      client.create().forPath(path, "kept".getBytes(StandardCharsets.UTF_8));
    }
    runtime.kill(cluster(), "zk1");
    assertFalse(member("zk1").running(), "killed: " + member("zk1"));
    assertEquals(0, member("zk1").hostPort());
    assertFalse(manager.status(cluster(), false).healthy());
    runtime.start(cluster(), "zk1");
    ClusterStatus status = awaitHealthy();
    // the restarted member serves what was written before it died (from its own data or by syncing)
    String zk1 = "127.0.0.1:" + member("zk1").hostPort();
    try (CuratorFramework client = CuratorFrameworkFactory.newClient(zk1, new RetryNTimes(20, 200))) {
      client.start();
      assertTrue(client.blockUntilConnected(30, TimeUnit.SECONDS));
      client.sync().forPath(path);
      assertEquals("kept", new String(client.getData().forPath(path), StandardCharsets.UTF_8));
    }
    assertNotNull(status.connectString());
  }

  @Test
  @Order(4)
  void aPausedMemberIsSeenAndResumes() {
    runtime.pause(cluster(), "zk2");
    assertTrue(member("zk2").paused(), member("zk2").toString());
    runtime.unpause(cluster(), "zk2");
    assertTrue(member("zk2").running(), member("zk2").toString());
    awaitHealthy();
  }

  @Test
  @Order(5)
  void aPartitionCutsAMemberOffOrIsRefusedNamingTheRuntimeThatCan() {
    if (!runtime.canPartition()) {
      ZkorchException e = assertThrows(ZkorchException.class, () -> runtime.disconnect(cluster(), "zk3"));
      assertEquals(ZkorchException.EXIT_USAGE, e.exitCode());
      assertTrue(e.getMessage().contains("--runtime docker"), e.getMessage());
      return;
    }
    runtime.disconnect(cluster(), "zk3");
    assertTrue(member("zk3").partitioned());
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    String inside;
    do {
      inside = runtime.fourLetterWordInside(cluster(), "zk3", "srvr");
    } while (!inside.contains("not currently serving") && System.nanoTime() < giveUp);
    assertTrue(inside.contains("not currently serving"), inside);
    runtime.connect(cluster(), "zk3");
    assertFalse(member("zk3").partitioned());
    awaitHealthy();
  }

  @Test
  @Order(6)
  void theFaultEngineKillsTheLeaderAndHealsTheCluster() {
    try (Faults faults = new Faults(runtime, cluster(), 1)) {
      FaultEvent e = faults.inject(Fault.parse("kill-leader"), Faults.Aim.NONE);
      assertNotNull(e.leaderAfterMs(), "a new leader was measured: " + e);
      assertFalse(e.leader().equals(e.node()));
      assertTrue(faults.healAll().contains("started " + e.node()));
    }
    awaitHealthy();
  }
}
