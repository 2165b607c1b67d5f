package io.zkorch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Docker-in-Docker engines on this machine, for tests that need engines other than its own: containers of an image
 * from Debian packages (bin/setup-dind) on a network of the test's own, each engine's API on its own address. Not
 * {@code --privileged} (refused where CAP_SYS_RESOURCE is missing): the capabilities and options it needs instead.
 * Everything carries {@code io.zkorch.test=<tag>}, so {@link #removeAll} finds it whatever happened.
 */
final class DindNodes {

  /** The label on what these tests create on this machine's engine. */
  static final String TEST_LABEL = "io.zkorch.test";

  private final DockerClient local;
  private final Cli cli;
  private final String network;
  private final String tag;

  DindNodes(DockerClient local, Cli cli, String network, String tag) {
    this.local = local;
    this.cli = cli;
    this.network = network;
    this.tag = tag;
  }

  /** The network the engines share (made on the first {@link #start}). */
  String network() {
    return network;
  }

  /** Starts an engine container named {@code name} (extra docker-run options before the image); its container id. */
  String start(String name, String... runOptions) {
    return start(name, List.of(runOptions), List.of());
  }

  /** Starts a container of {@code image} (not an engine) on the network, labelled like the engines; its id. */
  String startPlain(String name, String image) {
    ensureNetwork();
    Cli.Run started = cli.run("docker", "run", "-d", "--name", name, "--label", TEST_LABEL + "=" + tag, "--network",
        network, image);
    assertEquals(0, started.code(), started.toString());
    return started.out().strip();
  }

  private void ensureNetwork() {
    if (local.listNetworksCmd().withNameFilter(network).exec().stream().noneMatch(n -> n.getName().equals(network))) {
      Cli.Run net = cli.run("docker", "network", "create", "--label", TEST_LABEL + "=" + tag, network);
      assertEquals(0, net.code(), net.toString());
    }
  }

  /**
   * Starts an engine container named {@code name}, with extra docker-run options before the image and, when not
   * empty, {@code command} instead of the image's dockerd command line; its container id.
   */
  String start(String name, List<String> runOptions, List<String> command) {
    ensureNetwork();
    List<String> cmd = new ArrayList<>(List.of("docker", "run", "-d", "--name", name, "--hostname", name, "--label",
        TEST_LABEL + "=" + tag, "--network", network, "-v", "/var/lib/docker"));
    cmd.addAll(runOptions);
    for (String cap : List.of("SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE", "DAC_READ_SEARCH", "SYS_NICE", "IPC_LOCK")) {
      cmd.addAll(List.of("--cap-add", cap));
    }
    for (String opt : List.of("seccomp=unconfined", "apparmor=unconfined", "systempaths=unconfined")) {
      cmd.addAll(List.of("--security-opt", opt));
    }
    cmd.addAll(List.of("--cgroupns", "host", "-v", "/sys/fs/cgroup:/sys/fs/cgroup:rw", image()));
    cmd.addAll(command);
    Cli.Run started = cli.run(cmd, Map.of(), List.of(), Duration.ofMinutes(1));
    assertEquals(0, started.code(), started.toString());
    return started.out().strip();
  }

  /** The engine container's address on the test's network. */
  String address(String id) {
    return local.inspectContainerCmd(id).exec().getNetworkSettings().getNetworks().get(network).getIpAddress();
  }

  /** A client of the engine at {@code host} once it answers (60 s at most). */
  DockerClient await(String id, String host) throws InterruptedException {
    DockerClient remote = client(host);
    long giveUp = System.nanoTime() + ItSupport.timeout(Duration.ofSeconds(60)).toNanos();
    while (true) {
      try {
        remote.pingCmd().exec();
        return remote;
      } catch (RuntimeException notYet) {
        if (System.nanoTime() > giveUp) {
          throw new AssertionError("the Docker-in-Docker engine did not answer at " + host + " in 60 s:\n"
              + logs(id), notYet);
        }
        Thread.sleep(200);
      }
    }
  }

  /** Removes every engine container and the network of this tag; checks that nothing of it is left. */
  void removeAll() {
    for (var c : local.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(TEST_LABEL, tag)).exec()) {
      local.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
    }
    for (var n : local.listNetworksCmd().withFilter("label", List.of(TEST_LABEL + "=" + tag)).exec()) {
      local.removeNetworkCmd(n.getId()).exec();
    }
    assertTrue(local.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(TEST_LABEL, tag)).exec().isEmpty());
    assertTrue(local.listNetworksCmd().withFilter("label", List.of(TEST_LABEL + "=" + tag)).exec().isEmpty());
  }

  /** The Docker-in-Docker image, built from Debian packages by bin/setup-dind when missing. */
  static String image() {
    return setupImage("bin/setup-dind");
  }

  /** The image a bin/setup-* script prints, building it (from Debian packages) when missing. */
  static String setupImage(String script) {
    try {
      Process p = new ProcessBuilder(script).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String image = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      assertTrue(p.waitFor(10, TimeUnit.MINUTES) && p.exitValue() == 0, script + " failed");
      assertFalse(image.isBlank());
      return image;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  static DockerClient client(String host) {
    var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host)
        .withDockerTlsVerify(false).build();
    var http = new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost())
        .connectionTimeout(Duration.ofSeconds(3)).responseTimeout(Duration.ofMinutes(5)).build();
    return DockerClientImpl.getInstance(config, http);
  }

  String logs(String id) {
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
