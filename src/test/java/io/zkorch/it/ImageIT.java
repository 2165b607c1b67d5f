package io.zkorch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.cli.CliRun;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Member images: content-addressed rebuilds, other ZooKeeper versions, and images that follow the contract. */
@DockerTest
class ImageIT {

  @TempDir Path dir;
  private String cluster;

  @AfterEach
  void cleanUp() {
    if (cluster != null) {
      ItSupport.removeQuietly(cluster);
      ItSupport.assertNothingLeft(cluster);
    }
  }

  @Test
  void unchangedContextIsNotRebuilt() {
    Path file = ItSupport.clusterFile(dir, "it-build", "zookeeper:\n  members: 1\n");
    CliRun first = CliRun.run("build", "-f", file.toString());
    assertEquals(0, first.exitCode(), first.toString());
    long start = System.nanoTime();
    CliRun second = CliRun.run("build", "-f", file.toString());
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(0, second.exitCode(), second.toString());
    assertTrue(second.err().contains("unchanged"), second.toString());
    assertEquals(first.out(), second.out(), "the same content-addressed tag");
    assertTrue(millis < ItSupport.timeout(Duration.ofSeconds(5)).toMillis(), "warm build took " + millis + " ms");
  }

  /** The repository's Dockerfile: zkorch itself as an image, driving the engine through the mounted socket. */
  @Test
  void zkorchRunsAsAnImage() throws Exception {
    java.nio.file.Path jar = java.nio.file.Path.of(System.getProperty(io.zkorch.image.Images.JAR_PROPERTY));
    io.zkorch.image.BuildContext context = new io.zkorch.image.BuildContext()
        .add("Dockerfile", java.nio.file.Files.readAllBytes(java.nio.file.Path.of("Dockerfile")), false)
        .addFile("target/zkorch-all.jar", jar)
        .arg("BASE_IMAGE", ItSupport.baseImage());
    try (var docker = io.zkorch.cli.DockerClients.connect()) {
      var built = new io.zkorch.image.ImageBuilder(docker, io.zkorch.progress.Progress.silent())
          .ensure("zkorch image", context, "zkorch/zkorch", "test");
      String out = run("docker", "run", "--rm", "--network", "host", "-v", "/var/run/docker.sock:/var/run/docker.sock",
          built.reference(), "ls");
      assertTrue(out.contains("No zkorch clusters") || out.contains("NAME"), out);
      assertTrue(run("docker", "run", "--rm", built.reference(), "--version").contains("zkorch "), "version");
    }
  }

  private static String run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), String.join(" ", cmd) + "\n" + out);
    return out;
  }

  @Test
  void anotherZooKeeperVersionIsFetchedBuiltAndServes() {
    cluster = "it-zk38";
    Path file = ItSupport.clusterFile(dir, cluster, """
        zookeeper:
          version: 3.8.4
          members: 1
          storage: tmpfs
        """);
    CliRun up = CliRun.run("up", "-f", file.toString(), "--wait", ItSupport.seconds(Duration.ofSeconds(90)));
    assertEquals(0, up.exitCode(), up.toString());
    assertTrue(up.err().contains("Member image (ZooKeeper 3.8.4, "), up.toString());
    assertTrue(up.out().lines().anyMatch(l -> l.matches("1\\s+zk1\\s+standalone.*✓")), up.toString());
    assertTrue(CliRun.run("logs", cluster, "zk1").out().contains("3.8.4"), "the member runs 3.8.4");
  }

  @Test
  void anImageThatFollowsTheOfficialContractIsUsedAsIs() {
    // zkorch's own member image follows the official zookeeper image's environment contract; point at it by name
    Path build = ItSupport.clusterFile(dir, "it-build", "zookeeper:\n  members: 1\n");
    assertEquals(0, CliRun.run("build", "-f", build.toString()).exitCode());
    cluster = "it-ownimage";
    Path file = ItSupport.clusterFile(dir, cluster, """
        zookeeper:
          image: zkorch/member:%s
          members: 3
          storage: tmpfs
        """.formatted(io.zkorch.spec.ZooKeeperVersions.SHIPPED));
    CliRun up = CliRun.run("up", "-f", file.toString(), "--wait", ItSupport.seconds(Duration.ofSeconds(90)));
    assertEquals(0, up.exitCode(), up.toString());
    assertTrue(!up.err().contains("Member image"), "no member build: " + up);
    assertTrue(up.out().contains("Quorum: healthy"), up.toString());

    CliRun missing = CliRun.run("up", "-f", ItSupport.clusterFile(dir, "it-missing", """
        zookeeper:
          image: zkorch/no-such-image:1
          members: 1
        """).toString());
    assertEquals(3, missing.exitCode(), missing.toString());
    assertTrue(missing.err().contains("zookeeper.image"), missing.toString());
    ItSupport.assertNothingLeft("it-missing");
  }
}
