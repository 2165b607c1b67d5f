package io.zkorch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import io.zkorch.health.FourLetterWords;
import io.zkorch.health.Srvr;
import io.zkorch.cli.DockerClients;
import io.zkorch.testcontainers.ZooKeeperEnsemble;
import io.zkorch.topology.Labels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryForever;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/** ZooKeeperEnsemble's start, connect strings and knobs on the real engine; nothing left afterwards. */
@DockerTest
class EnsembleIT {

  static ZooKeeperEnsemble ensemble(int members) {
    return new ZooKeeperEnsemble(members).withBaseImage(ItSupport.baseImage());
  }

  @Test
  void startsAQuorumThatClientsOnTheHostAndOnItsNetworkReach() throws Exception {
    Map<String, StringBuilder> logs = new ConcurrentHashMap<>();
    StringBuilder all = new StringBuilder();
    ZooKeeperEnsemble zk = ensemble(3).withObservers(1).withConfig("maxClientCnxns", "77")
        .withLogConsumer(frame -> {
          synchronized (all) {
            all.append(frame.getUtf8String());
          }
        })
        .withMemberLogConsumer((member, frame) ->
            logs.computeIfAbsent(member, m -> new StringBuilder()).append(frame.getUtf8String()));
    String name = zk.getName();
    assertEquals("zk1:2181,zk2:2181,zk3:2181,zk4:2181", zk.getInternalConnectString(), "known before start");
    try {
      zk.start();
      assertEquals(4, zk.size());
      String connect = zk.getConnectString();
      // on the host Testcontainers names (TESTCONTAINERS_HOST_OVERRIDE here), ports bound on loopback
      String host = org.testcontainers.DockerClientFactory.instance().dockerHostIpAddress();
      String h = java.util.regex.Pattern.quote(host);
      assertTrue(connect.matches(h + ":\\d+(," + h + ":\\d+){3}"), connect);

      // the host's clients: a real write and read through Curator
      try (CuratorFramework client = CuratorFrameworkFactory.newClient(connect, new RetryForever(100))) {
        client.start();
        assertTrue(client.blockUntilConnected(30, TimeUnit.SECONDS));
        client.create().forPath("/hello", "world".getBytes(StandardCharsets.UTF_8));
        assertEquals("world", new String(client.getData().forPath("/hello"), StandardCharsets.UTF_8));
      }

      // one leader, the others in their modes; the observer observes; the extra zoo.cfg entry is in force
      int leader = zk.getLeader();
      assertTrue(leader >= 1 && leader <= 3, "a voter leads: " + leader);
      String[] hostPorts = connect.split(",");
      assertEquals("observer", srvr(hostPorts[3]).mode().id());
      assertTrue(FourLetterWords.send("127.0.0.1", port(hostPorts[0]), "conf", 2000).contains("maxClientCnxns=77"));

      // members are labelled, named and published on loopback only
      try (DockerClient docker = DockerClients.connect()) {
        var c = docker.inspectContainerCmd(zk.getContainerId(2)).exec();
        assertEquals("/" + name + "-zk2", c.getName());
        assertEquals(name, c.getConfig().getLabels().get(Labels.CLUSTER));
        assertEquals("2", c.getConfig().getLabels().get(Labels.MEMBER_ID));
        var binding = c.getHostConfig().getPortBindings().getBindings().values().iterator().next()[0];
        assertEquals("127.0.0.1", binding.getHostIp());
      }

      assertTrue(zk.getLogs(1).contains("QuorumPeer"), "getLogs(1)");

      // a container on the ensemble's network reaches every member by the internal connect string
      try (GenericContainer<?> app = new GenericContainer<>(DockerImageName.parse(ItSupport.baseImage()))
          .withNetwork(zk.getNetwork())
          .withCommand("bash", "-c", "for hp in ${ZK_HOSTS//,/ }; do exec 3<>/dev/tcp/${hp%:*}/${hp#*:};"
              + " printf srvr >&3; grep Mode <&3; exec 3<&-; done; sleep 60")
          .withEnv("ZK_HOSTS", zk.getInternalConnectString())
          .withStartupTimeout(Duration.ofSeconds(30))) {
        app.start();
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (app.getLogs().lines().filter(l -> l.startsWith("Mode:")).count() < 4 && System.nanoTime() < giveUp) {
          Thread.sleep(100);
        }
        assertEquals(4, app.getLogs().lines().filter(l -> l.startsWith("Mode:")).count(), app.getLogs());
        // stopping the ensemble with the app still attached to its network must still remove the network
        zk.stop();
      }

      assertTrue(all.toString().contains("QuorumPeer"), "the log consumer saw the members' output");
      assertEquals(List.of("zk1", "zk2", "zk3", "zk4"), logs.keySet().stream().sorted().toList());
    } finally {
      zk.stop();
    }
    ItSupport.assertNothingLeft(name);
    assertThrows(IllegalStateException.class, zk::getConnectString, "a stopped ensemble has no connect string");
  }

