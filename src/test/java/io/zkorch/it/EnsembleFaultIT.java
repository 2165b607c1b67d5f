package io.zkorch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import io.zkorch.health.FourLetterWords;
import io.zkorch.health.Srvr;
import io.zkorch.cli.DockerClients;
import io.zkorch.runtime.docker.DockerProvider;
import io.zkorch.testcontainers.ZooKeeperEnsemble;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryForever;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ContainerLaunchException;

/**
 * Every fault method of ZooKeeperEnsemble, and heal, on one fast-failover ensemble: each test hits a member, looks
 * at it from outside (srvr on its port, Docker's state, a client), and heals; the connect string never changes.
 */
@DockerTest
class EnsembleFaultIT {

  static ZooKeeperEnsemble zk;
  static String connect;
  static CuratorFramework client;

  @BeforeAll
  static void start() throws Exception {
    zk = new ZooKeeperEnsemble(3).withFastFailover().withBaseImage(ItSupport.baseImage()).withSeed(7);
    zk.start();
    connect = zk.getConnectString();
    client = CuratorFrameworkFactory.newClient(connect, zk.getSessionTimeoutMs(), zk.getConnectionTimeoutMs(),
        new RetryForever(50));
    client.start();
    assertTrue(client.blockUntilConnected(30, TimeUnit.SECONDS));
  }

  @AfterEach
  void healed() {
    zk.heal();
    assertEquals(connect, zk.getConnectString(), "the connect string outlives every fault");
    for (int id = 1; id <= 3; id++) {
      assertTrue(serving(id), "zk" + id + " serves after heal()");
    }
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    String name = zk.getName();
    zk.stop();
    ItSupport.assertNothingLeft(name);
  }

