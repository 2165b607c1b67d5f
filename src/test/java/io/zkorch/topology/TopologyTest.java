package io.zkorch.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.TestFiles;
import io.zkorch.spec.SpecLoader;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopologyTest {

  private final Topology full = Topology.of(SpecLoader.load(TestFiles.path("specs/valid/full.yaml")));

  @Test
  void membersFollowTheOfficialImageContract() {
    assertEquals(7, full.members().size());
    Topology.Member zk1 = full.members().get(0);
    assertEquals("zk1", zk1.service());
    assertEquals("full-zk1", zk1.container());
    assertEquals("1", zk1.env().get("ZOO_MY_ID"));
    assertEquals("500", zk1.env().get("ZOO_TICK_TIME"));
    assertEquals("-Xms1g -Xmx1g", zk1.env().get("JVMFLAGS"));
    assertEquals("srvr,mntr,ruok,cons", zk1.env().get("ZOO_4LW_COMMANDS_WHITELIST"));
    assertEquals("clientPort=2181 globalOutstandingLimit=2000 maxClientCnxns=200", zk1.env().get("ZOO_CFG_EXTRA"));
    String servers = zk1.env().get("ZOO_SERVERS");
    assertTrue(servers.startsWith("server.1=zk1:2888:3888 server.2=zk2:2888:3888"), servers);
    assertTrue(servers.endsWith("server.6=zk6:2888:3888:observer server.7=zk7:2888:3888:observer"),
        servers);
    assertTrue(zk1.volumes().isEmpty(), "tmpfs storage has no volumes");
  }

  @Test
  void observersSayWhatTheyAre() {
    Topology.Member zk6 = full.members().get(5);
    assertTrue(zk6.observer());
    assertTrue(zk6.env().get("ZOO_CFG_EXTRA").endsWith("peerType=observer"));
    assertEquals("observer", zk6.labels().get(Labels.MEMBER_TYPE));
    assertFalse(full.members().get(4).observer());
  }

  @Test
  void everyResourceIsLabelledWithTheCluster() {
    for (Topology.Member m : full.members()) {
      assertEquals("full", m.labels().get(Labels.CLUSTER));
      assertEquals(Labels.ROLE_MEMBER, m.labels().get(Labels.ROLE));
    }
    for (Topology.App a : full.apps()) {
      assertEquals("full", a.labels().get(Labels.CLUSTER));
      assertEquals(Labels.ROLE_APP, a.labels().get(Labels.ROLE));
    }
    assertEquals("full", full.networkLabels().get(Labels.CLUSTER));
  }

  @Test
  void appsGetTheInNetworkConnectString() {
    assertEquals(3, full.apps().size(), "2 probe replicas and 1 web");
    String hosts = "zk1:2181,zk2:2181,zk3:2181,zk4:2181,zk5:2181,zk6:2181,zk7:2181";
    for (Topology.App a : full.apps()) {
      assertEquals(hosts, a.env().get("ZK_HOSTS"));
    }
    assertEquals("full-probe-2", full.apps().get(1).container());
    assertEquals(Topology.appImage(), full.apps().get(0).image());
    assertEquals("nginx:1.25", full.apps().get(2).image());
    assertEquals(Map.of(8080, 80), full.apps().get(2).ports());
  }

  @Test
  void volumeStorageGivesEachMemberDataAndLogVolumes() {
    Topology mini = Topology.of(SpecLoader.load(TestFiles.path("specs/valid/minimal.yaml")));
    assertEquals(Map.of("mini-zk2-data", "/data", "mini-zk2-datalog", "/datalog"), mini.members().get(1).volumes());
    assertEquals("zkorch/member:" + mini.spec().zookeeper().version(), mini.memberImage());
    assertEquals("zkorch-mini", mini.network());
  }

  @Test
  void fastFailoverTunesMembersAndTellsClients() {
    io.zkorch.spec.ClusterSpec spec = io.zkorch.spec.SpecLoader.load(
        io.zkorch.TestFiles.path("specs/valid/faults.yaml"));
    Topology t = Topology.of(spec);
    java.util.Map<String, String> env = t.members().get(0).env();
    assertEquals("200", env.get("ZOO_TICK_TIME"));
    assertEquals("-Xms256m -Xmx256m -Dzookeeper.cnxTimeout=500 -Dzookeeper.fastleader.minNotificationInterval=50",
        env.get("JVMFLAGS"));
    assertEquals(java.util.Map.of("ZKORCH_SESSION_TIMEOUT_MS", "2000", "ZKORCH_CONNECTION_TIMEOUT_MS", "1000"),
        Topology.clientEnv(spec.zookeeper()));
    // the default profile adds nothing, so default compose files stay as they were
    assertEquals(java.util.Map.of(), Topology.clientEnv(io.zkorch.spec.SpecLoader.load(
        io.zkorch.TestFiles.path("specs/valid/minimal.yaml")).zookeeper()));
  }
}
