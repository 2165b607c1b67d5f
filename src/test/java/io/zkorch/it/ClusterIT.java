package io.zkorch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import io.zkorch.cli.CliRun;
import io.zkorch.image.ZooCfg;
import io.zkorch.cli.DockerClients;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core end to end on the real Docker engine: build, up, health table, status, logs, down, nothing left. */
@DockerTest
class ClusterIT {

  @TempDir Path dir;
  private String cluster;

  @AfterEach
  void cleanUp() {
    if (cluster != null) {
      ItSupport.removeQuietly(cluster);
      ItSupport.assertNothingLeft(cluster);
    }
  }

  private static CliRun ok(String... args) {
    CliRun r = CliRun.run(args);
    assertEquals(0, r.exitCode(), String.join(" ", args) + "\n" + r);
    return r;
  }

  @Test
  void threeMembersAndAnAppComeUpHealthyAndGoAwayCompletely() throws Exception {
    cluster = "it-core";
    Path file = ItSupport.clusterFile(dir, cluster, """
        zookeeper:
          members: 3
          storage: tmpfs
        apps:
          - name: probe
            command: [probe, --interval, 1s]
        """);
    ok("build", "-f", file.toString());
    CliRun up = ok("up", "-f", file.toString(), "--wait", ItSupport.seconds(Duration.ofSeconds(90)));

    // the health table: three members, one leader, two followers, all ✓, a healthy quorum
    List<String> rows = up.out().lines().filter(l -> l.matches("\\d+\\s+zk\\d.*")).toList();
    assertEquals(3, rows.size(), up.toString());
    assertEquals(1, rows.stream().filter(r -> r.contains(" leader ")).count(), up.toString());
    assertEquals(2, rows.stream().filter(r -> r.contains(" follower ")).count(), up.toString());
    assertTrue(rows.stream().allMatch(r -> r.endsWith("✓")), up.toString());
    assertTrue(up.out().contains("Quorum: healthy"), up.toString());
    for (String step : List.of("Waiting for members to answer srvr", "Client round trip", "one epoch")) {
      assertTrue(up.err().contains("✓ " + step) || up.err().contains(step), "progress shows " + step + ": " + up);
    }

    CliRun status = ok("status", cluster);
    assertTrue(status.out().contains("Quorum: healthy"), status.toString());
    String connect = status.out().lines().filter(l -> l.startsWith("Connect: ")).findFirst().orElseThrow()
        .substring("Connect: ".length());

    // the app reached the ensemble through the injected ZK_HOSTS and registered itself
    try (CuratorFramework client = CuratorFrameworkFactory.newClient(connect, new RetryNTimes(5, 200))) {
      client.start();
      assertTrue(client.blockUntilConnected(20, TimeUnit.SECONDS));
      List<String> apps = waitForChildren(client, "/zkorch/apps", 1, Duration.ofSeconds(60));
      assertEquals(1, apps.size(), apps.toString());
      String zkHosts = new String(client.getData().forPath("/zkorch/apps/" + apps.get(0)), StandardCharsets.UTF_8);
      assertEquals("zk1:2181,zk2:2181,zk3:2181", zkHosts);
    }

    try (DockerClient docker = DockerClients.connect()) {
      // the member runs as the official image's non-root user, with a quorum-aware HEALTHCHECK
      assertEquals("1000", ItSupport.exec(docker, cluster + "-zk1", "id", "-u").strip());
      InspectContainerResponse zk1 = docker.inspectContainerCmd(cluster + "-zk1").exec();
      assertTrue(Arrays.toString(zk1.getConfig().getHealthcheck().getTest().toArray()).contains("healthcheck"));
      // the zoo.cfg the entrypoint wrote is the one zkorch's own renderer gives for the same environment
      Map<String, String> env = new HashMap<>();
      for (String kv : zk1.getConfig().getEnv()) {
        int eq = kv.indexOf('=');
        env.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
      env.keySet().removeIf(k -> !k.startsWith("ZOO_"));
      assertEquals(ZooCfg.render(env), ItSupport.exec(docker, cluster + "-zk1", "cat", "/conf/zoo.cfg"));
    }

    CliRun logs = ok("logs", cluster, "zk1", "--tail", "20");
    assertFalse(logs.out().isBlank(), logs.toString());
    Path export = dir.resolve("logs");
    ok("logs", cluster, "--export", export.toString());
    assertTrue(Files.exists(export.resolve("zk3.log")));
    assertTrue(Files.exists(export.resolve("probe-1.inspect.json")));

    assertTrue(ok("ls").out().contains(cluster), "ls lists it");
    CliRun again = CliRun.run("up", "-f", file.toString());
    assertEquals(2, again.exitCode(), "up refuses to clobber: " + again);
    assertTrue(again.err().contains("already exists"), again.toString());

    CliRun down = ok("down", cluster, "--volumes");
    assertTrue(down.out().contains("removed"), down.toString());
    ItSupport.assertNothingLeft(cluster);
    assertTrue(ok("down", cluster).out().contains("nothing to remove"), "down is idempotent");
  }

  @Test
  void observerAndVolumesKeepDataAcrossDownAndUp() throws Exception {
    cluster = "it-volumes";
    Path file = ItSupport.clusterFile(dir, cluster, """
        zookeeper:
          members: 3
          observers: 1
          storage: volume
        """);
    CliRun up = ok("up", "-f", file.toString(), "--wait", ItSupport.seconds(Duration.ofSeconds(90)));
    assertTrue(up.out().lines().anyMatch(l -> l.matches("4\\s+zk4\\s+observer.*✓")), up.toString());
    String connect = connectString(up);
    try (CuratorFramework client = CuratorFrameworkFactory.newClient(connect, new RetryNTimes(5, 200))) {
      client.start();
      client.create().forPath("/kept", "across down and up".getBytes(StandardCharsets.UTF_8));
    }

    ok("down", cluster);
    CliRun ls = ok("ls");
    assertTrue(ls.out().lines().anyMatch(l -> l.startsWith(cluster) && l.contains("volumes kept")), ls.toString());

    CliRun again = ok("up", "-f", file.toString(), "--wait", ItSupport.seconds(Duration.ofSeconds(90)));
    try (CuratorFramework client = CuratorFrameworkFactory.newClient(connectString(again), new RetryNTimes(5, 200))) {
      client.start();
      assertEquals("across down and up", new String(client.getData().forPath("/kept"), StandardCharsets.UTF_8));
    }
    ok("down", cluster, "--volumes");
    ItSupport.assertNothingLeft(cluster);
  }

  @Test
  void takenHostPortIsAnEnvironmentErrorAndLeavesNothing() throws Exception {
    cluster = "it-port";
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      Path file = ItSupport.clusterFile(dir, cluster, """
          zookeeper:
            members: 1
            storage: tmpfs
            clientPort:
              host: %d
          """.formatted(port));
      CliRun up = CliRun.run("up", "-f", file.toString(), "--wait", "30s");
      assertEquals(3, up.exitCode(), up.toString());
      assertTrue(up.err().contains("Host port " + port), up.toString());
      assertTrue(up.err().contains("already in use"), up.toString());
      assertFalse(up.err().contains("\tat "), up.toString());
    }
    ItSupport.assertNothingLeft(cluster);
  }

