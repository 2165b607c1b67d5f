package io.zkorch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.TestFiles;
import io.zkorch.compose.ComposeRenderer;
import io.zkorch.spec.SpecLoader;
import io.zkorch.topology.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI without Docker: exit codes, one-sentence errors, nothing half-created. */
class CliTest {

  @TempDir Path dir;

  @Test
  void validateAcceptsAValidFile() {
    CliRun r = CliRun.run("validate", "-f", TestFiles.path("specs/valid/full.yaml").toString());
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("is valid: cluster full, 5 members + 2 observers"), r.toString());
  }

  @Test
  void validateListsEveryProblemWithExit2AndNoStackTrace() {
    CliRun r = CliRun.run("validate", "-f", TestFiles.path("specs/invalid/many.yaml").toString());
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().startsWith("error: "), r.toString());
    assertTrue(r.err().contains("has 17 problems"), r.toString());
    assertTrue(r.err().contains("zookeeper.members (line 6, column 12)"), r.toString());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r);
  }

  @Test
  void aMistypedCommandOrOptionGetsTheNearestKnownOnes() {
    CliRun command = CliRun.run("stauts");
    assertEquals(2, command.exitCode(), command.toString());
    assertTrue(command.err().contains("Did you mean: zkorch status"), command.toString());
    CliRun option = CliRun.run("up", "--retian");
    assertEquals(2, option.exitCode(), option.toString());
    assertTrue(option.err().contains("--retain"), option.toString());
    assertTrue(option.err().contains("Run 'zkorch up --help' for usage."), option.toString());
  }

  @Test
  void progressDecidesFromStandardErrorWhetherItIsATerminal() throws Exception {
    assertTrue(TerminalProgress.isTerminalDevice("/dev/pts/3"));
    assertTrue(TerminalProgress.isTerminalDevice("/dev/tty1"));
    assertFalse(TerminalProgress.isTerminalDevice("/tmp/up.log"));
    assertFalse(TerminalProgress.isTerminalDevice("pipe:[12345]"));
    assertFalse(TerminalProgress.isTerminalDevice("/dev/null"));
    java.nio.file.Path script = java.nio.file.Path.of("/usr/bin/script");
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(script)
        && java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self/fd")), "needs script(1) and /proc");
    String javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String probe = javaBin + " -cp " + System.getProperty("java.class.path") + " io.zkorch.cli.TtyProbe";
    // under a pseudo-terminal (script(1) gives the child one): a spinner
    assertEquals("terminal=true", runProbe(List.of(script.toString(), "-qec", probe, "/dev/null"), null));
    // the same terminal for standard output, but standard error to a file: plain lines
    java.nio.file.Path log = java.nio.file.Files.createTempFile("zkorch-stderr", ".log");
    try {
      assertEquals("terminal=false",
          runProbe(List.of(script.toString(), "-qec", probe + " 2>" + log, "/dev/null"), null));
    } finally {
      java.nio.file.Files.deleteIfExists(log);
    }
  }

  private static String runProbe(List<String> cmd, String ignored) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().remove("CI"); // CI=true always means plain
    pb.environment().put("TERM", "xterm");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return out.lines().map(String::strip).filter(l -> l.startsWith("terminal=")).findFirst().orElse(out);
  }

  @Test
  void aFaultScheduleThatCannotFitIsAUsageErrorBeforeAnythingBoots() {
    CliRun r = CliRun.run("run", "lock", "-f", "cluster.yaml", "--duration", "20s", "--faults",
        "kill-leader,pause-holder", "--interval", "6s", "--runtime", "local");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().contains("Scenario lock runs 20 s, too short for any fault: the first (kill-leader) comes after"
        + " the interval of 6 s, lasts 3 s, and clients need 16 s after its heal"), r.toString());
    assertTrue(r.err().contains("run it for 25s or more (--duration"), r.toString());
    assertFalse(r.err().contains("ZooKeeper"), "nothing prepared or booted: " + r);
  }

  @Test
  void unknownOptionIsAUsageErrorPointingAtHelp() {
    CliRun r = CliRun.run("validate", "--bogus");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().contains("Unknown option: '--bogus'"), r.toString());
    assertTrue(r.err().contains("Run 'zkorch validate --help'"), r.toString());
  }

  @Test
  void badDurationIsAUsageError() {
    CliRun r = CliRun.run("up", "--wait", "soon");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().contains("'soon' is not a duration"), r.toString());
  }

  @Test
  void initWritesAValidStarterAndNeverOverwrites() throws Exception {
    Path file = dir.resolve("cluster.yaml");
    assertEquals(0, CliRun.run("init", file.toString()).exitCode());
    assertEquals(Files.readString(Path.of("cluster.yaml")).replaceFirst("^# yaml-language-server: [^\n]*\n", ""),
        Files.readString(file).replaceFirst("^# yaml-language-server: [^\n]*\n", ""));
    assertEquals("dev", SpecLoader.load(file).name());
    Files.writeString(file, "mine");
    CliRun again = CliRun.run("init", file.toString());
    assertEquals(2, again.exitCode(), again.toString());
    assertTrue(again.err().contains("already exists"), again.toString());
    assertEquals("mine", Files.readString(file), "the user's file is untouched");
    assertEquals(0, CliRun.run("init", file.toString(), "--force").exitCode());
  }

  @Test
  void composeWritesTheRenderedFile() throws Exception {
    Path out = dir.resolve("compose.yml");
    String spec = TestFiles.path("specs/valid/minimal.yaml").toString();
    CliRun r = CliRun.run("compose", "-f", spec, "-o", out.toString());
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals(ComposeRenderer.render(Topology.of(SpecLoader.load(Path.of(spec))), spec),
        Files.readString(out));
  }

  @Test
  void noDockerEngineIsAnEnvironmentErrorInOneSentence() {
    String old = System.getProperty("DOCKER_HOST");
    System.setProperty("DOCKER_HOST", "unix://" + dir.resolve("no-such.sock"));
    try {
      CliRun r = CliRun.run("up", "-f", TestFiles.path("specs/valid/minimal.yaml").toString(), "--runtime",
          "docker");
      assertEquals(3, r.exitCode(), r.toString());
      assertTrue(r.err().contains("No Docker engine answers at unix://"), r.toString());
      assertTrue(r.err().contains("start one"), r.toString());
      assertFalse(r.err().contains("\tat "), "no stack trace without --stacktrace: " + r);
      assertEquals(1, r.err().strip().lines().filter(l -> l.startsWith("error:")).count(), r.toString());

      CliRun traced = CliRun.run("ls", "--runtime", "docker", "--stacktrace");
      assertEquals(3, traced.exitCode(), traced.toString());
      assertTrue(traced.err().contains("\tat "), "--stacktrace shows it: " + traced);
    } finally {
      if (old == null) {
        System.clearProperty("DOCKER_HOST");
      } else {
        System.setProperty("DOCKER_HOST", old);
      }
    }
  }

  @Test
  void versionAndHelpWork() {
    CliRun v = CliRun.run("--version");
    assertEquals(0, v.exitCode());
    assertTrue(v.out().contains("ships ZooKeeper"), v.toString());
    CliRun h = CliRun.run("up", "--help");
    assertEquals(0, h.exitCode());
    assertTrue(h.out().contains("--retain"), h.toString());
  }

  @Test
  void completionScriptIsGenerated() {
    CliRun r = CliRun.run("generate-completion");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("complete -F"), "bash completion: " + r.out().substring(0, 200));
  }

  @Test
  void durations() {
    assertEquals(Duration.ofSeconds(60), DurationConverter.parse("60s"));
    assertEquals(Duration.ofSeconds(90), DurationConverter.parse("1m30s"));
    assertEquals(Duration.ofMillis(500), DurationConverter.parse("500ms"));
    assertEquals(Duration.ofSeconds(5), DurationConverter.parse("5"));
    assertThrows(RuntimeException.class, () -> DurationConverter.parse("5x"));
    assertThrows(RuntimeException.class, () -> DurationConverter.parse(""));
  }

  @Test
  void faultFlagsAreCheckedBeforeAnythingRuns() {
    String file = TestFiles.path("specs/valid/minimal.yaml").toString();
    CliRun bogus = CliRun.run("run", "lock", "-f", file, "--faults", "kill-everyone,explode-leader");
    assertEquals(2, bogus.exitCode(), bogus.toString());
    assertTrue(bogus.err().contains("--faults 'explode-leader' is not a fault"), bogus.toString());
    CliRun noFaults = CliRun.run("run", "lock", "-f", file, "--interval", "5s");
    assertEquals(2, noFaults.exitCode(), noFaults.toString());
    assertTrue(noFaults.err().contains("add --faults"), noFaults.toString());
    CliRun holder = CliRun.run("run", "config", "-f", file, "--faults", "pause-holder", "--duration", "20s");
    assertEquals(2, holder.exitCode(), holder.toString());
    assertTrue(holder.err().contains("applies to lock scenarios only"), holder.toString());
    CliRun tooLong = CliRun.run("run", "lock", "-f", file, "--faults", "kill-leader", "--interval", "5s",
        "--fault-for", "6s", "--duration", "20s");
    assertEquals(2, tooLong.exitCode(), tooLong.toString());
    assertTrue(tooLong.err().startsWith("error: --fault-for must be shorter than the interval"), tooLong.toString());
    assertFalse(tooLong.err().contains("\tat "), tooLong.toString());
  }

  @Test
  void faultTargetsAreCheckedByName() {
    CliRun r = CliRun.run("fault", "kill", "dev", "no such thing");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().contains("'no such thing' is not a target"), r.toString());
  }
}
