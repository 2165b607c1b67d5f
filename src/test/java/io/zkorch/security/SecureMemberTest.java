package io.zkorch.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.health.Check;
import io.zkorch.health.Endpoint;
import io.zkorch.health.QuorumCheck;
import io.zkorch.health.SecurityChecks;
import io.zkorch.spec.ClusterSpec;
import io.zkorch.spec.SpecLoader;
import io.zkorch.topology.Topology;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.server.embedded.ExitHandler;
import org.apache.zookeeper.server.embedded.ZooKeeperServerEmbedded;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secure member exactly as zkorch configures one — the zoo.cfg entries and JVM flags of {@link Topology}, the files
 * of {@link ClusterSecrets#memberFiles} — run in-process (ZooKeeper's embedded server), reached through
 * {@link ClusterSecrets#access}, and judged by {@link SecurityChecks}, whose checks pass on it and fail on the same
 * server reached the wrong way: no Docker needed.
 */
class SecureMemberTest {

  private static final String SPEC = """
      apiVersion: zkorch.io/v1alpha1
      kind: Cluster
      name: unit
      zookeeper:
        members: 1
        security:
          tls: {client: true, clientAuth: need}
          sasl: {client: digest, users: {app: generated, ops: generated}}
          acl:
            - path: /app
              grants: ["sasl:app:cdrwa"]
      """;

  @TempDir Path dir;
  private Properties systemBefore;
  private ZooKeeperServerEmbedded server;
  private int securePort;
  private int plainPort;
  private ClusterSecrets secrets;

  @BeforeEach
  void keepSystemProperties() {
    systemBefore = (Properties) System.getProperties().clone();
  }

  /** Starts the member as zkorch configures it, with {@code overrides} of its zoo.cfg (a protection taken away). */
  private void start(Map<String, String> overrides) throws Exception {
    ClusterSpec spec = SpecLoader.parse(SPEC, "unit.yaml");
    Topology topology = Topology.of(spec);
    secrets = ClusterSecrets.prepare(dir.resolve("secrets"), "unit", spec.zookeeper().security(), List.of("zk1"),
        List.of(), name -> null);
    Path mount = Files.createDirectories(dir.resolve("mount"));
    secrets.memberFiles("zk1").forEach((name, bytes) -> write(mount.resolve(name), bytes));
    Map<String, String> env = topology.members().get(0).env();
    securePort = freePort();
    plainPort = freePort();
    Properties cfg = new Properties();
    for (String entry : env.get("ZOO_CFG_EXTRA").split(" ")) {
      String[] kv = entry.split("=", 2);
      cfg.setProperty(kv[0], kv[1].replace(Topology.SECRETS_DIR, mount.toString()));
    }
    assertEquals("2181", cfg.getProperty("secureClientPort"));
    assertEquals("127.0.0.1", cfg.getProperty("clientPortAddress"), "plaintext only on the member's own loopback");
    cfg.setProperty("secureClientPort", Integer.toString(securePort));
    cfg.setProperty("clientPort", Integer.toString(plainPort));
    cfg.setProperty("dataDir", dir.resolve("data").toString());
    cfg.setProperty("admin.enableServer", "false");
    cfg.setProperty("4lw.commands.whitelist", "srvr,mntr");
    overrides.forEach(cfg::setProperty);
    String jaas = null;
    for (String flag : env.get("JVMFLAGS").split(" ")) {
      if (flag.startsWith("-D")) {
        String[] kv = flag.substring(2).split("=", 2);
        if (kv[0].equals("java.security.auth.login.config")) {
          jaas = kv[1].replace(Topology.SECRETS_DIR, mount.toString());
        } else {
          System.setProperty(kv[0], kv[1]);
        }
      }
    }
    installServerSections(Path.of(jaas));
    Files.createDirectories(dir.resolve("base"));
    server = ZooKeeperServerEmbedded.builder().baseDir(dir.resolve("base")).configuration(cfg)
        .exitHandler(ExitHandler.LOG_ONLY).build();
    server.start(30_000);
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    // the embedded server turns its zoo.cfg into zookeeper.* system properties: put the JVM back as it was
    System.setProperties(systemBefore);
  }

  @Test
  void theChecksPassOnAMemberConfiguredByZkorchAndZkorchsOwnAccessWorks() throws Exception {
    start(Map.of());
    ClientAccess own = secrets.access();
    assertEquals("TLS, SASL as zkorch", own.toString());
    String connect = "127.0.0.1:" + securePort;
    try (CuratorFramework c = own.curator(connect).retryPolicy(new RetryOneTime(100)).build()) {
      c.start();
      assertTrue(c.blockUntilConnected(10, java.util.concurrent.TimeUnit.SECONDS));
      c.create().forPath("/app", "v".getBytes(StandardCharsets.UTF_8));
      assertEquals("1 ACL set",
          io.zkorch.data.DataSync.applyAcls(c, secrets.security().acl()));
      // zkorch is the SASL super user: it still reads what the ACL gives app alone
      assertEquals("v", new String(c.getData().forPath("/app"), StandardCharsets.UTF_8));
    }
    List<Check> checks = new SecurityChecks(secrets, 2000).run(endpoints(securePort));
    assertEquals(List.of(QuorumCheck.PLAINTEXT_REFUSED, QuorumCheck.UNTRUSTED_REFUSED,
        QuorumCheck.WRONG_PASSWORD_REFUSED, QuorumCheck.ACL_ENFORCED), checks.stream().map(Check::kind).toList());
    assertTrue(checks.stream().allMatch(Check::ok), checks.toString());
    assertEquals("/app (app read; ops refused)", checks.get(3).detail());
    assertTrue(checks.get(2).detail().startsWith("a wrong password: AuthFailed; no login:"), checks.get(2).detail());
  }

  @Test
  void theChecksFailWhereTheProtectionIsMissing() throws Exception {
    start(Map.of());
    // the member's plaintext port (loopback, for the health check) answers a plaintext client: the check says so
    Check plaintext = new SecurityChecks(secrets, 2000).planned(endpoints(plainPort)).get(0).check().get();
    assertEquals(QuorumCheck.PLAINTEXT_REFUSED, plaintext.kind());
    assertFalse(plaintext.ok());
    assertTrue(plaintext.detail().startsWith("zk1 answered a plaintext client: Zookeeper version"), plaintext.detail());
    // the ACL not applied: ops reads /app, which the file gives app alone
    try (CuratorFramework c = secrets.access().curator("127.0.0.1:" + securePort)
        .retryPolicy(new RetryOneTime(100)).build()) {
      c.start();
      c.create().forPath("/app");
    }
    Check acl = new SecurityChecks(secrets, 2000).planned(endpoints(securePort)).get(3).check().get();
    assertFalse(acl.ok(), acl.toString());
    assertEquals("ops read /app, which the ACL does not grant it", acl.detail());
  }

  /** Client certificates not asked for, logins not required: the two checks that prove them say so. */
  @Test
  void theChecksFailOnAMemberThatAsksForNoCertificateAndNoLogin() throws Exception {
    start(Map.of("ssl.clientAuth", "none", "enforce.auth.enabled", "false"));
    List<SecurityChecks.Planned> planned = new SecurityChecks(secrets, 2000).planned(endpoints(securePort));
    Check untrusted = planned.get(1).check().get();
    assertFalse(untrusted.ok(), untrusted.toString());
    assertEquals("zk1 answered a client whose certificate another CA signed", untrusted.detail());
    Check login = planned.get(2).check().get();
    assertFalse(login.ok(), login.toString());
    assertEquals("a session without a login read /", login.detail());
  }

  private static List<Endpoint> endpoints(int port) {
    return List.of(new Endpoint(1, "zk1", false, "127.0.0.1", port));
  }

  /** The member's JAAS file as the JVM's login configuration, in front of whatever was there. */
  private static void installServerSections(Path jaas) throws Exception {
    Configuration file = new com.sun.security.auth.login.ConfigFile(URI.create(jaas.toUri().toString()));
    Configuration before;
    try {
      before = Configuration.getConfiguration();
    } catch (SecurityException none) {
      before = null;
    }
    Configuration previous = before;
    Map<String, AppConfigurationEntry[]> own = new HashMap<>();
    for (String section : List.of("Server")) {
      own.put(section, file.getAppConfigurationEntry(section));
    }
    Configuration.setConfiguration(new Configuration() {
      @Override
      public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
        AppConfigurationEntry[] e = own.get(name);
        return e != null ? e : previous == null ? null : previous.getAppConfigurationEntry(name);
      }
    });
  }

  private static void write(Path file, byte[] bytes) {
    try {
      Files.write(file, bytes);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
