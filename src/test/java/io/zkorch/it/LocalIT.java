package io.zkorch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.cli.CliRun;
import io.zkorch.image.Images;
import io.zkorch.runtime.local.LocalProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI on the local runtime, as a user without Docker meets it: up, status, ls, logs, run with faults, down,
 * the demo, and a cluster whose orchestrating process was killed. Runs without a Docker engine.
 */
class LocalIT {

  @org.junit.jupiter.api.extension.RegisterExtension static final IsolatedHome HOME = new IsolatedHome();
  @TempDir static Path dir;

  private static Path home;

  @BeforeAll
  static void isolate() {
    home = HOME.path();
  }

  @AfterAll
  static void nothingLeft() throws IOException {
    Path clusters = home.resolve("clusters");
    if (Files.isDirectory(clusters)) {
      try (Stream<Path> left = Files.list(clusters)) {
        assertEquals(List.of(), left.map(p -> p.getFileName().toString()).toList(), "clusters left");
      }
    }
    assertFalse(ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().map(c -> c.contains(
        clusters.toString())).orElse(false)), "a process outlived down");
  }

  private static Path file(String name, String zookeeper) throws IOException {
    Path f = dir.resolve(name + ".yaml");
    Files.writeString(f, "apiVersion: zkorch.io/v1alpha1\nkind: Cluster\nname: " + name + "\nzookeeper:\n"
        + zookeeper);
    return f;
  }

  @Test
  void upStatusLsLogsRunAndDownWithoutDocker() throws IOException {
    Path f = file("loc", "  members: 3\n  profile: fast-failover\n");
    try {
      CliRun up = CliRun.run("up", "-f", f.toString(), "--runtime", "local", "--wait", "60s");
      assertEquals(0, up.exitCode(), up.toString());
      assertTrue(up.err().contains("Creating state folder " + home.resolve("clusters").resolve("loc")), up.toString());
      assertTrue(up.out().contains("Quorum: healthy"), up.toString());
      // auto finds the local cluster, and says so first
      CliRun status = CliRun.run("status", "loc");
      assertEquals(0, status.exitCode(), status.toString());
      assertTrue(status.err().startsWith("Runtime: local (loc is a local cluster"), status.toString());
      assertTrue(status.out().matches("(?s).*1\\s+zk1\\s+(leader|follower)\\s.*127\\.0\\.0\\.1:\\d+.*"), status.out());
      CliRun ls = CliRun.run("ls", "--runtime", "local");
      assertTrue(ls.out().matches("(?s).*loc\\s+local\\s+running\\s+3/3.*"), ls.toString());
      CliRun logs = CliRun.run("logs", "loc", "zk2", "--tail", "20", "--runtime", "local");
      assertEquals(0, logs.exitCode(), logs.toString());
      assertFalse(logs.out().isBlank());

      CliRun run = CliRun.run("run", "lock", "-f", f.toString(), "--runtime", "local", "--workers", "3",
          "--duration", "8s", "--faults", "kill-leader", "--interval", "3s");
      assertEquals(0, run.exitCode(), run.toString());
      assertTrue(run.out().lines().anyMatch(l -> l.startsWith("  kill-leader ")), run.toString());
      assertTrue(run.out().contains("cluster healed"), run.toString());

      CliRun pause = CliRun.run("fault", "pause", "loc", "follower", "--for", "1s", "--runtime", "local");
      assertEquals(0, pause.exitCode(), pause.toString());
      CliRun partition = CliRun.run("fault", "partition", "loc", "zk1", "--runtime", "local");
      assertEquals(2, partition.exitCode(), partition.toString());
      assertTrue(partition.err().contains("cannot partition") && partition.err().contains("--runtime docker"),
          partition.toString());
      CliRun refused = CliRun.run("run", "lock", "-f", f.toString(), "--runtime", "local", "--duration", "20s",
          "--faults", "partition-member");
      assertEquals(2, refused.exitCode(), refused.toString());
    } finally {
      CliRun down = CliRun.run("down", "loc", "--runtime", "local");
      assertEquals(0, down.exitCode(), down.toString());
      assertTrue(down.out().contains("process zk1") && down.out().contains("folder "), down.toString());
    }
    CliRun gone = CliRun.run("status", "loc", "--runtime", "local");
    assertEquals(2, gone.exitCode(), gone.toString());
    assertTrue(gone.err().contains("There is no cluster named loc"), gone.toString());
  }

  @Test
  void demoRunsTheWholeJobLocally() {
    CliRun demo = CliRun.run("demo", "--runtime", "local");
    assertEquals(0, demo.exitCode(), demo.toString());
    assertTrue(demo.out().contains("Quorum: healthy"), demo.toString());
    assertTrue(demo.out().contains("Verdict: PASS — every check of 2 scenarios held"), demo.toString());
    assertTrue(demo.err().contains("on the local runtime"), demo.toString());
  }

  @Test
  void aClusterWhoseOrchestratorWasKilledIsFoundAndRemovedByDown() throws Exception {
    Path f = file("orphan", "  members: 3\n");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dzkorch.home=" + home, "-jar", Images.zkorchJar().toString(), "up", "-f", f.toString(), "--runtime",
        "local", "--wait", "60s"));
    Process up = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("up.log").toFile())
        .start();
    // kill -9 the orchestrator as soon as all three members run: no shutdown hook, no cleanup
    Path nodes = home.resolve("clusters").resolve("orphan").resolve("nodes");
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < giveUp && !(Files.exists(nodes.resolve("zk1/pid"))
        && Files.exists(nodes.resolve("zk2/pid")) && Files.exists(nodes.resolve("zk3/pid")))) {
      Thread.sleep(20);
    }
    up.destroyForcibly().waitFor();
    List<Long> pids = new ArrayList<>();
    for (String m : List.of("zk1", "zk2", "zk3")) {
      pids.add(Long.parseLong(Files.readString(nodes.resolve(m + "/pid"), StandardCharsets.UTF_8).split("\\s+")[0]));
    }
    assertTrue(pids.stream().allMatch(LocalProvider::alive),
        "members outlive the killed orchestrator");
    CliRun ls = CliRun.run("ls", "--runtime", "local");
    assertTrue(ls.out().contains("orphan"), ls.toString());
    CliRun down = CliRun.run("down", "orphan");
    assertEquals(0, down.exitCode(), down.toString());
    assertTrue(down.err().startsWith("Runtime: local"), down.toString());
    for (long p : pids) {
      assertFalse(LocalProvider.alive(p), "pid " + p + " still alive");
    }
    assertFalse(Files.exists(home.resolve("clusters").resolve("orphan")));
  }

  /**
   * data: on the local runtime: seeded before the quorum's first client, idempotent on up of kept data; the shell,
   * one-shot and interactive (ZooKeeper's own, on standard input), env, and export.
   */
  @Test
  void dataSeedingShellAndEnvLocally() throws Exception {
    Files.writeString(dir.resolve("seed.txt"), "from a file\n");
    Path f = dir.resolve("seeded.yaml");
    Files.writeString(f, "apiVersion: zkorch.io/v1alpha1\nkind: Cluster\nname: seeded\nzookeeper:\n  members: 1\n"
        + "data:\n  /app/greeting: hello local\n  /app/file: {file: seed.txt}\n");
    try {
      CliRun up = CliRun.run("up", "-f", f.toString(), "--runtime", "local", "--wait", "60s");
      assertEquals(0, up.exitCode(), up.toString());
      assertTrue(up.err().contains("Seeding 2 znodes") && up.err().contains("2 created"), up.toString());
      CliRun get = CliRun.run("shell", "seeded", "--runtime", "local", "--", "get", "/app/file");
      assertEquals(0, get.exitCode(), get.toString());
      assertEquals("from a file", get.out().strip());
      CliRun env = CliRun.run("env", "-f", f.toString(), "--runtime", "local", "--format", "json");
      assertTrue(env.out().contains("\"ZK_HOSTS\" : \"127.0.0.1:"), env.toString());
      assertEquals(connect(up), env.out().replaceAll("(?s).*\"ZK_HOSTS\" : \"([^\"]+)\".*", "$1"));

      // the interactive shell reads commands from standard input, as a terminal user types them
      List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Dzkorch.home=" + home, "-jar", Images.zkorchJar().toString(), "shell", "seeded", "--runtime", "local");
      Process shell = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      shell.getOutputStream().write("set /app/greeting typed\nget /app/greeting\nquit\n"
          .getBytes(StandardCharsets.UTF_8));
      shell.getOutputStream().close();
      assertTrue(shell.waitFor(60, TimeUnit.SECONDS), "the shell ends at quit");
      String out = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, shell.exitValue(), out);
      assertTrue(out.contains("[zk: seeded] typed"), out);

      // kept data, up again: the file's value wins, the rest is left and said so
      assertEquals(0, CliRun.run("down", "seeded", "--runtime", "local", "--keep-data").exitCode());
      CliRun again = CliRun.run("up", "-f", f.toString(), "--runtime", "local", "--wait", "60s");
      assertEquals(0, again.exitCode(), again.toString());
      assertTrue(again.err().contains("1 updated, 1 unchanged"), again.toString());
      CliRun export = CliRun.run("data", "export", "seeded", "--runtime", "local");
      assertEquals(0, export.exitCode(), export.toString());
      assertTrue(export.out().contains("/app/greeting: hello local\n"), export.out());
    } finally {
      assertEquals(0, CliRun.run("down", "seeded", "--runtime", "local").exitCode());
    }
  }

  /**
   * A TLS + SASL + ACL ensemble as local processes: members read their keys and logins from their own folders, the
   * security checks pass, zkorch's shell logs in, an app process connects with its files, and down removes them.
   */
  @Test
  void aSecureEnsembleLocally() throws Exception {
    Path f = file("secloc", "  members: 3\n  security:\n    tls: {client: true, quorum: true, clientAuth: need}\n"
        + "    sasl: {client: digest, quorum: true, users: {app: generated, ops: generated}}\n"
        + "    acl:\n      - path: /app\n        grants: [\"sasl:app:cdrwa\"]\n");
    Files.writeString(f, Files.readString(f) + "apps:\n  - name: probe\n    command: [probe]\n    user: app\n");
    try {
      CliRun up = CliRun.run("up", "-f", f.toString(), "--runtime", "local", "--wait", "90s");
      assertEquals(0, up.exitCode(), up.toString());
      assertTrue(up.out().contains("Security: plaintext refused, untrusted refused, wrong password refused, ACLs"
          + " enforced"), up.toString());
      Path zk1 = home.resolve("clusters/secloc/nodes/zk1/secrets");
      assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
          Files.getPosixFilePermissions(zk1)));
      assertTrue(Files.isRegularFile(zk1.resolve("keystore.p12")) && Files.isRegularFile(zk1.resolve("jaas.conf")));
      String cfg = Files.readString(home.resolve("clusters/secloc/nodes/zk1/zoo.cfg"));
      assertTrue(cfg.contains("secureClientPort=") && !cfg.contains("\nclientPort="), "TLS only:\n" + cfg);
      CliRun acl = CliRun.run("shell", "secloc", "--runtime", "local", "--", "getAcl", "/app");
      assertEquals(0, acl.exitCode(), acl.toString());
      assertTrue(acl.out().contains("'sasl,'app"), acl.out());
      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      String probe = "";
      while (System.nanoTime() < giveUp && !probe.contains("probe: ok")) {
        Thread.sleep(300);
        probe = CliRun.run("logs", "secloc", "probe-1", "--runtime", "local").out();
      }
      assertTrue(probe.contains("probe: ok"), probe);
    } finally {
      CliRun down = CliRun.run("down", "secloc", "--runtime", "local");
      assertEquals(0, down.exitCode(), down.toString());
      assertFalse(Files.exists(home.resolve("secrets/secloc")), down.toString());
    }
  }

  private static String connect(CliRun run) {
    return run.out().lines().filter(l -> l.startsWith("Connect: ")).findFirst().orElseThrow().substring(9);
  }

  @Test
  void downKeepsTheDataOnlyWhenAsked() throws Exception {
    Path f = file("kept", "  members: 1\n");
    CliRun up = CliRun.run("up", "-f", f.toString(), "--runtime", "local", "--wait", "60s");
    assertEquals(0, up.exitCode(), up.toString());
    try (var client = org.apache.curator.framework.CuratorFrameworkFactory.newClient(connect(up),
        new org.apache.curator.retry.RetryNTimes(20, 200))) {
      client.start();
      client.create().forPath("/kept", "yes".getBytes(StandardCharsets.UTF_8));
    }
    CliRun keep = CliRun.run("down", "kept", "--runtime", "local", "--keep-data");
    assertTrue(keep.out().contains("kept 1 data folders"), keep.toString());
    assertTrue(CliRun.run("ls", "--runtime", "local").out().matches("(?s).*kept\\s+local\\s+stopped \\(volumes kept\\).*"));
    CliRun again = CliRun.run("up", "-f", f.toString(), "--runtime", "local", "--wait", "60s");
    assertEquals(0, again.exitCode(), again.toString());
    try (var client = org.apache.curator.framework.CuratorFrameworkFactory.newClient(connect(again),
        new org.apache.curator.retry.RetryNTimes(20, 200))) {
      client.start();
      assertEquals("yes", new String(client.getData().forPath("/kept"), StandardCharsets.UTF_8));
    }
    CliRun down = CliRun.run("down", "kept", "--runtime", "local");
    assertTrue(down.out().contains("folder "), down.toString());
    assertFalse(Files.exists(home.resolve("clusters").resolve("kept")), "down without --keep-data removes the data");
  }
}
