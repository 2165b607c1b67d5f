package io.zkorch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.cli.CliRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rendered compose file itself works: compose v2 and Debian's docker-compose 1.29 accept and boot it. */
@DockerTest
class ComposeIT {

  private static final String CLUSTER = "it-compose";

  @TempDir Path dir;

  @AfterEach
  void cleanUp() throws Exception {
    Path file = dir.resolve("docker-compose.yml");
    if (java.nio.file.Files.exists(file)) {
      if (composeV2()) {
        compose(List.of("docker", "compose", "-f", file.toString(), "-p", CLUSTER, "--profile", "apps", "down",
            "-v", "--remove-orphans"));
      } else {
        compose(List.of("docker-compose", "-f", file.toString(), "-p", CLUSTER, "down", "-v", "--remove-orphans"));
      }
    }
    ItSupport.removeQuietly(CLUSTER);
    ItSupport.assertNothingLeft(CLUSTER);
  }

  private Path clusterFile() throws IOException {
    return ItSupport.clusterFile(dir, CLUSTER, """
        zookeeper:
          members: 3
          storage: volume
        apps:
          - name: probe
            replicas: 2
            command: [probe, --interval, 1s]
        """);
  }

  /**
   * Compose v2 (the Compose Specification: top-level name, profiles, pull_policy) boots the file as written, with no
   * -p: the ensemble alone first, then the apps with --profile apps.
   */
  @Test
  void composeV2BootsTheRenderedFileEnsembleFirstThenApps() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(composeV2(), "docker compose v2 is not installed here");
    Path file = clusterFile();
    assertEquals(0, CliRun.run("build", "-f", file.toString()).exitCode());
    Path rendered = dir.resolve("docker-compose.yml");
    CliRun render = CliRun.run("compose", "-f", file.toString(), "-o", rendered.toString());
    assertEquals(0, render.exitCode(), render.toString());
    List<String> compose = List.of("docker", "compose", "-f", rendered.toString());

    Result config = compose(concat(compose, "config", "-q"));
    assertEquals(0, config.code(), "docker compose config rejects the file:\n" + config.output());
    Result up = compose(concat(compose, "up", "-d", "--wait"));
    assertEquals(0, up.code(), up.output());
    CliRun status = CliRun.run("status", CLUSTER);
    assertEquals(0, status.exitCode(), "zkorch status of the compose-booted ensemble:\n" + status);
    assertTrue(status.out().contains("Quorum: healthy"), status.toString());
    assertTrue(status.out().lines().noneMatch(l -> l.startsWith("probe")), "apps wait for --profile apps:\n"
        + status);

    Result apps = compose(concat(compose, "--profile", "apps", "up", "-d"));
    assertEquals(0, apps.code(), apps.output());
    status = awaitProbes();
    assertEquals(2, status.out().lines().filter(l -> l.startsWith("probe") && l.contains("running")).count(),
        status.toString());

    Result down = compose(concat(compose, "--profile", "apps", "down", "-v"));
    assertEquals(0, down.code(), down.output());
    ItSupport.assertNothingLeft(CLUSTER);
  }

  /** Debian 12's docker-compose 1.29 takes the --compose-v1 form (no top-level name) and boots it with -p. */
  @Test
  void dockerCompose1BootsTheV1Form() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(has("docker-compose"),
        "docker-compose 1.x is not installed here");
    Path file = clusterFile();
    assertEquals(0, CliRun.run("build", "-f", file.toString()).exitCode());
    Path rendered = dir.resolve("docker-compose.yml");
    CliRun render = CliRun.run("compose", "-f", file.toString(), "--compose-v1", "-o", rendered.toString());
    assertEquals(0, render.exitCode(), render.toString());
    List<String> compose = List.of("docker-compose", "-f", rendered.toString(), "-p", CLUSTER);

    Result config = compose(concat(compose, "config", "-q"));
    assertEquals(0, config.code(), "docker-compose config rejects the file:\n" + config.output());
    Result up = compose(concat(compose, "--profile", "apps", "up", "-d"));
    assertEquals(0, up.code(), up.output());
    // compose started the apps only once every member's healthcheck (a srvr mode) passed
    CliRun status = awaitProbes();
    assertTrue(status.out().contains("Quorum: healthy"), status.toString());
    assertEquals(2, status.out().lines().filter(l -> l.startsWith("probe") && l.contains("running")).count(),
        status.toString());

    Result down = compose(concat(compose, "--profile", "apps", "down", "-v"));
    assertEquals(0, down.code(), down.output());
    ItSupport.assertNothingLeft(CLUSTER);
  }

  private static CliRun awaitProbes() throws InterruptedException {
    CliRun status = null;
    long deadline = System.nanoTime() + ItSupport.timeout(Duration.ofSeconds(90)).toNanos();
    while (System.nanoTime() < deadline) {
      status = CliRun.run("status", CLUSTER);
      if (status.exitCode() == 0 && status.out().lines().filter(l -> l.startsWith("probe") && l.contains("running"))
          .count() == 2) {
        break;
      }
      Thread.sleep(500);
    }
    assertEquals(0, status.exitCode(), "zkorch status of the compose-booted cluster:\n" + status);
    return status;
  }

  private static List<String> concat(List<String> head, String... tail) {
    List<String> all = new java.util.ArrayList<>(head);
    all.addAll(List.of(tail));
    return all;
  }

  private record Result(int code, String output) {}

  static boolean composeV2() {
    try {
      return compose(List.of("docker", "compose", "version")).code() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static boolean has(String command) {
    try {
      return compose(List.of(command, "version")).code() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static Result compose(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(p.waitFor(), out);
  }
}