  @Test
  void memberThatNeverJoinsTimesOutNamingTheCheckAndShowingItsLog() {
    cluster = "it-nojoin";
    // quorum TLS without keys: the members cannot talk to each other, so none ever serves
    Path file = ItSupport.clusterFile(dir, cluster, """
        zookeeper:
          members: 3
          storage: tmpfs
          config:
            sslQuorum: "true"
        """);
    CliRun up = CliRun.run("up", "-f", file.toString(), "--wait", "8s");
    assertEquals(1, up.exitCode(), up.toString());
    assertTrue(up.err().contains("The quorum was not healthy after 8s (members serving: zk"), up.toString());
    assertTrue(up.err().contains("Last log lines of zk"), up.toString());
    assertTrue(up.err().contains("  | "), "shows the member's log lines: " + up);
    ItSupport.assertNothingLeft(cluster);

    CliRun retained = CliRun.run("up", "-f", file.toString(), "--wait", "3s", "--retain");
    assertEquals(1, retained.exitCode(), retained.toString());
    assertTrue(CliRun.run("ls").out().contains(cluster), "--retain keeps the failed cluster");
  }

  private static String connectString(CliRun run) {
    return run.out().lines().filter(l -> l.startsWith("Connect: ")).findFirst().orElseThrow()
        .substring("Connect: ".length());
  }

  private static List<String> waitForChildren(CuratorFramework client, String path, int count, Duration within)
      throws Exception {
    long deadline = System.nanoTime() + ItSupport.timeout(within).toNanos();
    while (true) {
      List<String> children = client.checkExists().forPath(path) == null ? List.of()
          : client.getChildren().forPath(path);
      if (children.size() >= count || System.nanoTime() > deadline) {
        return children;
      }
      Thread.sleep(200);
    }
  }
}
