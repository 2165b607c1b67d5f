package io.zkorch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;

/** Every scenario from real app containers against a real 3-member ensemble, and the negative controls. */
@DockerTest
class ScenarioIT {

  private static final String CLUSTER = "it-scen";
  @TempDir static Path dir;
  private static Path file;

  @BeforeAll
  static void boot() {
    file = ItSupport.clusterFile(dir, CLUSTER, "zookeeper:\n  members: 3\n  storage: tmpfs\n");
    CliRun up = CliRun.run("up", "-f", file.toString(), "--wait", ItSupport.seconds(Duration.ofSeconds(90)));
    assertEquals(0, up.exitCode(), up.toString());
  }

  @AfterAll
  static void down() {
    CliRun.run("down", CLUSTER, "--volumes");
    ItSupport.assertNothingLeft(CLUSTER);
  }

  @ParameterizedTest
  @ValueSource(strings = {"lock", "config", "leader", "counter", "barrier", "queue", "register"})
  void scenarioPassesOnAHealthyEnsemble(String kind) throws Exception {
    Path report = dir.resolve("report-" + kind);
    CliRun run = CliRun.run("run", kind, "-f", file.toString(), "--duration", "3s", "--report", report.toString());
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("Verdict: PASS"), run.toString());
    assertTrue(run.out().lines().filter(l -> l.startsWith(kind + " ")).allMatch(l -> l.contains("✓")), run.toString());

