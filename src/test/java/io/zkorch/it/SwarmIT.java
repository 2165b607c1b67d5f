package io.zkorch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskState;
import io.zkorch.cli.DockerClients;
import io.zkorch.topology.Labels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * zkorch on a real multi-node Docker swarm: three Docker-in-Docker engines on a network of the test's own, one
 * {@code swarm init}, two {@code join}. The CLI, given the manager (DOCKER_HOST) and the other nodes' engines
 * (ZKORCH_SWARM_NODES), deploys 3 members (one per node, asserted from the tasks' nodes), proves the quorum, runs
 * lock and config under kill-leader and a leader partition, and leaves nothing on any node; then 5 members on the 3
 * nodes (2, 2, 1); then a stack file from {@code zkorch compose --stack} through {@code docker stack deploy}. The swarm
 * is torn down at the end whatever happens.
 */
@DockerTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwarmIT {

  private static final String NETWORK = "zkorch-it-swarm";
  private static final List<String> CLUSTERS = List.of("it-swarm3", "it-swarm5", "it-stack", "it-registry");

  @TempDir static Path dir;
  private DockerClient local;
  private Cli cli;
  private DindNodes dind;
  private final List<String> addresses = new ArrayList<>();
  private final List<DockerClient> engines = new ArrayList<>();
  private Map<String, String> env;
  private String registry;

  @BeforeAll
  void formSwarm() throws Exception {
    local = DockerClients.connect();
    cli = new Cli(dir);
    dind = new DindNodes(local, cli, NETWORK, "swarm");
    dind.removeAll();
    // a registry on the swarm's network (Debian's docker-registry, bin/setup-registry), which the nodes trust
    registry = dind.address(dind.startPlain(NETWORK + "-registry", DindNodes.setupImage("bin/setup-registry"))) + ":5000";
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      ids.add(dind.start(NETWORK + "-" + i, List.of(), List.of("dockerd", "-H", "unix:///var/run/docker.sock", "-H",
          "tcp://0.0.0.0:2375", "--tls=false", "--insecure-registry", registry)));
    }
    for (String id : ids) {
      String address = dind.address(id);
      addresses.add(address);
      engines.add(dind.await(id, "tcp://" + address + ":2375"));
    }
    Cli.Run init = cli.run("docker", "-H", host(0), "swarm", "init", "--advertise-addr", addresses.get(0));
    assertEquals(0, init.code(), init.toString());
    String token = cli.run("docker", "-H", host(0), "swarm", "join-token", "-q", "worker").out().strip();
    for (int i = 1; i < 3; i++) {
      Cli.Run join = cli.run("docker", "-H", host(i), "swarm", "join", "--token", token, addresses.get(0) + ":2377");
      assertEquals(0, join.code(), join.toString());
    }
    assertEquals(3, engines.get(0).listSwarmNodesCmd().exec().size(), "three nodes in the swarm");
    env = Map.of("DOCKER_HOST", host(0), "ZKORCH_SWARM_NODES", host(1) + "," + host(2));
    // partitions on a swarm run iptables from zkorch's helper image, built here from Debian packages once
    Cli.Run nemesis = cli.zkorch(Map.of(), "image", "nemesis");
    assertEquals(0, nemesis.code(), nemesis.toString());
  }

  private String host(int node) {
    return "tcp://" + addresses.get(node) + ":2375";
  }

  @AfterAll
  void tearDown() {
    try {
      for (String cluster : CLUSTERS) {
        if (!engines.isEmpty() && !engines.get(0).listServicesCmd()
            .withLabelFilter(Map.of(Labels.CLUSTER, cluster)).exec().isEmpty()) {
          cli.zkorch(env, "down", cluster, "--volumes", "--runtime", "swarm"); // a failed test's leftovers
        }
      }
      engines.forEach(e -> {
        try {
          e.close();
        } catch (java.io.IOException ignored) {
          // closing a connection pool
        }
      });
    } finally {
      dind.removeAll();
      CLUSTERS.forEach(ItSupport::assertNothingLeft);
    }
  }

  private Path file(String name, int members) {
    return ItSupport.clusterFile(dir, name, "zookeeper:\n  members: " + members + "\n  storage: volume\n"
        + "  profile: fast-failover\n  clientPort: {host: 0}\n"); // the base image: ItSupport's
  }

  @Test
  @Order(1)
  void threeMembersOnePerNodeSurviveKillsAndPartitions() {
    String cluster = "it-swarm3";
    Path file = file(cluster, 3);
    Cli.Run up = cli.zkorch(env, "up", "-f", file.toString(), "--runtime", "swarm", "--wait",
        ItSupport.seconds(Duration.ofSeconds(180)));
    assertEquals(0, up.code(), up.toString());
    assertTrue(up.out().contains("Quorum: healthy"), up.toString());
    assertTrue(up.err().contains("Docker swarm through the manager"), up.toString());

    Map<String, List<String>> placement = placement(cluster);
    assertEquals(3, placement.size(), "one member per node: " + placement);
    placement.values().forEach(members -> assertEquals(1, members.size(), "one member per node: " + placement));

    Cli.Run status = cli.zkorch(env, "status", cluster); // auto: finds the cluster on the swarm by its labels
    assertEquals(0, status.code(), status.toString());
    assertTrue(status.err().contains("Runtime: swarm"), status.toString());
    assertTrue(status.out().contains("NODE"), status.toString());

    Cli.Run lock = cli.zkorch(env, "run", "lock", "-f", file.toString(), "--runtime", "swarm", "--workers", "4",
        "--faults", "kill-leader,partition-leader", "--interval", "8s", "--duration", "30s");
    assertEquals(0, lock.code(), lock.toString());
    assertTrue(lock.out().contains("Verdict: PASS"), lock.toString());
    assertTrue(lock.out().contains("kill-leader") && lock.out().contains("partition-leader"),
        "both faults ran: " + lock);

    Cli.Run config = cli.zkorch(env, "run", "config", "-f", file.toString(), "--runtime", "swarm",
        "--faults", "kill-leader", "--interval", "8s", "--duration", "20s");
    assertEquals(0, config.code(), config.toString());
    assertTrue(config.out().contains("Verdict: PASS"), config.toString());

    down(cluster);
  }

  @Test
  @Order(2)
  void fiveMembersSpreadTwoTwoOne() throws Exception {
    String cluster = "it-swarm5";
    Cli.Run up = cli.zkorch(env, "up", "-f", file(cluster, 5).toString(), "--runtime", "swarm", "--wait",
        ItSupport.seconds(Duration.ofSeconds(180)));
    assertEquals(0, up.code(), up.toString());
    assertTrue(up.out().contains("5 of 5 serving"), up.toString());
    assertTrue(up.err().contains("fewer nodes than members"), "the placement says what a lost node costs: " + up);
    Map<String, List<String>> placement = placement(cluster);
    assertEquals(3, placement.size(), "every node used: " + placement);
    assertEquals(List.of(1, 2, 2), placement.values().stream().map(List::size).sorted().toList(),
        "spread 2, 2, 1: " + placement);
    // the same partition shapes as on Docker: iptables on each member's node, against the overlay's addresses
    Cli.Run ring = cli.zkorch(env, "fault", "partition", cluster, "ring");
    assertEquals(0, ring.code(), ring.toString());
    assertTrue(ring.out().matches("(?s).*Links cut: (zk\\d<->zk\\d(, |\\.)){5}.*"), ring.toString());
    Cli.Run again = cli.zkorch(env, "fault", "isolate", cluster, "zk1");
    assertEquals(2, again.code(), again.toString());
    assertTrue(again.err().contains("has a network fault already"), again.toString());
    Cli.Run heal = cli.zkorch(env, "fault", "heal", cluster);
    assertEquals(0, heal.code(), heal.toString());
    assertTrue(heal.out().contains("Quorum: healthy"), heal.toString());

    // link chaos too: the helper and its packet delayer stay running beside zk1 on its node until the heal
    double before = roundTripMs(cluster, "zk1");
    Cli.Run delay = cli.zkorch(env, "fault", "delay", cluster, "zk1", "--by", "300ms");
    assertEquals(0, delay.code(), delay.toString());
    assertEquals(1, marks(), "the delay's mark runs on zk1's node");
    double during = roundTripMs(cluster, "zk1");
    assertTrue(during > 250 && during > 5 * before, "srvr to zk1 from here: " + before + " ms, then " + during
        + " ms under a 300 ms delay");
    Cli.Run loss = cli.zkorch(env, "fault", "loss", cluster, "zk1", "--by", "10%");
    assertEquals(2, loss.code(), loss.toString());
    assertTrue(loss.err().contains("has a network fault already"), loss.toString());
    Cli.Run healDelay = cli.zkorch(env, "fault", "heal", cluster);
    assertEquals(0, healDelay.code(), healDelay.toString());
    assertTrue(healDelay.out().contains("Quorum: healthy"), healDelay.toString());
    assertEquals(0, marks(), "the heal took the mark away");
    double after = roundTripMs(cluster, "zk1");
    assertTrue(after < 100, "srvr to zk1 after the heal: " + after + " ms");
    down(cluster);
  }

  /** Network-fault marks (running helpers) on every node. */
  private int marks() {
    int n = 0;
    for (DockerClient e : engines) {
      n += e.listContainersCmd().withShowAll(true).withLabelFilter(List.of(Labels.ROLE + "=nemesis")).exec().size();
    }
    return n;
  }

  /** The median of five srvr round trips (ms) from here to a member's port, published on its node. */
  private double roundTripMs(String cluster, String member) throws Exception {
    for (int i = 0; i < engines.size(); i++) {
      var found = engines.get(i).listContainersCmd().withLabelFilter(List.of(Labels.CLUSTER + "=" + cluster,
          Labels.SERVICE + "=" + member, Labels.ROLE + "=" + Labels.ROLE_MEMBER)).exec();
      if (found.isEmpty()) {
        continue;
      }
      int port = java.util.Arrays.stream(found.get(0).getPorts())
          .filter(p -> p.getPrivatePort() != null && p.getPrivatePort() == 2181 && p.getPublicPort() != null)
          .findFirst().orElseThrow(() -> new AssertionError(member + " publishes no client port")).getPublicPort();
      double[] ms = new double[5];
      for (int k = 0; k < ms.length; k++) {
        long t0 = System.nanoTime();
        io.zkorch.health.FourLetterWords.send(addresses.get(i), port, "srvr", 5000,
            io.zkorch.security.ClientAccess.PLAIN);
        ms[k] = (System.nanoTime() - t0) / 1e6;
      }
      java.util.Arrays.sort(ms);
      return ms[2];
    }
    throw new AssertionError(member + " of " + cluster + " runs on no node");
  }

  @Test
  @Order(3)
  void theStackFileDeploysWithDockerStack() throws Exception {
    String cluster = "it-stack";
    Path file = file(cluster, 3);
    Path stack = dir.resolve("stack.yml");
    Cli.Run render = cli.zkorch(Map.of(), "compose", "--stack", "-f", file.toString(), "-o", stack.toString());
    assertEquals(0, render.code(), render.toString());
    // a stack names images by tag: every node needs it (built here, then loaded like `docker save | docker load`)
    Cli.Run build = cli.zkorch(Map.of(), "build", "-f", file.toString());
    assertEquals(0, build.code(), build.toString());
    String member = "zkorch/member:" + io.zkorch.spec.ZooKeeperVersions.SHIPPED;
    for (int i = 0; i < 3; i++) {
      Cli.Run load = cli.zkorch(Map.of("DOCKER_HOST", host(i)), "image", "load", member);
      assertEquals(0, load.code(), load.toString());
    }
    Cli.Run deploy = cli.run("docker", "-H", host(0), "stack", "deploy", "-c", stack.toString(), cluster);
    assertEquals(0, deploy.code(), "docker stack deploy accepts the file: " + deploy + "\n" + Files.readString(stack));
    Cli.Run status = null;
    long giveUp = System.nanoTime() + ItSupport.timeout(Duration.ofSeconds(120)).toNanos();
    while (System.nanoTime() < giveUp) {
      status = cli.zkorch(env, "status", cluster, "--runtime", "swarm");
      if (status.code() == 0 && status.out().contains("Quorum: healthy")) {
        break;
      }
      Thread.sleep(1000);
    }
    assertTrue(status != null && status.out().contains("Quorum: healthy"), "the stack's quorum: " + status);
    down(cluster);
    assertTrue(cli.run("docker", "-H", host(0), "stack", "ls").out().lines().skip(1).toList().isEmpty(),
        "no stack left");
  }

  @Test
  @Order(4)
  void withARegistryTheNodesPullWhatZkorchPushed() throws Exception {
    String cluster = "it-registry";
    Path file = dir.resolve(cluster + ".yaml");
    Files.writeString(file, "apiVersion: zkorch.io/v1alpha1\nkind: Cluster\nname: " + cluster + "\nzookeeper:\n"
        + "  members: 3\n  storage: tmpfs\n  profile: fast-failover\n  clientPort: {host: 0}\nimages:\n  base: "
        + ItSupport.baseImage() + "\n  registry: " + registry + "\n");
    Cli.Run up = cli.zkorch(env, "up", "-f", file.toString(), "--runtime", "swarm", "--wait",
        ItSupport.seconds(Duration.ofSeconds(180)));
    assertEquals(0, up.code(), up.toString());
    assertTrue(up.err().contains("Pushing zkorch/member:") && up.err().contains(" as " + registry + "/zkorch/member:"),
        up.toString());
    assertTrue(!up.err().contains("Loading image zkorch/member"), "pushed, not loaded: " + up);
    String pulled = engines.get(0).listServicesCmd().withLabelFilter(Map.of(Labels.CLUSTER, cluster)).exec().get(0)
        .getSpec().getTaskTemplate().getContainerSpec().getImage();
    assertTrue(pulled.startsWith(registry + "/zkorch/member:"), pulled);
    for (int i = 0; i < engines.size(); i++) {
      int node = i;
      // every node pulled it from the registry itself (the name exists nowhere else)
      org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> engines.get(node).inspectImageCmd(pulled).exec(),
          "node " + (node + 1) + " has " + pulled);
    }
    down(cluster);
  }

  /** Running member tasks of the cluster by node id. */
  private Map<String, List<String>> placement(String cluster) {
    Map<String, List<String>> by = new TreeMap<>();
    for (Task t : engines.get(0).listTasksCmd().withLabelFilter(Map.of(Labels.CLUSTER, cluster)).exec()) {
      if (t.getDesiredState() == TaskState.RUNNING && t.getStatus().getState() == TaskState.RUNNING
          && t.getSpec().getContainerSpec().getLabels().get(Labels.ROLE).equals(Labels.ROLE_MEMBER)) {
        by.computeIfAbsent(t.getNodeId(), k -> new ArrayList<>())
            .add(t.getSpec().getContainerSpec().getLabels().get(Labels.SERVICE));
      }
    }
    return by;
  }

  /** {@code down --volumes}, then nothing of the cluster on any node: services, containers, volumes, networks. */
  private void down(String cluster) {
    Cli.Run down = cli.zkorch(env, "down", cluster, "--volumes", "--runtime", "swarm");
    assertEquals(0, down.code(), down.toString());
    String filter = Labels.CLUSTER + "=" + cluster;
    assertTrue(engines.get(0).listServicesCmd().withLabelFilter(Map.of(Labels.CLUSTER, cluster)).exec().isEmpty(),
        "services left");
    for (int i = 0; i < engines.size(); i++) {
      DockerClient e = engines.get(i);
      assertTrue(e.listContainersCmd().withShowAll(true).withLabelFilter(List.of(filter)).exec().isEmpty(),
          "containers left on node " + (i + 1));
      var vols = e.listVolumesCmd().withFilter("label", List.of(filter)).exec().getVolumes();
      assertTrue(vols == null || vols.isEmpty(), "volumes left on node " + (i + 1));
      assertTrue(e.listNetworksCmd().withFilter("label", List.of(filter)).exec().isEmpty(),
          "networks left on node " + (i + 1));
    }
  }
}
