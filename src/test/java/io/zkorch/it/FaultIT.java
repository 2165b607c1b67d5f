package io.zkorch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.cli.CliRun;
import io.zkorch.runtime.ClusterState;
import io.zkorch.runtime.Node;
import io.zkorch.runtime.docker.DockerProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Scenarios under faults on a real fast-failover ensemble: members killed, paused and cut off, lock holders frozen
 * past their session; the same checks as on a healthy ensemble, and the cluster whole again after every run.
 */
@DockerTest
class FaultIT {

  private static final String CLUSTER = "it-fault";
  @TempDir static Path dir;
  private static Path file;

  @BeforeAll
  static void boot() {
    ItSupport.removeQuietly(CLUSTER);
    file = ItSupport.clusterFile(dir, CLUSTER,
        "zookeeper:\n  members: 3\n  storage: tmpfs\n  profile: fast-failover\n");
    CliRun up = CliRun.run("up", "-f", file.toString(), "--wait", ItSupport.seconds(Duration.ofSeconds(90)));
    assertEquals(0, up.exitCode(), up.toString());
    // isolation runs iptables from zkorch's helper image, built here from Debian packages once (then kept)
    CliRun nemesis = CliRun.run("image", "nemesis");
    assertEquals(0, nemesis.exitCode(), nemesis.toString());
  }

  @AfterAll
  static void down() {
    CliRun.run("down", CLUSTER, "--volumes");
    ItSupport.assertNothingLeft(CLUSTER);
  }

  /** After every test: every member running, none paused, none cut off, no worker container left over. */
  @AfterEach
  void wholeAgain() {
    try (DockerProvider docker = io.zkorch.cli.DockerClients.runtime()) {
      ClusterState state = docker.find(CLUSTER).orElseThrow();
      List<String> shaped = docker.partitioning().orElseThrow().shaped(CLUSTER);
      List<String> broken = state.nodes().stream().filter(n -> !n.running() || n.paused() || n.partitioned()
          || !n.member() || shaped.contains(n.target()))
          .map(n -> n.target() + " " + n.state() + (n.partitioned() ? " cut off" : "")
              + (shaped.contains(n.target()) ? " shaped" : "")).toList();
      if (!broken.isEmpty()) {
        CliRun.run("fault", "heal", CLUSTER); // leave the next test a whole cluster, then fail this one
      }
      assertEquals(List.<String>of(), broken, "left broken");
      assertEquals(3, state.members().stream().filter(Node::running).count());
    }
  }

  private static CliRun run(String... args) {
    List<String> all = new java.util.ArrayList<>(List.of("run"));
    all.addAll(List.of(args));
    all.addAll(List.of("-f", file.toString()));
    return CliRun.run(all.toArray(String[]::new));
  }

  private static String line(CliRun run, String check) {
    return run.out().lines().filter(l -> l.contains(check)).findFirst()
        .orElseThrow(() -> new AssertionError("no line for " + check + " in\n" + run));
  }

  /** Five short runs, each killing the leader mid-way: shakes out flakiness in failover and in the checks. */
  @RepeatedTest(5)
  void lockHoldsWhileTheLeaderIsKilled() {
    CliRun run = run("lock", "--workers", "4", "--duration", "8s", "--faults", "kill-leader", "--interval", "3s");
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(line(run, "no overlapping holders").contains("✓"), run.toString());
    assertTrue(line(run, "progress after every fault").contains("✓"), run.toString());
    assertTrue(line(run, "cluster healed").contains("✓"), run.toString());
    String fault = line(run, "  kill-leader");
    assertTrue(fault.matches(".*zk\\d \\(leader\\).*zk\\d after \\d+ ms\\s+after \\d+ ms"), fault);
  }