    // JUnit XML parses, one test case per check, none failed
    Document junit = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.resolve("junit.xml")
        .toFile());
    int cases = junit.getElementsByTagName("testcase").getLength();
    assertTrue(cases >= 2, "test cases: " + cases);
    assertEquals(0, junit.getElementsByTagName("failure").getLength());
    String json = Files.readString(report.resolve("report.json"));
    assertTrue(json.contains("\"passed\" : true"), json);
    assertTrue(Files.readString(report.resolve("report.html")).contains("<svg") || !kind.matches("lock|config"));
    assertTrue(CliRun.run("ls").out().contains(CLUSTER), "the cluster it found up stays up");
  }

  /**
   * The register's history, as exported, is linearizable for `zkorch check register` too; workers that answer reads
   * from their own memory give a history it is not, named by the run and by the checker on its own.
   */
  @Test
  void registerHistoriesExportAndAnUnsafeOneIsNotLinearizable() throws Exception {
    Path report = dir.resolve("report-register-safe");
    CliRun run = CliRun.run("run", "register", "-f", file.toString(), "--duration", "3s", "--report",
        report.toString());
    assertEquals(0, run.exitCode(), run.toString());
    Path history = report.resolve("register-history.jsonl");
    assertTrue(Files.readString(history).startsWith("{\"process\":\"w"), history.toString());
    CliRun check = CliRun.run("check", "register", history.toString());
    assertEquals(0, check.exitCode(), check.toString());
    assertTrue(check.out().contains("Verdict: LINEARIZABLE"), check.out());

    Path unsafe = dir.resolve("report-register-unsafe");
    CliRun bad = CliRun.run("run", "register", "-f", file.toString(), "--duration", "3s", "--unsafe", "--report",
        unsafe.toString());
    assertEquals(1, bad.exitCode(), bad.toString());
    String line = bad.out().lines().filter(l -> l.contains("linearizable (reads after sync")).findFirst()
        .orElseThrow();
    assertTrue(line.contains("✗") && line.contains("put in order"), line); // the terminal cuts it at its width
    String detail = new com.fasterxml.jackson.databind.ObjectMapper().readTree(unsafe.resolve("report.json").toFile())
        .get("scenarios").get(0).get("checks").get(0).get("detail").asText();
    // each operation named with the member that answered it
    assertTrue(detail.matches("(?s).*no order reaches the completion of w\\S+ (read|write|cas) [^;]*@zk\\d.*"), detail);
    CliRun recheck = CliRun.run("check", "register", unsafe.resolve("register-history.jsonl").toString());
    assertEquals(1, recheck.exitCode(), recheck.toString());
    assertTrue(recheck.out().contains("Verdict: NOT LINEARIZABLE"), recheck.out());
  }

  /**
   * Bring your own worker: the Python register worker of examples/ (kazoo from Debian's packages, on the base image)
   * runs as a scenario's workers, with ZK_HOSTS and the ZKORCH_* variables; what it prints is checked as zkorch's own
   * workers' records are, and its unsafe mode (reads from memory) is caught.
   */
  @Test
  void aWorkerOfYourOwnInPythonIsCheckedLikeZkorchsOwn() throws Exception {
    String image = "zkorch-example/register-worker:it";
    Process build = new ProcessBuilder("docker", "build", "-q", "--build-arg", "BASE=" + ItSupport.baseImage(), "-t",
        image, "examples/register-worker-python").redirectErrorStream(true).start();
    String built = new String(build.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, build.waitFor(), built);
    try {
      Path own = Files.createDirectories(dir.resolve("own"));
      Path safe = ItSupport.clusterFile(own, CLUSTER, "zookeeper:\n  members: 3\n  storage: tmpfs\nscenarios:\n"
          + "  - {name: py, kind: register, image: '" + image + "', workers: 3, duration: 4s}\n");
      CliRun run = CliRun.run("run", "all", "-f", safe.toString(), "--report", own.resolve("report").toString());
      assertEquals(0, run.exitCode(), run.toString());
      String line = run.out().lines().filter(l -> l.contains("linearizable (reads after sync")).findFirst()
          .orElseThrow(() -> new AssertionError(run.toString()));
      java.util.regex.Matcher ops = java.util.regex.Pattern.compile("(\\d+) operations on (\\d+) registers")
          .matcher(line);
      assertTrue(line.contains("✓") && ops.find() && Integer.parseInt(ops.group(1)) > 50
          && ops.group(2).equals("3"), line);
      assertTrue(Files.readString(own.resolve("report").resolve("py-history.jsonl")).contains("\"process\":\"w"));

      Path unsafe = ItSupport.clusterFile(own, CLUSTER, "zookeeper:\n  members: 3\n  storage: tmpfs\nscenarios:\n"
          + "  - {name: py, kind: register, image: '" + image + "', workers: 3, duration: 4s,"
          + " params: {unsafe: 'true'}}\n");
      CliRun bad = CliRun.run("run", "all", "-f", unsafe.toString());
      assertEquals(1, bad.exitCode(), bad.toString());
      assertTrue(bad.out().lines().anyMatch(l -> l.contains("linearizable (reads after sync") && l.contains("✗")),
          bad.toString());

      Path missing = ItSupport.clusterFile(own, CLUSTER, "zookeeper:\n  members: 3\n  storage: tmpfs\nscenarios:\n"
          + "  - {name: py, kind: register, image: 'zkorch-example/none:0', workers: 1, duration: 1s}\n");
      CliRun none = CliRun.run("run", "all", "-f", missing.toString());
      assertEquals(2, none.exitCode(), none.toString());
      assertTrue(none.err().contains("is not on this engine"), none.toString());
    } finally {
      new ProcessBuilder("docker", "rmi", "-f", image).start().waitFor();
    }
  }

  /** Reads after sync, writes and cas stay linearizable while the leader is killed (operations in doubt included). */
  @Test
  void registerStaysLinearizableWhileTheLeaderIsKilled() {
    CliRun run = CliRun.run("run", "register", "-f", file.toString(), "--duration", "25s", "--faults",
        "kill-leader", "--interval", "5s");
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().matches("(?s).*linearizable \\(reads after sync, writes, cas\\)\\s+✓\\s+\\d+ operations on 3"
        + " registers.*"), run.out());
    assertTrue(run.out().contains("progress after every fault") && run.out().contains("kill-leader"), run.out());
  }

  @Test
  void unsafeLockIsReportedAsViolatingWithTheOverlapsNamed() throws Exception {
    Path report = dir.resolve("report-unsafe");
    CliRun run = CliRun.run("run", "lock", "-f", file.toString(), "--workers", "4", "--duration", "3s", "--unsafe",
        "--report", report.toString());
    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.out().contains("Verdict: FAIL"), run.toString());
    String overlap = run.out().lines().filter(l -> l.contains("no overlapping holders")).findFirst().orElseThrow();
    assertTrue(overlap.contains("✗") && overlap.matches(".*w\\d \\(token -1\\) and w\\d \\(token -1\\).*"), overlap);
    Document junit = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.resolve("junit.xml")
        .toFile());
    assertTrue(junit.getElementsByTagName("failure").getLength() >= 2);
  }

  @Test
  void watcherThatDropsAnUpdateIsReportedAsNotConverging() {
    CliRun run = CliRun.run("run", "config", "-f", file.toString(), "--watchers", "3", "--updates", "40",
        "--duration", "2s", "--drop-final");
    assertEquals(1, run.exitCode(), run.toString());
    String line = run.out().lines().filter(l -> l.contains("every watcher converges")).findFirst().orElseThrow();
    // a cache may coalesce rapid versions, so the watcher ends on 39 or a little earlier — never on 40
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("watcher1 ended on (\\d+)").matcher(line);
    assertTrue(line.contains("✗") && m.find() && Integer.parseInt(m.group(1)) < 40, line);
  }

  @Test
  void runBootsAClusterThatIsNotUpAndRemovesIt() {
    String other = "it-scen-boot";
    Path otherFile = ItSupport.clusterFile(dir, other, "zookeeper:\n  members: 1\n  storage: tmpfs\n");
    CliRun run = CliRun.run("run", "counter", "-f", otherFile.toString(), "--workers", "2", "--duration", "2s");
    assertEquals(0, run.exitCode(), run.toString());
    ItSupport.assertNothingLeft(other);
  }
}