  @Test
  void killLeaderElectsAnotherMemberAndClientsCarryOn() throws Exception {
    int old = zk.killLeader();
    int now = zk.getLeader();
    assertNotEquals(old, now, "another member leads");
    assertEquals("exited", state(old));
    assertFalse(serving(old));
    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
      for (int i = 0; i < 50; i++) {
        client.create().orSetData().forPath("/after-kill-leader", ("ok" + i).getBytes(StandardCharsets.UTF_8));
        Thread.sleep(20);
      }
    });
    assertEquals("ok49", new String(client.getData().forPath("/after-kill-leader"), StandardCharsets.UTF_8));
    // Curator's ensemble tracker reads /zookeeper/config after every election: it must find nothing there that
    // would switch this host's client to in-network names (zk1:2181, …) it cannot resolve
    assertEquals(connect, client.getZookeeperClient().getCurrentConnectionString());
  }

  @Test
  void killAFollowerLeavesTheLeaderInPlace() {
    int leader = zk.getLeader();
    int follower = leader % 3 + 1;
    zk.kill(follower);
    assertEquals("exited", state(follower));
    assertFalse(serving(follower));
    assertEquals(leader, zk.getLeader());
  }

  @Test
  void pauseFreezesAMemberUntilHeal() throws Exception {
    int follower = zk.getLeader() % 3 + 1;
    zk.pause(follower);
    assertEquals("paused", state(follower));
    assertFalse(serving(follower));
    Thread.sleep(1500); // longer than a session under fast failover: the member stays frozen by itself
    assertEquals("paused", state(follower));
  }

  @Test
  void pauseForADurationResumesByItself() throws Exception {
    int follower = zk.getLeader() % 3 + 1;
    long t0 = System.nanoTime();
    zk.pause(follower, Duration.ofSeconds(2));
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2), "pause(id, d) returns before d ends");
    assertEquals("paused", state(follower));
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (state(follower).equals("paused") && System.nanoTime() < giveUp) {
      Thread.sleep(100);
    }
    assertEquals("running", state(follower), "resumed without heal()");
    // the leader dropped it meanwhile (syncLimit × tick = 1 s): after a moment of believing it still follows, it
    // looks for the leader again and rejoins, all by itself
    zk.awaitQuorum(Duration.ofSeconds(20));
    assertTrue(serving(follower));
  }

  @Test
  void partitionCutsAMemberOffTheOthers() throws Exception {
    int follower = zk.getLeader() % 3 + 1;
    zk.partition(follower);
    try (DockerProvider runtime = DockerClients.runtime()) {
      assertTrue(runtime.find(zk.getName()).orElseThrow().members().get(follower - 1).partitioned());
      // its own view, from inside its container: it has lost the quorum
      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      String inside = "";
      while (System.nanoTime() < giveUp) {
        inside = runtime.fourLetterWordInside(zk.getName(), "zk" + follower, "srvr");
        if (inside.contains("not currently serving")) {
          break;
        }
        Thread.sleep(100);
      }
      assertTrue(inside.contains("not currently serving"), inside);
    }
    // the majority still serves writes
    client.create().orSetData().forPath("/during-partition", new byte[] {1});
  }

  /** Waits up to 20 s for member {@code id} to say (on its published port) that it serves, or that it does not. */
  static boolean becomes(int id, boolean serving) throws InterruptedException {
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < giveUp) {
      if (serving(id) == serving) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  @Test
  void isolateKeepsAMembersPortButTakesItsQuorum() throws Exception {
    int follower = zk.getLeader() % 3 + 1;
    zk.isolate(follower);
    // unlike partition(), its published port still answers: it says it stopped serving
    assertTrue(becomes(follower, false), "zk" + follower + " notices it lost the quorum");
    String hostPort = connect.split(",")[follower - 1];
    assertTrue(Srvr.parse(FourLetterWords.send("127.0.0.1", EnsembleIT.port(hostPort), "srvr", 500)).raw()
        .contains("not currently serving"));
    client.create().orSetData().forPath("/during-isolation", new byte[] {1});
  }

  @Test
  void partitionIntoSidesLeavesTheMajorityServing() throws Exception {
    int leader = zk.getLeader();
    int a = leader % 3 + 1;
    int b = a % 3 + 1;
    // the leader alone on one side: the other two elect one of themselves
    zk.partition(java.util.Set.of(leader), java.util.Set.of(a, b));
    assertTrue(becomes(leader, false), "the old leader, alone, stops serving");
    assertNotEquals(leader, zk.getLeader());
    client.create().orSetData().forPath("/during-sides", new byte[] {2});
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
        () -> zk.partition(java.util.Set.of(1), java.util.Set.of(1, 2)));
    assertTrue(twice.getMessage().contains("on two sides"), twice.getMessage());
  }

  @Test
  void delaySlowsEverythingAMemberSends() throws Exception {
    String hostPort = connect.split(",")[0];
    long t0 = System.nanoTime();
    FourLetterWords.send("127.0.0.1", EnsembleIT.port(hostPort), "srvr", 5000);
    double before = (System.nanoTime() - t0) / 1e6;
    zk.delay(1, Duration.ofMillis(250));
    t0 = System.nanoTime();
    FourLetterWords.send("127.0.0.1", EnsembleIT.port(hostPort), "srvr", 5000);
    double delayed = (System.nanoTime() - t0) / 1e6;
    // its SYN-ACK and its answer are each held 250 ms
    assertTrue(delayed >= 490, "round trip " + before + " ms before, " + delayed + " ms delayed");
    assertThrows(IllegalArgumentException.class, () -> zk.delay(2, Duration.ZERO));
  }

  @Test
  void restartBringsAMemberBackWithItsDataOnTheSamePort() throws Exception {
    client.create().orSetData().forPath("/before-restart", "kept".getBytes(StandardCharsets.UTF_8));
    int follower = zk.getLeader() % 3 + 1;
    String id = zk.getContainerId(follower);
    String startedBefore = startedAt(id);
    zk.restart(follower);
    assertEquals("running", state(follower));
    assertNotEquals(startedBefore, startedAt(id), "the same container, started again");
    // a client of that member alone reads what was written before
    String only = connect.split(",")[follower - 1];
    try (CuratorFramework one = CuratorFrameworkFactory.newClient(only, new RetryForever(100))) {
      one.start();
      assertTrue(one.blockUntilConnected(20, TimeUnit.SECONDS));
      one.sync().forPath("/before-restart");
      assertEquals("kept", new String(one.getData().forPath("/before-restart"), StandardCharsets.UTF_8));
    }
  }

  @Test
  void awaitQuorumNamesTheMemberThatIsMissing() {
    int follower = zk.getLeader() % 3 + 1;
    zk.kill(follower);
    ContainerLaunchException e = assertThrows(ContainerLaunchException.class,
        () -> zk.awaitQuorum(Duration.ofMillis(500)));
    assertTrue(e.getMessage().contains("members answer fails — zk" + follower + " does not answer srvr"),
        e.getMessage());
    assertTrue(e.getMessage().contains("last log lines of zk" + follower + ":\n"), e.getMessage());
  }

  @Test
  void aMemberOutsideTheEnsembleIsRefusedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> zk.kill(4));
    assertTrue(e.getMessage().contains("has members 1 to 3; there is no 4"), e.getMessage());
  }

  static boolean serving(int id) {
    String hostPort = connect.split(",")[id - 1];
    try {
      return Srvr.parse(FourLetterWords.send("127.0.0.1", EnsembleIT.port(hostPort), "srvr", 500)).serving();
    } catch (IOException e) {
      return false;
    }
  }

  static String startedAt(String id) {
    try (DockerClient docker = DockerClients.connect()) {
      return docker.inspectContainerCmd(id).exec().getState().getStartedAt();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String state(int id) {
    try (DockerClient docker = DockerClients.connect()) {
      return docker.inspectContainerCmd(zk.getName() + "-zk" + id).exec().getState().getStatus();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