  @ParameterizedTest
  @CsvSource({
      "lock,   'pause-member,partition-member,kill-holder'",
      "config, 'kill-leader,pause-member,partition-member'",
      "register, 'partition-halves,hide-leader,isolate-follower'"})
  void scenarioPassesUnderPausesAndPartitions(String kind, String faults) throws Exception {
    Path report = dir.resolve("faults-" + kind);
    List<String> args = new java.util.ArrayList<>(List.of(kind, "--duration", kind.equals("register") ? "18s" : "14s",
        "--faults", faults,
        "--interval", "3s", "--report", report.toString()));
    if (kind.equals("register")) {
      // plain reads: a stale read is a finding, not a failure, so this proves the isolation machinery under a
      // schedule; linearizability after sync under faults is ScenarioIT's (kill-leader), and what isolation did to it
      // is in the README's findings
      args.addAll(List.of("--reads", "plain"));
    }
    CliRun run = run(args.toArray(String[]::new));
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("Verdict: PASS"), run.toString());
    for (String f : faults.split(",")) {
      assertTrue(run.out().lines().anyMatch(l -> l.startsWith("  " + f + " ")), f + " not in\n" + run);
    }
    String json = Files.readString(report.resolve("report.json"));
    assertTrue(json.contains("\"failover\""), json);
    String html = Files.readString(report.resolve("report.html"));
    assertTrue(html.contains("serving leader again") && (kind.equals("register") // no timeline of its own yet
        || html.contains("fill-opacity=\"0.12\"")), "the HTML timeline marks the faults");
  }

  @Test
  void aLockHolderPausedPastItsSessionIsCaughtByFencing() {
    CliRun run = run("lock", "--workers", "3", "--duration", "20s", "--faults", "pause-holder", "--interval", "5s");
    assertEquals(0, run.exitCode(), run.toString());
    String seen = line(run, "one holder at a time, as the clients saw it");
    assertTrue(seen.contains(" ! ") && seen.contains("stale holder"), seen);
    assertTrue(line(run, "fencing rejected every stale write").contains("✓"), run.toString());
    assertTrue(line(run, "counter equals acquisitions").contains("fenced off"), run.toString());
  }

  @Test
  void withoutFencingTheStaleHolderLosesAnUpdate() {
    CliRun run = run("lock", "--workers", "3", "--duration", "20s", "--faults", "pause-holder", "--interval", "5s",
        "--no-fencing");
    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(line(run, "no overlapping holders").contains("✗"), run.toString());
    assertTrue(line(run, "counter equals acquisitions").matches(".*✗.*updates lost.*"), run.toString());
  }

  @Test
  void aPartitionedMemberStopsServingAndHealBringsItBack() {
    CliRun cut = CliRun.run("fault", "partition", CLUSTER, "zk1");
    assertEquals(0, cut.exitCode(), cut.toString());
    assertTrue(cut.out().contains("Cut off zk1"), cut.toString());
    assertTrue(cut.out().contains("zk1 itself says") && cut.out().contains("not currently serving requests"),
        cut.toString());
    CliRun status = CliRun.run("status", CLUSTER);
    assertEquals(1, status.exitCode(), status.toString());
    assertTrue(status.out().contains("cut off from the network"), status.toString());
    assertTrue(status.out().lines().filter(l -> l.matches("[23]\\s+zk[23]\\s+(leader|follower)\\s.*✓")).count() == 2,
        "the majority keeps serving:\n" + status);
    CliRun heal = CliRun.run("fault", "heal", CLUSTER);
    assertEquals(0, heal.exitCode(), heal.toString());
    assertTrue(heal.out().contains("reconnected zk1") && heal.out().contains("Quorum: healthy"), heal.toString());
  }

  /**
   * An isolated member keeps its clients (its published port still answers, saying it stopped serving once it
   * noticed) while the others carry on; the isolation's mark is a labelled container, found and undone by a heal
   * from another command.
   */
  @Test
  void anIsolatedMemberKeepsItsClientsButLosesTheQuorumAndHealFindsIt() {
    CliRun cut = CliRun.run("fault", "isolate", CLUSTER, "zk2");
    assertEquals(0, cut.exitCode(), cut.toString());
    assertTrue(cut.out().contains("Isolated zk2 (follower) from the other members")
        || cut.out().contains("Isolated zk2 (leader) from the other members"), cut.toString());
    assertTrue(cut.out().matches("(?s).*Links cut: zk2<->zk[13], zk2<->zk[13]\\..*"), cut.toString());
    assertTrue(cut.out().contains("zk2 itself says") && cut.out().contains("not currently serving requests"),
        cut.toString());
    CliRun status = CliRun.run("status", CLUSTER);
    assertEquals(1, status.exitCode(), status.toString());
    // reached from the host through its published port, unlike a partitioned member
    assertTrue(status.out().matches("(?s).*2\\s+zk2\\s+(not serving|looking)\\s.*"), status.out());
    assertTrue(status.out().lines().filter(l -> l.matches("[13]\\s+zk[13]\\s+(leader|follower)\\s.*✓")).count() == 2,
        "the majority keeps serving:\n" + status);
    try (DockerProvider docker = io.zkorch.cli.DockerClients.runtime()) {
      assertEquals(1, docker.client().listContainersCmd().withLabelFilter(List.of("io.zkorch.cluster=" + CLUSTER,
          "io.zkorch.role=nemesis")).exec().size(), "the isolation's mark");
    }
    CliRun again = CliRun.run("fault", "isolate", CLUSTER, "zk2");
    assertEquals(2, again.exitCode(), again.toString());
    CliRun heal = CliRun.run("fault", "heal", CLUSTER);
    assertEquals(0, heal.exitCode(), heal.toString());
    assertTrue(heal.out().contains("reconnected zk2") && heal.out().contains("Quorum: healthy"), heal.toString());
    try (DockerProvider docker = io.zkorch.cli.DockerClients.runtime()) {
      assertEquals(0, docker.client().listContainersCmd().withShowAll(true).withLabelFilter(List.of(
          "io.zkorch.cluster=" + CLUSTER, "io.zkorch.role=nemesis")).exec().size(), "no mark left");
    }
  }

  @Test
  void oneOffFaultsReportTheFailoverAndRestore() {
    CliRun kill = CliRun.run("fault", "kill", CLUSTER, "leader", "--restart-after", "1s");
    assertEquals(0, kill.exitCode(), kill.toString());
    assertTrue(kill.out().matches("(?s)Killed zk\\d \\(leader\\)\\. zk\\d leads, \\d+ ms later\\..*Quorum: healthy.*"),
        kill.toString());
    CliRun pause = CliRun.run("fault", "pause", CLUSTER, "follower", "--for", "1s");
    assertEquals(0, pause.exitCode(), pause.toString());
    assertTrue(pause.out().startsWith("Paused zk"), pause.toString());
    CliRun missing = CliRun.run("fault", "kill", CLUSTER, "zk9");
    assertEquals(2, missing.exitCode(), missing.toString());
    assertTrue(missing.err().contains("has no member or app named zk9"), missing.toString());
  }

  private static final io.zkorch.JsonSchemas OUTPUT = io.zkorch.JsonSchemas.of(Path.of("templates/output-v1.schema.json"));

  private static com.fasterxml.jackson.databind.JsonNode json(CliRun run) throws Exception {
    assertEquals(java.util.Set.of(), OUTPUT.problems(run.out()), run.out());
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out());
  }

  private static List<String> texts(com.fasterxml.jackson.databind.JsonNode array) {
    List<String> out = new java.util.ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static int marks() {
    try (DockerProvider docker = io.zkorch.cli.DockerClients.runtime()) {
      return docker.client().listContainersCmd().withShowAll(true).withLabelFilter(List.of(
          "io.zkorch.cluster=" + CLUSTER, "io.zkorch.role=nemesis")).exec().size();
    }
  }

  /** What a member says of itself from inside its container. */
  static final class FaultCommandView {
    static boolean stopsServing(String member) throws InterruptedException {
      try (DockerProvider docker = io.zkorch.cli.DockerClients.runtime()) {
        long giveUp = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < giveUp) {
          if (docker.fourLetterWordInside(CLUSTER, member, "srvr").contains("not currently serving")) {
            return true;
          }
          Thread.sleep(100);
        }
        return false;
      }
    }
  }

  /** The median TCP connect time (ms) from {@code member}'s network namespace to zk2 and zk3, one line each. */
  private static String connectTimesFrom(String member) throws Exception {
    String py = "import socket,time\n"
        + "for h in ('zk2','zk3'):\n"
        + "  ts=[]\n"
        + "  for i in range(3):\n"
        + "    t=time.monotonic(); socket.create_connection((h,2181),timeout=5).close();"
        + " ts.append((time.monotonic()-t)*1000)\n"
        + "  print(h, int(sorted(ts)[1]))\n";
    Process p = new ProcessBuilder("docker", "run", "--rm", "--network", "container:" + CLUSTER + "-" + member,
        io.zkorch.image.BaseImage.NEMESIS_TAG, "python3", "-c", py).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return out;
  }

  /** A member's round trip from the host (srvr on its published port), in milliseconds: the median of five. */
  private static double roundTripMs(String member) throws Exception {
    int port;
    try (DockerProvider docker = io.zkorch.cli.DockerClients.runtime()) {
      port = docker.find(CLUSTER).orElseThrow().members().stream().filter(n -> n.target().equals(member))
          .findFirst().orElseThrow().hostPort();
    }
    double[] ms = new double[5];
    for (int i = 0; i < ms.length; i++) {
      long t0 = System.nanoTime();
      io.zkorch.health.FourLetterWords.send("127.0.0.1", port, "srvr", 5000, io.zkorch.security.ClientAccess.PLAIN);
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    java.util.Arrays.sort(ms);
    return ms[2];
  }

  /**
   * Partition shapes over three members: halves cut a minority of one from the other two (two links, the majority
   * serves, the minority does not), a bridge cuts the one link between the two members that are not the bridge, and
   * a heal from another command removes every rule and mark.
   */
  @Test
  void partitionShapesCutTheirLinksAndAHealRemovesThem() throws Exception {
    com.fasterxml.jackson.databind.JsonNode halves = json(CliRun.run("fault", "partition", CLUSTER, "halves", "-o",
        "json"));
    assertEquals("partition-halves", halves.get("fault").asText());
    String minority = halves.get("node").asText();
    assertTrue(minority.matches("zk[123]"), halves.toString());
    List<String> links = texts(halves.get("links"));
    assertEquals(2, links.size(), links.toString());
    assertTrue(links.stream().allMatch(l -> l.startsWith(minority + "<->")), links.toString());
    assertTrue(halves.get("leaderAfterMs").isNumber() && !halves.get("leader").asText().equals(minority),
        halves.toString());
    // the minority notices within syncLimit × tickTime (the status is unhealthy at once: the leader misses a follower)
    long giveUp = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    String stopped = "(?s).*\\d\\s+" + minority + "\\s+(not serving|looking)\\s.*";
    CliRun status;
    do {
      status = CliRun.run("status", CLUSTER);
    } while (!status.out().matches(stopped) && System.nanoTime() < giveUp);
    assertEquals(1, status.exitCode(), status.toString());
    assertTrue(status.out().matches(stopped), "the minority, still reached from the host, stops serving:\n" + status);
    assertEquals(2, status.out().lines().filter(l -> l.matches("\\d\\s+zk\\d\\s+(leader|follower)\\s.*")
        && !l.matches("\\d\\s+" + minority + "\\s.*")).count(), "the majority keeps serving:\n" + status);
    assertEquals(1, status.out().lines().filter(l -> l.matches("\\d\\s+zk\\d\\s+leader\\s.*")).count(),
        "one leader, on the majority side:\n" + status);
    CliRun again = CliRun.run("fault", "partition", CLUSTER, "bridge");
    assertEquals(2, again.exitCode(), "one network fault per node at a time:\n" + again);
    assertTrue(again.err().contains("has a network fault already"), again.toString());
    assertEquals(0, CliRun.run("fault", "heal", CLUSTER).exitCode());
    assertEquals(0, marks(), "no mark left");

    com.fasterxml.jackson.databind.JsonNode bridge = json(CliRun.run("fault", "partition", CLUSTER, "bridge", "-o",
        "json"));
    List<String> cut = texts(bridge.get("links"));
    assertEquals(1, cut.size(), cut.toString());
    assertTrue(!cut.get(0).contains(bridge.get("node").asText()), "the bridge sees both: " + bridge);
    CliRun heal = CliRun.run("fault", "heal", CLUSTER);
    assertEquals(0, heal.exitCode(), heal.toString());
    assertTrue(heal.out().contains("Quorum: healthy"), heal.toString());
    assertEquals(0, marks(), "no mark left");

    CliRun ring = CliRun.run("fault", "partition", CLUSTER, "ring");
    assertEquals(2, ring.exitCode(), ring.toString());
    assertTrue(ring.err().contains("5 or more"), ring.toString());
    assertEquals(0, marks(), "a refused shape made nothing");
  }

  /**
   * One-way loss on the leader: it can send but hears nothing, so the others elect another leader; hide needs app
   * containers to hide a member from, and says so.
   */
  @Test
  void oneWayLossDeposesTheLeaderAndHideNeedsClientsInContainers() throws Exception {
    com.fasterxml.jackson.databind.JsonNode oneway = json(CliRun.run("fault", "oneway", CLUSTER, "leader", "-o",
        "json"));
    String old = oneway.get("node").asText();
    List<String> links = texts(oneway.get("links"));
    assertEquals(2, links.size());
    assertTrue(links.stream().allMatch(l -> l.matches("zk\\d->" + old)), links.toString());
    assertTrue(oneway.get("leaderAfterMs").isNumber() && !oneway.get("leader").asText().equals(old),
        "another member leads: " + oneway);
    assertEquals(0, CliRun.run("fault", "heal", CLUSTER).exitCode());
    CliRun hide = CliRun.run("fault", "hide", CLUSTER, "zk1");
    assertEquals(2, hide.exitCode(), hide.toString());
    assertTrue(hide.err().contains("has none running"), hide.toString());
    assertEquals(0, marks());
  }

  /**
   * Link chaos is real: a member's round trip from the host grows by the delay (twice: its SYN-ACK and its answer
   * are each held) and is back after the heal; total loss of what a follower receives takes it out of service; the
   * other shapes apply and heal, leaving the quorum healthy.
   */
  @Test
  void linkChaosDelaysAndDropsWhatItShouldAndHeals() throws Exception {
    double before = roundTripMs("zk1");
    CliRun delay = CliRun.run("fault", "delay", CLUSTER, "zk1", "--by", "150ms");
    assertEquals(0, delay.exitCode(), delay.toString());
    assertTrue(delay.out().contains("links: delay 150ms"), delay.toString());
    double delayed = roundTripMs("zk1");
    assertTrue(delayed >= 290 && delayed < 2000, "round trip " + before + " ms, delayed " + delayed + " ms");
    CliRun heal = CliRun.run("fault", "heal", CLUSTER);
    assertTrue(heal.out().contains("unshaped zk1"), heal.toString());
    double after = roundTripMs("zk1");
    assertTrue(after < 100, "after the heal " + after + " ms");

    CliRun loss = CliRun.run("fault", "loss", CLUSTER, "follower", "--by", "100%");
    assertEquals(0, loss.exitCode(), loss.toString());
    String deaf = loss.out().replaceAll("(?s)^.*Shaped (zk\\d).*$", "$1");
    // it hears nothing, the host's srvr included: ask it from inside (its loopback is spared)
    assertTrue(FaultCommandView.stopsServing(deaf), deaf + " hears nothing and stops serving");
    assertEquals(0, CliRun.run("fault", "heal", CLUSTER).exitCode());

    for (String[] shape : new String[][] {{"duplicate", "50%"}, {"reorder", "50%"}, {"rate", "1mbit"},
        {"delay", "50ms~20ms"}}) {
      CliRun chaos = CliRun.run("fault", shape[0], CLUSTER, "leader", "--by", shape[1], "--for", "1s");
      assertEquals(0, chaos.exitCode(), chaos.toString());
      assertTrue(chaos.out().contains(shape[0] + " " + shape[1]) && chaos.out().contains("Quorum: healthy"),
          chaos.toString());
    }
    // one link: what zk1 sends zk2 is held, what it sends zk3 is not
    CliRun link = CliRun.run("fault", "delay", CLUSTER, "zk1~zk2", "--by", "300ms");
    assertEquals(0, link.exitCode(), link.toString());
    assertTrue(link.out().contains("Shaped the link zk1->zk2"), link.toString());
    String connects = connectTimesFrom("zk1");
    // held at least 290 ms (a busy machine may add to it), the other link not at all
    assertTrue(connects.matches("(?s).*zk2 (29\\d|[3-9]\\d\\d|1\\d\\d\\d)\\n.*")
        && connects.matches("(?s).*zk3 (\\d{1,2}|1\\d\\d)\\n.*"),
        "connect times from zk1 with its link to zk2 delayed:\n" + connects);
    assertEquals(0, CliRun.run("fault", "heal", CLUSTER).exitCode());

    CliRun bad = CliRun.run("fault", "delay", CLUSTER, "zk1", "--by", "soon");
    assertEquals(2, bad.exitCode(), bad.toString());
    assertTrue(bad.err().contains("is not a time"), bad.toString());
    assertEquals(0, marks(), "no mark left");
  }
}
