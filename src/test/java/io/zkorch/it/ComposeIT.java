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

/** The rendered compose file itself works: docker-compose accepts it and boots a healthy ensemble from it. */
@DockerTest
class ComposeIT {

  private static final String CLUSTER = "it-compose";

  @TempDir Path dir;

  @AfterEach
  void cleanUp() throws Exception {
    compose(dir.resolve("docker-compose.yml"), "down", "-v", "--remove-orphans");
    ItSupport.removeQuietly(CLUSTER);
    ItSupport.assertNothingLeft(CLUSTER);
  }

  @Test
  void dockerComposeAcceptsAndBootsTheRenderedFile() throws Exception {
    Path file = ItSupport.clusterFile(dir, CLUSTER, """
        zookeeper:
          members: 3
          storage: volume
        apps:
          - name: probe
            replicas: 2
            command: [probe, --interval, 1s]
        """);
    assertEquals(0, CliRun.run("build", "-f", file.toString()).exitCode());
    Path rendered = dir.resolve("docker-compose.yml");
    CliRun render = CliRun.run("compose", "-f", file.toString(), "-o", rendered.toString());
    assertEquals(0, render.exitCode(), render.toString());

    Result config = compose(rendered, "config", "-q");
    assertEquals(0, config.code(), "docker-compose config rejects the file:\n" + config.output());
    Result up = compose(rendered, "up", "-d");
    assertEquals(0, up.code(), up.output());

    // compose started the apps only once every member's healthcheck (a srvr mode) passed
    CliRun status = null;
    long deadline = System.nanoTime() + ItSupport.timeout(Duration.ofSeconds(90)).toNanos();
    while (System.nanoTime() < deadline) {
      status = CliRun.run("status", CLUSTER);
      if (status.exitCode() == 0 && status.out().contains("probe")) {
        break;
      }
      Thread.sleep(500);
    }
    assertEquals(0, status.exitCode(), "zkorch status of the compose-booted cluster:\n" + status);
    assertTrue(status.out().contains("Quorum: healthy"), status.toString());
    assertEquals(2, status.out().lines().filter(l -> l.startsWith("probe") && l.contains("running")).count(),
        status.toString());

    Result down = compose(rendered, "down", "-v");
    assertEquals(0, down.code(), down.output());
    ItSupport.assertNothingLeft(CLUSTER);
  }

  private record Result(int code, String output) {}

  private static Result compose(Path file, String... args) throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>(List.of("docker-compose", "-f", file.toString(), "-p", CLUSTER));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(p.waitFor(), out);
  }
}
