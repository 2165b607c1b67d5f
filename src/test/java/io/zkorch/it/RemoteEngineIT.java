package io.zkorch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;
import io.zkorch.cli.DockerClients;
import io.zkorch.topology.Labels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * zkorch on a Docker engine that is not this machine's: a Docker-in-Docker engine (an image from Debian packages,
 * bin/setup-dind) on a network of the test's own, its API on its own address, reached only through DOCKER_HOST.
 * The CLI (up, status, run lock, fault kill, down) and the examples project (ZooKeeperEnsemble through
 * Testcontainers) run against it; then again through a loopback port forwarded to its API. Nothing is left on
 * either engine.
 */
@DockerTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemoteEngineIT {

  private static final String NAME = "zkorch-it-remote-engine";
  private static final String CLUSTER = "it-remote";

  private DockerClient local;
  private Cli cli;
  private DindNodes nodes;
  private DockerClient remote;
  private String address;
  private int loopbackPort;
  private String base;
  @TempDir static Path dir;

  @BeforeAll
  void startEngine() throws Exception {
    local = DockerClients.connect();
    cli = new Cli(dir);
    nodes = new DindNodes(local, cli, NAME, "remote-engine");
    nodes.removeAll();
    String id = nodes.start(NAME, "-p", "127.0.0.1::2375");
    address = nodes.address(id);
    loopbackPort = Integer.parseInt(local.inspectContainerCmd(id).exec().getNetworkSettings().getPorts()
        .getBindings().get(ExposedPort.tcp(2375))[0].getHostPortSpec());
    remote = nodes.await(id, "tcp://" + address + ":2375");
    base = ItSupport.baseImage();
  }

  @AfterAll
  void removeEverything() throws Exception {
    try {
      if (remote != null) {
        // what zkorch made on the remote engine is gone (the engine goes next, but the test must prove it)
        assertTrue(remote.listContainersCmd().withShowAll(true).withLabelFilter(List.of(Labels.CLUSTER)).exec()
            .isEmpty(), "containers left on the remote engine");
        assertTrue(remote.listNetworksCmd().withFilter("label", List.of(Labels.CLUSTER)).exec().isEmpty(),
            "networks left on the remote engine");
        remote.close();
      }
    } finally {
      nodes.removeAll();
      ItSupport.assertNothingLeft(CLUSTER);
      ItSupport.assertNothingLeft(CLUSTER + "-loopback");
      local.close();
    }
  }

  @Test
  @Order(1)
  void theCliRunsAClusterOnTheRemoteEngine() throws Exception {
    Map<String, String> env = Map.of("DOCKER_HOST", "tcp://" + address + ":2375");
    Path file = ItSupport.clusterFile(dir, CLUSTER, "zookeeper:\n  members: 3\n  storage: volume\n"
        + "  profile: fast-failover\n");

    Cli.Run up = zkorch(env, "up", "-f", file.toString(), "--wait", ItSupport.seconds(Duration.ofSeconds(180)));
    assertEquals(0, up.code(), up.toString());
    String first = up.err().lines().findFirst().orElse("");
    assertTrue(first.contains("Docker engine at tcp://" + address + ":2375") && first.contains("published on 0.0.0.0")
        && first.contains("reached at " + address), "the first line says where ports are bound: " + up);
    assertTrue(up.err().contains("Loading image " + base + " into tcp://" + address + ":2375"),
        "the base image was copied to the engine that lacked it: " + up);
    assertTrue(up.out().contains(address + ":"), "members are reached at the engine's address: " + up);
    assertEquals(3, remote.listContainersCmd().withLabelFilter(Map.of(Labels.CLUSTER, CLUSTER)).exec().size());
    assertTrue(local.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.CLUSTER, CLUSTER)).exec()
        .isEmpty(), "nothing of the cluster runs on the local engine");

    Cli.Run status = zkorch(env, "status", CLUSTER);
    assertEquals(0, status.code(), status.toString());
    assertTrue(status.out().contains("Quorum: healthy"), status.toString());

    Cli.Run lock = zkorch(env, "run", "lock", "-f", file.toString(), "--duration", "2s", "--workers", "3");
    assertEquals(0, lock.code(), lock.toString());
    assertTrue(lock.out().contains("PASS"), lock.toString());

    Cli.Run kill = zkorch(env, "fault", "kill", CLUSTER, "leader", "--restart-after", "1s");
    assertEquals(0, kill.code(), kill.toString());
    assertTrue(kill.out().contains("Quorum: healthy"), kill.toString());

    Cli.Run heal = zkorch(env, "fault", "heal", CLUSTER);
    assertEquals(0, heal.code(), heal.toString());

    Cli.Run down = zkorch(env, "down", CLUSTER, "--volumes");
    assertEquals(0, down.code(), down.toString());
    assertTrue(remote.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.CLUSTER, CLUSTER)).exec()
        .isEmpty());
    assertTrue(remote.listVolumesCmd().withFilter("label", List.of(Labels.CLUSTER + "=" + CLUSTER)).exec()
        .getVolumes() == null || remote.listVolumesCmd().withFilter("label", List.of(Labels.CLUSTER + "=" + CLUSTER))
        .exec().getVolumes().isEmpty(), "volumes removed with --volumes");
  }

  @Test
  @Order(2)
  void throughALoopbackPortForwardedToTheEnginesApi() throws Exception {
    // the API tunnelled to 127.0.0.1 (docker's port forward here, an SSH tunnel elsewhere): the published ports
    // are still on the engine's own address, which TESTCONTAINERS_HOST_OVERRIDE names, as for Testcontainers
    Map<String, String> env = Map.of("DOCKER_HOST", "tcp://127.0.0.1:" + loopbackPort,
        "TESTCONTAINERS_HOST_OVERRIDE", address);
    Path file = ItSupport.clusterFile(dir, CLUSTER + "-loopback", "zookeeper:\n  members: 3\n  storage: tmpfs\n");
    Cli.Run up = zkorch(env, "up", "-f", file.toString(), "--wait", ItSupport.seconds(Duration.ofSeconds(120)));
    assertEquals(0, up.code(), up.toString());
    assertTrue(up.err().contains("Docker engine at tcp://127.0.0.1:" + loopbackPort), up.toString());
    Cli.Run status = zkorch(env, "status", CLUSTER + "-loopback");
    assertTrue(status.out().contains("Quorum: healthy") && status.out().contains(address + ":"), status.toString());
    Cli.Run ls = zkorch(env, "ls");
    assertTrue(ls.out().contains(CLUSTER + "-loopback"), ls.toString());
    Cli.Run down = zkorch(env, "down", CLUSTER + "-loopback", "--volumes");
    assertEquals(0, down.code(), down.toString());
  }

  @Test
  @Order(3)
  void imageLoadCopiesByHandAndSkipsWhatIsThere() {
    Map<String, String> env = Map.of("DOCKER_HOST", "tcp://" + address + ":2375");
    Cli.Run again = zkorch(env, "image", "load", base);
    assertEquals(0, again.code(), again.toString());
    assertTrue(again.out().contains("Loaded 0 of 1"), "already there after up: " + again);
    Cli.Run missing = zkorch(env, "image", "load", "zkorch/no-such-image:1");
    assertEquals(2, missing.code(), missing.toString());
    assertTrue(missing.err().contains("is not on this machine's Docker engine"), missing.toString());
  }

  @Test
  @Order(4)
  void theExamplesProjectRunsOnTheRemoteEngineThroughTestcontainers() throws Exception {
    Path examples = Path.of("examples").toAbsolutePath();
    List<String> cmd = List.of("mvn", "-B", "-ntp", "-q", "-f", examples.resolve("pom.xml").toString(), "verify");
    Map<String, String> env = new HashMap<>();
    env.put("DOCKER_HOST", "tcp://" + address + ":2375");
    env.put("TESTCONTAINERS_RYUK_DISABLED", "true");
    env.put("ZKORCH_BASE_IMAGE", base);
    Cli.Run mvn = run(cmd, env, List.of("TESTCONTAINERS_HOST_OVERRIDE"), Duration.ofMinutes(8));
    assertEquals(0, mvn.code(), mvn.toString());
    assertTrue(remote.listContainersCmd().withShowAll(true).withLabelFilter(List.of(Labels.CLUSTER)).exec().isEmpty(),
        "the examples' ensembles are gone from the remote engine");
  }

  private Cli.Run zkorch(Map<String, String> env, String... args) {
    return cli.zkorch(env, args);
  }

  private Cli.Run run(List<String> cmd, Map<String, String> env, List<String> unset, Duration timeout) {
    return cli.run(cmd, env, unset, timeout);
  }
}
