package io.zkorch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import io.zkorch.cli.CliRun;
import io.zkorch.cli.DockerClients;
import io.zkorch.security.TlsMaterial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS between members (zookeeper.security.tls.quorum) on Docker: the quorum forms over TLS with zkorch's material,
 * nothing secret is in the containers' environment or labels, the files are the member's user's alone, a member
 * that presents a certificate from another CA is refused by the others, and down removes the material.
 */
@DockerTest
class SecureQuorumIT {

  private static final String CLUSTER = "it-tls-quorum";

  /** Secrets go to a state folder of this class's own. */
  @org.junit.jupiter.api.extension.RegisterExtension static final IsolatedHome HOME = new IsolatedHome();
  @TempDir Path dir;

  @AfterEach
  void cleanUp() {
    ItSupport.removeQuietly(CLUSTER);
    ItSupport.assertNothingLeft(CLUSTER);
    TlsMaterial.remove(TlsMaterial.dirOf(CLUSTER));
  }

  @Test
  void membersFormTheQuorumOverTlsAndRefuseAMemberFromAnotherCa() throws Exception {
    Path file = ItSupport.clusterFile(dir, CLUSTER, """
        zookeeper:
          members: 3
          storage: tmpfs
          clientPort: {host: 0}
          security:
            tls: {quorum: true}
        """);
    CliRun up = CliRun.run("up", "-f", file.toString(), "--runtime", "docker");
    assertEquals(0, up.exitCode(), up.toString());
    assertTrue(up.err().contains("Installing TLS material into 3 members"), up.toString());
    Path secrets = TlsMaterial.dirOf(CLUSTER);
    assertTrue(Files.isRegularFile(secrets.resolve("members/zk1.p12")), secrets.toString());
    String password = Files.readString(secrets.resolve("store.pass")).strip();

    try (DockerClient docker = DockerClients.connect()) {
      for (String m : List.of("zk1", "zk2", "zk3")) {
        var inspect = docker.inspectContainerCmd(CLUSTER + "-" + m).exec();
        String env = String.join("\n", inspect.getConfig().getEnv());
        assertTrue(env.contains("sslQuorum=true"), env);
        assertFalse(env.contains(password), "no password in the environment");
        assertFalse(inspect.getConfig().getLabels().toString().contains(password), "no password in labels");
        String listing = ItSupport.exec(docker, CLUSTER + "-" + m, "ls", "-ln", "/secrets");
        assertTrue(listing.lines().filter(l -> l.startsWith("-")).allMatch(l -> l.startsWith("-r-------- 1 1000 1000")),
            listing);
        assertEquals(3, listing.lines().filter(l -> l.startsWith("-")).count(), listing);
      }
      // the quorum's connections really are TLS: the members say so
      CliRun logs = CliRun.run("logs", CLUSTER, "zk1", "--runtime", "docker");
      assertTrue(logs.out().contains("Using TLS encrypted quorum communication"), logs.out());
      assertTrue(logs.out().matches("(?s).*SSL handshake complete with zk[23]/.* - TLSv1\\.[23] - .*"), logs.out());

      // zk3 restarted with a certificate from another CA: zk1 and zk2 refuse it, and keep their quorum
      CliRun kill = CliRun.run("fault", "kill", CLUSTER, "zk3", "--runtime", "docker");
      assertEquals(0, kill.exitCode(), kill.toString());
      TlsMaterial rogue = TlsMaterial.create(dir.resolve("rogue"), CLUSTER, List.of("zk3"), List.of());
      Path rogueDir = dir.resolve("rogue-tar");
      Files.createDirectories(rogueDir);
      Files.copy(rogue.memberKeystore("zk3"), rogueDir.resolve("keystore.p12"));
      Files.copy(rogue.truststore(), rogueDir.resolve("truststore.p12"));
      Files.copy(rogue.passwordFile(), rogueDir.resolve("store.pass"));
      try (var files = Files.list(rogueDir)) {
        for (Path f : files.toList()) { // readable by the member's user: only the CA differs from a real member's
          Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
      }
      docker.copyArchiveToContainerCmd(CLUSTER + "-zk3").withHostResource(rogueDir.toString())
          .withRemotePath("/secrets").withDirChildrenOnly(true).exec();
      // it starts, but cannot join: start's own wait for a healthy quorum fails (exit 1) after its minute, so the
      // container is started directly
      docker.startContainerCmd(CLUSTER + "-zk3").exec();
      // refused for the right reason: the chain of its peers' certificates does not lead to its CA, and back
      long giveUp = System.nanoTime() + ItSupport.timeout(Duration.ofSeconds(30)).toNanos();
      String zk3 = "";
      while (System.nanoTime() < giveUp && !zk3.contains("Path does not chain with any of the trust anchors")) {
        Thread.sleep(500);
        zk3 = CliRun.run("logs", CLUSTER, "zk3", "--runtime", "docker").out();
      }
      assertTrue(zk3.contains("SSLHandshakeException") && zk3.contains("Path does not chain with any of the trust"
          + " anchors"), zk3);
      CliRun status = CliRun.run("status", CLUSTER, "--runtime", "docker");
      assertEquals(1, status.exitCode(), "zk3 must not join:\n" + status);
      assertTrue(status.out().matches("(?s).*3\\s+zk3\\s+(not serving|down).*"), status.out());
      assertTrue(status.out().matches("(?s).*[12]\\s+zk[12]\\s+leader.*"), "zk1 and zk2 keep a quorum:\n" + status);
    }

    CliRun down = CliRun.run("down", CLUSTER, "--runtime", "docker");
    assertEquals(0, down.exitCode(), down.toString());
    assertTrue(down.out().contains("secrets " + secrets), down.toString());
    assertFalse(Files.exists(secrets));
  }

  /** Where the material cannot go yet, the file is refused before anything is made. */
  @Test
  void composeKubernetesAndLocalRefuseQuorumTls() throws Exception {
    Path file = ItSupport.clusterFile(dir, CLUSTER, "zookeeper:\n  security:\n    tls: {quorum: true}\n");
    for (List<String> args : List.of(List.of("compose", "-f", file.toString()),
        List.of("render", "kubernetes", "-f", file.toString()),
        List.of("up", "-f", file.toString(), "--runtime", "local"))) {
      CliRun r = CliRun.run(args.toArray(new String[0]));
      assertEquals(2, r.exitCode(), r.toString());
      assertTrue(r.err().contains("cannot carry the members' TLS material yet"), r.toString());
    }
    assertFalse(Files.exists(TlsMaterial.dirOf(CLUSTER)), "nothing made");
  }
}
