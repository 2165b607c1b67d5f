package io.zkorch.testcontainers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.spec.ClusterSpec;
import io.zkorch.topology.Topology;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The ensemble's knobs become a zkorch cluster spec; bad values are named by the method that set them. */
class ZooKeeperEnsembleTest {

  @Test
  void knobsBecomeTheSpecAndTheMembersEnvironment() {
    ZooKeeperEnsemble zk = new ZooKeeperEnsemble(3).withName("knobs").withObservers(2).withFastFailover()
        .withTickTime(300).withHeap("128m").withConfig("maxClientCnxns", "9").withZooKeeperVersion("3.8.4");
    ClusterSpec spec = zk.spec();
    assertEquals("3.8.4", spec.zookeeper().version());
    assertEquals(5, spec.zookeeper().size());
    Topology t = Topology.of(spec);
    var env = t.members().get(0).env();
    assertEquals("300", env.get("ZOO_TICK_TIME"));
    assertTrue(env.get("JVMFLAGS").startsWith("-Xms128m -Xmx128m -Dzookeeper.cnxTimeout=500"), env.get("JVMFLAGS"));
    assertTrue(t.members().get(4).env().get("ZOO_CFG_EXTRA").contains("peerType=observer"));
    assertTrue(env.get("ZOO_CFG_EXTRA").contains("maxClientCnxns=9"));
    assertEquals("knobs-zk5", t.members().get(4).container());
    assertEquals("zk1:2181,zk2:2181,zk3:2181,zk4:2181,zk5:2181", zk.getInternalConnectString());
    // fast failover: clients should ask for 2 s sessions, within what 300 ms ticks allow (2 to 20 ticks)
    assertEquals(2000, zk.getSessionTimeoutMs());
    assertEquals(1000, zk.getConnectionTimeoutMs());
    assertEquals(5, zk.size());
  }

  @Test
  void defaultsAreZooKeepersOwn() {
    ZooKeeperEnsemble zk = new ZooKeeperEnsemble();
    assertEquals(3, zk.size());
    assertTrue(zk.getName().matches("tc-[0-9a-f]{1,8}"), zk.getName());
    assertEquals(15_000, zk.getSessionTimeoutMs());
    assertEquals("2000", Topology.of(zk.spec()).members().get(0).env().get("ZOO_TICK_TIME"));
  }

  @Test
  void badValuesAreNamedByTheirMethod() {
    record Case(String name, ZooKeeperEnsemble ensemble, String expected) {}
    for (Case c : new Case[] {
        new Case("even members", new ZooKeeperEnsemble(4), "new ZooKeeperEnsemble(members): "),
        new Case("reserved zoo.cfg key", new ZooKeeperEnsemble().withConfig("dataDir", "/x"), "withConfig(dataDir): "),
        new Case("bad name", new ZooKeeperEnsemble().withName("Not_A_Name"), "withName: "),
        new Case("bad heap", new ZooKeeperEnsemble().withHeap("lots"), "withHeap: "),
        new Case("negative observers", new ZooKeeperEnsemble().withObservers(-1), "withObservers: ")}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c.ensemble()::spec, c.name());
      assertTrue(e.getMessage().startsWith("ZooKeeperEnsemble: " + c.expected()), c.name() + ": " + e.getMessage());
    }
  }

  @Test
  void methodsThatNeedAStartedEnsembleSaySo() {
    ZooKeeperEnsemble zk = new ZooKeeperEnsemble();
    IllegalStateException e = assertThrows(IllegalStateException.class, zk::getConnectString);
    assertEquals("getConnectString() needs a started ensemble; call start() first (or let @Container /"
        + " @ZooKeeperTest start it).", e.getMessage());
    assertThrows(IllegalStateException.class, zk::killLeader);
    assertThrows(IllegalStateException.class, zk::heal);
    assertThrows(IllegalStateException.class, () -> zk.awaitQuorum(Duration.ofSeconds(1)));
    zk.stop(); // stopping what never started is a no-op
  }

  @Test
  void waitModesAreCheckedAndDescribed() {
    assertEquals("leader, follower, observer or standalone", ZooKeeperWait.describe(ZooKeeperWait.SERVING_MODES));
    assertEquals("leader", ZooKeeperWait.describe(Set.of("leader")));
    assertEquals("leader or follower", ZooKeeperWait.describe(Set.of("follower", "leader")));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ZooKeeperWait.forQuorum().withModes("looking"));
    assertTrue(e.getMessage().startsWith("withModes: [looking] must be some of"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ZooKeeperWait.forQuorum().withPort(0));
  }
}
