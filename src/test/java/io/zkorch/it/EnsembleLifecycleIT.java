package io.zkorch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.cli.CliRun;
import io.zkorch.it.fixtures.NeedsDockerFixture;
import io.zkorch.it.fixtures.SkipWithoutDockerFixture;
import io.zkorch.runtime.docker.DockerProvider;
import io.zkorch.testcontainers.ZooKeeperEnsemble;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What happens to ensembles outside a test's normal life: the test JVM killed (labelled leftovers that `zkorch gc`
 * and the next start remove), exiting without stop() (a shutdown hook removes them), no Docker engine at all.
 */
@DockerTest
class EnsembleLifecycleIT {

  static Process jvm(boolean withDocker, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    if (!withDocker) {
      // Testcontainers tries every way to an engine (DOCKER_HOST, then the default socket, ...): hide the socket
      // from this one process in a mount namespace of its own, the only way to be sure none answers
      cmd.addAll(List.of("unshare", "-m", "sh", "-c", "mount --bind /dev/null /var/run/docker.sock && exec \"$@\"",
          "sh"));
    }
    cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), EnsembleProcess.class.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("TESTCONTAINERS_RYUK_DISABLED", "true");
    pb.environment().put("TESTCONTAINERS_HOST_OVERRIDE", "localhost");
    if (!withDocker) {
      pb.environment().remove("DOCKER_HOST");
    }
    return pb.start();
  }

  /** Reads the process's output until a line starts with one of {@code prefixes}; returns everything read. */
  static String until(Process p, String... prefixes) throws Exception {
    StringBuilder all = new StringBuilder();
    BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      all.append(line).append('\n');
      for (String prefix : prefixes) {
        if (line.startsWith(prefix)) {
          return all.toString();
        }
      }
    }
    return all.toString();
  }

  @Test
  void aKilledTestJvmLeavesLabelledLeftoversThatGcRemovesAndLiveOnesStay() throws Exception {
    String name = "tc-killed-jvm";
    // a live JVM's ensemble (this one's), started first: its start would otherwise reap the killed one's
    ZooKeeperEnsemble live = new ZooKeeperEnsemble(1).withBaseImage(ItSupport.baseImage());
    live.start();
    Process p = jvm(true, "hang", name, ItSupport.baseImage());
    String out = until(p, "READY", "FAILED");
    assertTrue(out.contains("READY"), out);
    p.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown hook runs
    try (DockerProvider docker = io.zkorch.cli.DockerClients.runtime()) {
      assertEquals(1, docker.find(name).orElseThrow().members().size(), "the killed JVM's member is still there");
      CliRun ls = CliRun.run("ls", "--runtime", "docker");
      assertTrue(ls.out().contains(name), ls.toString());
      CliRun dry = CliRun.run("gc", "--dry-run");
      assertTrue(dry.out().contains("Would remove " + name), dry.toString());
      assertTrue(docker.find(name).isPresent(), "--dry-run removes nothing");
      CliRun gc = CliRun.run("gc");
      assertEquals(0, gc.exitCode(), gc.toString());
      assertTrue(gc.out().contains("Removed " + name + " (its JVM is gone)"), gc.toString());
      assertTrue(!gc.out().contains(live.getName()), "a live JVM's ensemble is not touched: " + gc);
      assertTrue(docker.find(live.getName()).isPresent());
    } finally {
      live.stop();
    }
    ItSupport.assertNothingLeft(name);
    ItSupport.assertNothingLeft(live.getName());
  }

  @Test
  void theNextEnsemblesStartRemovesAKilledJvmsLeftovers() throws Exception {
    String name = "tc-killed-jvm-2";
    Process p = jvm(true, "hang", name, ItSupport.baseImage());
    assertTrue(until(p, "READY", "FAILED").contains("READY"));
    p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    ZooKeeperEnsemble next = new ZooKeeperEnsemble(1).withBaseImage(ItSupport.baseImage());
    try {
      next.start();
      ItSupport.assertNothingLeft(name);
    } finally {
      next.stop();
    }
    ItSupport.assertNothingLeft(next.getName());
  }

  @Test
  void aJvmThatExitsWithoutStopLeavesNothing() throws Exception {
    String name = "tc-exit-without-stop";
    Process p = jvm(true, "exit", name, ItSupport.baseImage());
    String out = until(p, "READY", "FAILED");
    assertTrue(out.contains("READY"), out);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    ItSupport.assertNothingLeft(name);
  }

  @Test
  void withoutADockerEngineStartFailsWithOneSentenceAndTheExtensionFailsOrSkips() throws Exception {
    Process p = jvm(false, "start", "tc-no-docker", ItSupport.baseImage());
    String out = until(p, "FAILED", "READY");
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    String failed = out.lines().filter(l -> l.startsWith("FAILED")).findFirst().orElseThrow(() -> new AssertionError(out));
    assertEquals("FAILED IllegalStateException: ZooKeeperEnsemble needs a Docker engine and none answers"
        + " (DOCKER_HOST=unset, so /var/run/docker.sock); start Docker, or skip such tests without one with"
        + " @ZooKeeperTest(disabledWithoutDocker = true) or @Testcontainers(disabledWithoutDocker = true).", failed);

    Process junit = jvm(false, "junit", SkipWithoutDockerFixture.class.getName(), NeedsDockerFixture.class.getName());
    String summary = until(junit, "NEVER");
    junit.waitFor(120, TimeUnit.SECONDS);
    // the skipping class is skipped whole; the other fails before its test starts, with the one sentence
    assertTrue(summary.contains("SUMMARY started=0 succeeded=0 failed=1 skipped=1"), summary);
    assertTrue(summary.contains("FAILURE ZooKeeperEnsemble needs a Docker engine and none answers"), summary);
  }
}
