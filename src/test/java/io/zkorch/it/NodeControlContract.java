package io.zkorch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.cluster.ClusterStatus;
import io.zkorch.fault.FaultEvent;
import io.zkorch.fault.Faults;
import io.zkorch.spec.Fault;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * {@link io.zkorch.runtime.NodeControl}: kill and start with the data kept, pause and resume; and the fault engine
 * driving it (kill the leader, heal).
 */
interface NodeControlContract extends ContractFixture {

  @Test
  @Order(40)
  default void aKilledMemberStaysDownUntilStartedAndKeepsItsData() throws Exception {
    String path = "/contract-" + System.nanoTime();
    try (CuratorFramework client = CuratorFrameworkFactory.newClient(manager().status(cluster(), false)
        .connectString(), new RetryNTimes(20, 200))) {
      client.start();
      assertTrue(client.blockUntilConnected(30, TimeUnit.SECONDS));
      client.create().forPath(path, "kept".getBytes(StandardCharsets.UTF_8));
    }
    provider().kill(cluster(), "zk1");
    assertFalse(member("zk1").running(), "killed: " + member("zk1"));
    assertEquals(0, member("zk1").hostPort());
    assertFalse(manager().status(cluster(), false).healthy());
    provider().start(cluster(), "zk1");
    ClusterStatus status = awaitHealthy();
    // the restarted member serves what was written before it died (from its own data or by syncing)
    String zk1 = provider().publishedHost() + ":" + member("zk1").hostPort();
    try (CuratorFramework client = CuratorFrameworkFactory.newClient(zk1, new RetryNTimes(20, 200))) {
      client.start();
      assertTrue(client.blockUntilConnected(30, TimeUnit.SECONDS));
      client.sync().forPath(path);
      assertEquals("kept", new String(client.getData().forPath(path), StandardCharsets.UTF_8));
    }
    assertNotNull(status.connectString());
  }

  @Test
  @Order(41)
  default void aPausedMemberIsSeenAndResumes() {
    provider().pause(cluster(), "zk2");
    assertTrue(member("zk2").paused(), member("zk2").toString());
    provider().unpause(cluster(), "zk2");
    assertTrue(member("zk2").running(), member("zk2").toString());
    awaitHealthy();
  }

  @Test
  @Order(60)
  default void theFaultEngineKillsTheLeaderAndHealsTheCluster() {
    try (Faults faults = new Faults(provider(), cluster(), 1)) {
      FaultEvent e = faults.inject(Fault.parse("kill-leader"), Faults.Aim.NONE);
      assertNotNull(e.leaderAfterMs(), "a new leader was measured: " + e);
      assertFalse(e.leader().equals(e.node()));
      assertTrue(faults.healAll().contains("started " + e.node()));
    }
    awaitHealthy();
  }
}
