package io.zkorch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import io.zkorch.cli.CliRun;
import io.zkorch.cli.DockerClients;
import io.zkorch.security.ClusterSecrets;
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
    ItSupport.removeQuietly(SECURE);
    ItSupport.assertNothingLeft(SECURE);
    ClusterSecrets.remove(ClusterSecrets.dirOf(CLUSTER));
    ClusterSecrets.remove(ClusterSecrets.dirOf(SECURE));
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
    Path secrets = ClusterSecrets.dirOf(CLUSTER);
    assertTrue(Files.isRegularFile(secrets.resolve("tls/members/zk1.p12")), secrets.toString());
    String password = Files.readString(secrets.resolve("tls/store.pass")).strip();

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

  /** Where the files cannot go yet, the file is refused before anything is made. */
  @Test
  void composeAndKubernetesRefuseASecureEnsemble() throws Exception {
    Path file = ItSupport.clusterFile(dir, CLUSTER, "zookeeper:\n  security:\n    tls: {quorum: true}\n");
    for (List<String> args : List.of(List.of("compose", "-f", file.toString()),
        List.of("render", "kubernetes", "-f", file.toString()))) {
      CliRun r = CliRun.run(args.toArray(new String[0]));
      assertEquals(2, r.exitCode(), r.toString());
      assertTrue(r.err().contains("cannot carry a secure ensemble's keys and logins yet"), r.toString());
    }
    assertFalse(Files.exists(ClusterSecrets.dirOf(CLUSTER)), "nothing made");
  }

  private static final String SECURE = "it-secure";

  /**
   * TLS for clients and members, SASL for clients and members, ACLs: the cluster boots with every security check
   * passing, the app container connects with the files it was given, a client on the host connects with what
   * `zkorch env` prints, the lock scenario holds under kill-leader, and a protection removed while it runs fails
   * `status`.
   */
  @Test
  void aTlsSaslAclEnsembleIsProvenAndUsable() throws Exception {
    Path file = ItSupport.clusterFile(dir, SECURE, """
        zookeeper:
          members: 3
          storage: tmpfs
          clientPort: {host: 0}
          security:
            tls: {client: true, quorum: true, clientAuth: need}
            sasl: {client: digest, quorum: true, users: {app: generated, ops: generated}}
            acl:
              - path: /app
                grants: ["sasl:app:cdrwa"]
        data:
          /app/config: v1
        apps:
          - name: probe
            command: [probe]
            user: app
        """);
    CliRun up = CliRun.run("up", "-f", file.toString(), "--runtime", "docker");
    assertEquals(0, up.exitCode(), up.toString());
    for (String line : List.of("Installing TLS material and SASL logins into 3 members", "Applying 1 ACLs",
        "✓ Checking that a plaintext client is refused", "✓ Checking that a client without a trusted certificate is"
            + " refused", "✓ Checking that a wrong password and no login are refused",
        "✓ Checking that the ACLs let in who they grant and no one else (", "/app (app read; ops refused)")) {
      assertTrue(up.err().contains(line), line + "\n" + up);
    }
    CliRun status = CliRun.run("status", SECURE, "--runtime", "docker", "-o", "json");
    assertEquals(0, status.exitCode(), status.toString());
    for (String check : List.of("plaintext refused", "untrusted refused", "wrong password refused", "ACLs enforced")) {
      assertTrue(status.out().contains("\"" + check + "\""), status.out());
    }
    assertEquals(java.util.Set.of(), io.zkorch.JsonSchemas.of(Path.of("templates/output-v1.schema.json"))
        .problems(status.out()), status.out());

    try (DockerClient docker = DockerClients.connect()) {
      // the app container logged in as app over TLS with the files it was given, readable by its user alone
      long giveUp = System.nanoTime() + ItSupport.timeout(Duration.ofSeconds(30)).toNanos();
      String probe = "";
      while (System.nanoTime() < giveUp && !probe.contains("probe: ok")) {
        Thread.sleep(300);
        probe = CliRun.run("logs", SECURE, "probe-1", "--runtime", "docker").out();
      }
      assertTrue(probe.contains("probe: ok"), probe);
      String listing = ItSupport.exec(docker, SECURE + "-probe-1", "ls", "-ln", "/secrets");
      assertEquals(5, listing.lines().filter(l -> l.startsWith("-r-------- 1 1000 1000")).count(), listing);
      String env = String.join("\n", docker.inspectContainerCmd(SECURE + "-probe-1").exec().getConfig().getEnv());
      assertTrue(env.contains("ZK_CLIENT_CONFIG=/secrets/client.properties"), env);
      for (String m : List.of("zk1", "probe-1")) {
        String all = String.join("\n", docker.inspectContainerCmd(SECURE + "-" + m).exec().getConfig().getEnv());
        for (String user : List.of("app", "ops", "zkorch")) {
          String pw = ClusterSecrets.of(SECURE).orElseThrow().password(user).orElseThrow();
          assertFalse(all.contains(pw), "no password in " + m + "'s environment");
        }
      }
    }

    // a client on the host with what `zkorch env` prints: TLS from ZK_CLIENT_CONFIG, the login of its JAAS file
    CliRun env = CliRun.run("env", SECURE, "--runtime", "docker", "--user", "app", "--format", "json");
    assertEquals(0, env.exitCode(), env.toString());
    var vars = new com.fasterxml.jackson.databind.ObjectMapper().readTree(env.out());
    org.apache.zookeeper.client.ZKClientConfig config =
        new org.apache.zookeeper.client.ZKClientConfig(vars.get("ZK_CLIENT_CONFIG").asText());
    String jaas = Files.readString(Path.of(vars.get("ZK_JAAS_CONFIG").asText()));
    java.util.regex.Matcher pw = java.util.regex.Pattern.compile("password=\"([^\"]+)\"").matcher(jaas);
    assertTrue(pw.find(), "a Client section with app's password");
    config.setProperty("zookeeper.sasl.clientconfig", io.zkorch.security.JaasSections.digestClient("app", pw.group(1)));
    try (var client = org.apache.curator.framework.CuratorFrameworkFactory.builder()
        .connectString(vars.get("ZK_HOSTS").asText()).zkClientConfig(config)
        .retryPolicy(new org.apache.curator.retry.RetryOneTime(200)).build()) {
      client.start();
      assertTrue(client.blockUntilConnected(20, java.util.concurrent.TimeUnit.SECONDS));
      assertEquals("v1", new String(client.getData().forPath("/app/config")));
    }

    // a lock held by workers that log in over TLS, while the leader is killed
    CliRun run = CliRun.run("run", "lock", "-f", file.toString(), "--runtime", "docker", "--faults", "kill-leader",
        "--duration", "25s", "--interval", "5s");
    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.out().contains("progress after every fault"), run.out());

    // a protection removed by hand: status fails, naming it
    CliRun open = CliRun.run("shell", SECURE, "--runtime", "docker", "--", "setAcl", "/app", "world:anyone:cdrwa");
    assertEquals(0, open.exitCode(), open.toString());
    CliRun broken = CliRun.run("status", SECURE, "--runtime", "docker");
    assertEquals(1, broken.exitCode(), broken.toString());
    assertTrue(broken.out().contains("Security: FAILED — ACLs enforced: ops read /app, which the ACL does not grant"
        + " it"), broken.out());

    CliRun down = CliRun.run("down", SECURE, "--runtime", "docker");
    assertEquals(0, down.exitCode(), down.toString());
    assertFalse(Files.exists(ClusterSecrets.dirOf(SECURE)));
    ItSupport.assertNothingLeft(SECURE);
  }
}