  @Test
  void aQuorumThatDoesNotFormInTimeNamesTheMemberAndShowsItsLogs() {
    ZooKeeperEnsemble zk = ensemble(3).withStartupTimeout(Duration.ofMillis(300));
    ContainerLaunchException e = assertThrows(ContainerLaunchException.class, zk::start);
    String m = e.getMessage();
    assertTrue(m.matches("(?s)ZooKeeperEnsemble " + zk.getName() + ": The quorum was not healthy after 300ms \\(.*zk\\d.*\\)\\."
        + " Last log lines of zk\\d:\n  \\| .+"), m);
    ItSupport.assertNothingLeft(zk.getName());
  }

  @Test
  void aUsersOwnImageThatFollowsTheOfficialContractWorks() throws Exception {
    // stands in for `zookeeper:3.9` (no registry here): zkorch's member image under another name
    ZooKeeperEnsemble builder = ensemble(1);
    builder.start();
    String own = "example.org/team/zookeeper:contract-test";
    try (DockerClient docker = DockerClients.connect()) {
      String id = docker.inspectContainerCmd(builder.getContainerId(1)).exec().getImageId();
      builder.stop();
      docker.tagImageCmd(id, "example.org/team/zookeeper", "contract-test").exec();
      ZooKeeperEnsemble zk = new ZooKeeperEnsemble(3).withImage(DockerImageName.parse(own)).withFastFailover();
      try {
        zk.start();
        try (DockerClient d = DockerClients.connect()) {
          assertEquals(own, d.inspectContainerCmd(zk.getContainerId(1)).exec().getConfig().getImage());
        }
        assertEquals(2000, zk.getSessionTimeoutMs());
        assertNotNull(srvr(zk.getConnectString().split(",")[0]).mode());
      } finally {
        zk.stop();
        docker.removeImageCmd(own).exec();
      }
      ItSupport.assertNothingLeft(zk.getName());
    }
    ItSupport.assertNothingLeft(builder.getName());
  }

  @Test
  void anotherZooKeeperVersionWithItsOwnTimingAndHeap() throws Exception {
    ZooKeeperEnsemble zk = ensemble(1).withZooKeeperVersion("3.8.4").withTickTime(500).withHeap("128m");
    try {
      zk.start();
      String hostPort = zk.getConnectString();
      assertTrue(srvr(hostPort).raw().startsWith("Zookeeper version: 3.8.4"), srvr(hostPort).raw());
      assertTrue(FourLetterWords.send("127.0.0.1", port(hostPort), "conf", 2000).contains("tickTime=500"));
      assertEquals(zk.getName() + "-zk1", zk.getContainerName(1));
      try (DockerClient docker = DockerClients.connect()) {
        var env = List.of(docker.inspectContainerCmd(zk.getContainerName(1)).exec().getConfig().getEnv());
        assertTrue(env.stream().anyMatch(e -> e.startsWith("JVMFLAGS=-Xms128m -Xmx128m")), env.toString());
      }
    } finally {
      zk.stop();
    }
    ItSupport.assertNothingLeft(zk.getName());
  }

  static Srvr srvr(String hostPort) throws Exception {
    return Srvr.parse(FourLetterWords.send("127.0.0.1", port(hostPort), "srvr", 2000));
  }

  static int port(String hostPort) {
    return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
  }
}
