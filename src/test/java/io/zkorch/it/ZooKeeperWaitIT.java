package io.zkorch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.health.FourLetterWords;
import io.zkorch.health.Srvr;
import io.zkorch.testcontainers.ZooKeeperEnsemble;
import io.zkorch.testcontainers.ZooKeeperWait;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * ZooKeeperWait on its own, on plain GenericContainers of a ZooKeeper image (zkorch's member image stands in for
 * the official one; both follow the same environment contract).
 */
@DockerTest
class ZooKeeperWaitIT {

  static String image;

  @BeforeAll
  static void memberImage() {
    // the member image for the shipped version, built (or found) the way an ensemble does
    ZooKeeperEnsemble zk = new ZooKeeperEnsemble(1).withBaseImage(ItSupport.baseImage());
    zk.start();
    try {
      try (var docker = io.zkorch.cli.DockerClients.connect()) {
        image = docker.inspectContainerCmd(zk.getContainerId(1)).exec().getConfig().getImage();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    } finally {
      zk.stop();
    }
  }

  @Test
  void aStandaloneServerIsReadyWhenItServes() throws Exception {
    try (GenericContainer<?> zk = new GenericContainer<>(DockerImageName.parse(image))
        .withExposedPorts(2181)
        .waitingFor(ZooKeeperWait.forQuorum().withStartupTimeout(Duration.ofSeconds(60)))) {
      zk.start();
      // ready means serving: the very first srvr after start() answers with a mode
      Srvr srvr = Srvr.parse(FourLetterWords.send(zk.getHost(), zk.getMappedPort(2181), "srvr", 2000));
      assertTrue(srvr.serving(), srvr.raw());
      assertEquals("standalone", srvr.mode().id());
    }
  }

  @Test
  void aMemberWithoutItsQuorumHasAnOpenPortButIsNeverReady() {
    // one member of a three-member ensemble, alone: it listens on 2181 but cannot serve
    String servers = "server.1=localhost:2888:3888;2181 server.2=zk2:2888:3888;2181 server.3=zk3:2888:3888;2181";
    try (GenericContainer<?> portOnly = new GenericContainer<>(DockerImageName.parse(image))
        .withEnv("ZOO_MY_ID", "1").withEnv("ZOO_SERVERS", servers).withEnv("ZOO_STANDALONE_ENABLED", "false")
        .withExposedPorts(2181)
        .waitingFor(Wait.forListeningPort().withStartupTimeout(Duration.ofSeconds(60)))) {
      portOnly.start(); // a port check calls it ready
      assertTrue(srvrOf(portOnly).contains("not currently serving"), "yet it does not serve");
    }
    try (GenericContainer<?> zk = new GenericContainer<>(DockerImageName.parse(image))
        .withEnv("ZOO_MY_ID", "1").withEnv("ZOO_SERVERS", servers).withEnv("ZOO_STANDALONE_ENABLED", "false")
        .withExposedPorts(2181)
        .waitingFor(ZooKeeperWait.forQuorum().withStartupTimeout(Duration.ofSeconds(6)))) {
      RuntimeException e = assertThrows(RuntimeException.class, zk::start);
      String message = rootMessage(e);
      assertTrue(message.matches("(?s)\\S+ did not serve as leader, follower, observer or standalone within 6s"
          + " \\(srvr on port 2181 last said: not currently serving requests\\); its last log lines:\n.*"), message);
      assertTrue(message.contains("QuorumPeer") || message.contains("zookeeper"), "shows the log: " + message);
    }
  }

  @Test
  void withModesWaitsForTheModeAsked() {
    try (GenericContainer<?> zk = new GenericContainer<>(DockerImageName.parse(image))
        .withExposedPorts(2181)
        .waitingFor(ZooKeeperWait.forQuorum().withModes("leader").withStartupTimeout(Duration.ofSeconds(5)))) {
      RuntimeException e = assertThrows(RuntimeException.class, zk::start);
      assertTrue(rootMessage(e).contains("did not serve as leader within 5s (srvr on port 2181 last said: serving in"
          + " mode standalone)"), rootMessage(e));
    }
  }

  static String srvrOf(GenericContainer<?> c) {
    try {
      return FourLetterWords.send(c.getHost(), c.getMappedPort(2181), "srvr", 2000);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  /** The wait strategy's own message, under Testcontainers' wrappers. */
  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && !(t.getMessage() != null && t.getMessage().contains(" within "))) {
      t = t.getCause();
    }
    return String.valueOf(t.getMessage());
  }
}
