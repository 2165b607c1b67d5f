package io.zkorch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.zkorch.cli.DockerClients;
import io.zkorch.topology.Labels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

  /** The label on what this test creates on the local engine (the engine container, its network). */
  static final String TEST_LABEL = "io.zkorch.test";

  private static final String NAME = "zkorch-it-remote-engine";
  private static final String CLUSTER = "it-remote";

  private DockerClient local;
  private DockerClient remote;
  private String address;
  private int loopbackPort;
  private String base;
  @TempDir static Path dir;

  @BeforeAll
  void startEngine() throws Exception {
    local = DockerClients.connect();
    removeEngine();
    String image = dindImage();
    // the recipe of bin/setup-dind, with the docker CLI (systempaths=unconfined is a CLI-side option): what
    // Docker-in-Docker needs short of --privileged, which is refused where CAP_SYS_RESOURCE is missing
    String label = TEST_LABEL + "=remote-engine";
    Run net = run(List.of("docker", "network", "create", "--label", label, NAME), Map.of(), List.of(),
        Duration.ofSeconds(30));
    assertEquals(0, net.code, net.toString());
    List<String> cmd = new ArrayList<>(List.of("docker", "run", "-d", "--name", NAME, "--label", label,
        "--network", NAME, "-p", "127.0.0.1::2375", "-v", "/var/lib/docker"));
    for (String cap : List.of("SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE", "DAC_READ_SEARCH", "SYS_NICE", "IPC_LOCK")) {
      cmd.addAll(List.of("--cap-add", cap));
    }
    for (String opt : List.of("seccomp=unconfined", "apparmor=unconfined", "systempaths=unconfined")) {
      cmd.addAll(List.of("--security-opt", opt));
    }
    cmd.addAll(List.of("--cgroupns", "host", "-v", "/sys/fs/cgroup:/sys/fs/cgroup:rw", image));
    Run started = run(cmd, Map.of(), List.of(), Duration.ofMinutes(1));
    assertEquals(0, started.code, started.toString());
    String id = started.out.strip();
    var inspect = local.inspectContainerCmd(id).exec();
    address = inspect.getNetworkSettings().getNetworks().get(NAME).getIpAddress();
    loopbackPort = Integer.parseInt(inspect.getNetworkSettings().getPorts().getBindings()
        .get(ExposedPort.tcp(2375))[0].getHostPortSpec());
    remote = client("tcp://" + address + ":2375");
    long giveUp = System.nanoTime() + ItSupport.timeout(Duration.ofSeconds(60)).toNanos();
    while (true) {
      try {
        remote.pingCmd().exec();
        break;
      } catch (RuntimeException notYet) {
        if (System.nanoTime() > giveUp) {
          throw new AssertionError("the Docker-in-Docker engine did not answer at " + address + ":2375 in 60 s:\n"
              + logs(id), notYet);
        }
        Thread.sleep(200);
      }
    }
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
      removeEngine();
      assertTrue(local.listContainersCmd().withShowAll(true).withLabelFilter(List.of(TEST_LABEL)).exec().isEmpty());
      assertTrue(local.listNetworksCmd().withFilter("label", List.of(TEST_LABEL)).exec().isEmpty());
      ItSupport.assertNothingLeft(CLUSTER);
      ItSupport.assertNothingLeft(CLUSTER + "-loopback");
      local.close();
    }
  }

  private void removeEngine() {
    for (var c : local.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(TEST_LABEL, "remote-engine"))
        .exec()) {
      local.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
    }
    for (var n : local.listNetworksCmd().withFilter("label", List.of(TEST_LABEL + "=remote-engine")).exec()) {
      local.removeNetworkCmd(n.getId()).exec();
    }
  }

  @Test
  @Order(1)
  void theCliRunsAClusterOnTheRemoteEngine() throws Exception {
    Map<String, String> env = Map.of("DOCKER_HOST", "tcp://" + address + ":2375");
    Path file = ItSupport.clusterFile(dir, CLUSTER, "zookeeper:\n  members: 3\n  storage: volume\n"
        + "  profile: fast-failover\n");

    Run up = zkorch(env, "up", "-f", file.toString(), "--wait", ItSupport.seconds(Duration.ofSeconds(180)));
    assertEquals(0, up.code, up.toString());
    String first = up.err.lines().findFirst().orElse("");
    assertTrue(first.contains("Docker engine at tcp://" + address + ":2375") && first.contains("published on 0.0.0.0")
        && first.contains("reached at " + address), "the first line says where ports are bound: " + up);
    assertTrue(up.err.contains("Loading image " + base + " into tcp://" + address + ":2375"),
        "the base image was copied to the engine that lacked it: " + up);
    assertTrue(up.out.contains(address + ":"), "members are reached at the engine's address: " + up);
    assertEquals(3, remote.listContainersCmd().withLabelFilter(Map.of(Labels.CLUSTER, CLUSTER)).exec().size());
    assertTrue(local.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.CLUSTER, CLUSTER)).exec()
        .isEmpty(), "nothing of the cluster runs on the local engine");

    Run status = zkorch(env, "status", CLUSTER);
    assertEquals(0, status.code, status.toString());
    assertTrue(status.out.contains("Quorum: healthy"), status.toString());

    Run lock = zkorch(env, "run", "lock", "-f", file.toString(), "--duration", "2s", "--workers", "3");
    assertEquals(0, lock.code, lock.toString());
    assertTrue(lock.out.contains("PASS"), lock.toString());

    Run kill = zkorch(env, "fault", "kill", CLUSTER, "leader", "--restart-after", "1s");
    assertEquals(0, kill.code, kill.toString());
    assertTrue(kill.out.contains("Quorum: healthy"), kill.toString());

    Run heal = zkorch(env, "fault", "heal", CLUSTER);
    assertEquals(0, heal.code, heal.toString());

    Run down = zkorch(env, "down", CLUSTER, "--volumes");
    assertEquals(0, down.code, down.toString());
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
    Run up = zkorch(env, "up", "-f", file.toString(), "--wait", ItSupport.seconds(Duration.ofSeconds(120)));
    assertEquals(0, up.code, up.toString());
    assertTrue(up.err.contains("Docker engine at tcp://127.0.0.1:" + loopbackPort), up.toString());
    Run status = zkorch(env, "status", CLUSTER + "-loopback");
    assertTrue(status.out.contains("Quorum: healthy") && status.out.contains(address + ":"), status.toString());
    Run ls = zkorch(env, "ls");
    assertTrue(ls.out.contains(CLUSTER + "-loopback"), ls.toString());
    Run down = zkorch(env, "down", CLUSTER + "-loopback", "--volumes");
    assertEquals(0, down.code, down.toString());
  }

  @Test
  @Order(3)
  void imageLoadCopiesByHandAndSkipsWhatIsThere() {
    Map<String, String> env = Map.of("DOCKER_HOST", "tcp://" + address + ":2375");
    Run again = zkorch(env, "image", "load", base);
    assertEquals(0, again.code, again.toString());
    assertTrue(again.out.contains("Loaded 0 of 1"), "already there after up: " + again);
    Run missing = zkorch(env, "image", "load", "zkorch/no-such-image:1");
    assertEquals(2, missing.code, missing.toString());
    assertTrue(missing.err.contains("is not on this machine's Docker engine"), missing.toString());
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
    Run mvn = run(cmd, env, List.of("TESTCONTAINERS_HOST_OVERRIDE"), Duration.ofMinutes(8));
    assertEquals(0, mvn.code, mvn.toString());
    assertTrue(remote.listContainersCmd().withShowAll(true).withLabelFilter(List.of(Labels.CLUSTER)).exec().isEmpty(),
        "the examples' ensembles are gone from the remote engine");
  }

  // ----------------------------------------------------------------------------------------------- helpers

  record Run(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
    }
  }

  /** The CLI's jar in its own JVM, with {@code env} on top of this one's (minus Testcontainers' host override). */
  private Run zkorch(Map<String, String> env, String... args) {
    List<String> cmd = new ArrayList<>(List.of(javaBin(), "-jar", System.getProperty("zkorch.jar")));
    cmd.addAll(List.of(args));
    List<String> unset = env.containsKey("TESTCONTAINERS_HOST_OVERRIDE") ? List.of()
        : List.of("TESTCONTAINERS_HOST_OVERRIDE");
    return run(cmd, env, unset, Duration.ofMinutes(5));
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private Run run(List<String> cmd, Map<String, String> env, List<String> unset, Duration timeout) {
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd);
      pb.environment().putAll(env);
      unset.forEach(pb.environment()::remove);
      Path out = Files.createTempFile(dir, "out", ".txt");
      Path err = Files.createTempFile(dir, "err", ".txt");
      pb.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process p = pb.start();
      if (!p.waitFor(ItSupport.timeout(timeout).toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor();
        throw new AssertionError(String.join(" ", cmd) + " did not finish in " + timeout + ":\n"
            + Files.readString(out) + Files.readString(err));
      }
      return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The Docker-in-Docker image, built from Debian packages by bin/setup-dind when missing. */
  private String dindImage() throws Exception {
    Process p = new ProcessBuilder("bin/setup-dind").redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String tag = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(p.waitFor(10, TimeUnit.MINUTES) && p.exitValue() == 0, "bin/setup-dind failed");
    assertFalse(tag.isBlank());
    return tag;
  }

  private static DockerClient client(String host) {
    var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host)
        .withDockerTlsVerify(false).build();
    var http = new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost())
        .connectionTimeout(Duration.ofSeconds(3)).responseTimeout(Duration.ofMinutes(5)).build();
    return DockerClientImpl.getInstance(config, http);
  }

  private String logs(String id) {
    StringBuilder out = new StringBuilder();
    try {
      local.logContainerCmd(id).withStdOut(true).withStdErr(true).withTail(30)
          .exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Frame>() {
            @Override
            public void onNext(com.github.dockerjava.api.model.Frame f) {
              out.append(new String(f.getPayload(), StandardCharsets.UTF_8));
            }
          }).awaitCompletion(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return out.toString();
  }
}
