package io.zkorch.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.ZkorchException;
import io.zkorch.spec.ClusterSpec;
import io.zkorch.spec.SpecLoader;
import io.zkorch.topology.Topology;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a secure cluster's members and clients are given, and that nothing secret reaches their environment. */
class ClusterSecretsTest {

  @TempDir Path dir;

  private static ClusterSpec spec(String security, String apps) {
    return SpecLoader.parse("apiVersion: zkorch.io/v1alpha1\nkind: Cluster\nname: s\nzookeeper:\n  members: 3\n"
        + "  security:\n" + security + apps, "s.yaml");
  }

  private static final String FULL = """
          tls: {client: true, quorum: true, clientAuth: want}
          sasl: {client: digest, quorum: true, users: {app: "${HOME}", ops: generated}}
          acl:
            - path: /app
              grants: ["sasl:app:cdrwa"]
      """;

  @Test
  void membersGetSettingsThatNameFilesAndNeverASecret() {
    ClusterSpec spec = spec(FULL, "apps:\n  - name: web\n    command: [probe]\n    user: ops\n");
    Topology t = Topology.of(spec);
    Map<String, String> env = t.members().get(0).env();
    String cfg = env.get("ZOO_CFG_EXTRA");
    assertTrue(cfg.startsWith("secureClientPort=2181 clientPort=2180 clientPortAddress=127.0.0.1 "), cfg);
    for (String entry : List.of("serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory",
        "ssl.keyStore.location=/secrets/keystore.p12", "ssl.keyStore.passwordPath=/secrets/store.pass",
        "ssl.clientAuth=want", "sslQuorum=true", "ssl.quorum.hostnameVerification=true",
        "authProvider.sasl=org.apache.zookeeper.server.auth.SASLAuthenticationProvider", "enforce.auth.enabled=true",
        "enforce.auth.schemes=sasl", "quorum.auth.enableSasl=true", "quorum.auth.learnerRequireSasl=true")) {
      assertTrue((" " + cfg + " ").contains(" " + entry + " "), entry + " in " + cfg);
    }
    assertFalse(cfg.contains("password="), "passwords are read from files");
    assertEquals("2180", env.get(Topology.HEALTH_PORT_ENV));
    String jvm = env.get("JVMFLAGS");
    assertTrue(jvm.contains("-Djava.security.auth.login.config=/secrets/jaas.conf -Dzookeeper.fips-mode=false"
        + " -Dzookeeper.superUser=zkorch"), jvm);
    assertFalse(jvm.contains("@/secrets/jvm.args"), "SASL's super user needs no digest: " + jvm);
    // apps are told where their files are, and log in as their user
    Topology.App web = t.apps().get(0);
    assertEquals("/secrets/client.properties", web.env().get("ZK_CLIENT_CONFIG"));
    assertEquals("/secrets/jaas.conf", web.env().get("ZK_JAAS_CONFIG"));
    assertEquals("ops", t.appUser("web"));
    // plaintext: true opens the plaintext port on the network
    String open = Topology.of(spec("    tls: {client: true, plaintext: true}\n", "")).members().get(0).env()
        .get("ZOO_CFG_EXTRA");
    assertTrue(open.startsWith("secureClientPort=2181 clientPort=2180 ") && !open.contains("clientPortAddress"), open);
  }

  @Test
  void passwordsResolveFromTheEnvironmentGeneratedOnesAreKeptAndFilesArePrivate() throws Exception {
    ClusterSpec spec = spec(FULL, "");
    Path d = dir.resolve("s");
    Map<String, String> env = Map.of("HOME", "pa\"ss\\word");
    ClusterSecrets s = ClusterSecrets.prepare(d, "s", spec.zookeeper().security(), List.of("zk1", "zk2", "zk3"),
        List.of(), env::get);
    assertEquals("pa\"ss\\word", s.password("app").orElseThrow());
    String ops = s.password("ops").orElseThrow();
    String zkorch = s.password("zkorch").orElseThrow();
    assertEquals(36, ops.length());
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(d)));
    try (var files = Files.list(d)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
      }
    }
    // up again: generated passwords and the CA are kept, ${VAR} is read anew
    byte[] ca = Files.readAllBytes(d.resolve("tls/ca.crt"));
    ClusterSecrets again = ClusterSecrets.prepare(d, "s", spec.zookeeper().security(), List.of("zk1", "zk2", "zk3"),
        List.of(), Map.of("HOME", "new")::get);
    assertEquals(ops, again.password("ops").orElseThrow());
    assertEquals(zkorch, again.password("zkorch").orElseThrow());
    assertEquals("new", again.password("app").orElseThrow());
    assertTrue(java.util.Arrays.equals(ca, Files.readAllBytes(d.resolve("tls/ca.crt"))));
    assertEquals(spec.zookeeper().security(), ClusterSecrets.load(d).orElseThrow().security());
    // an unset variable at up: one sentence naming the user and the variable
    ZkorchException unset = assertThrows(ZkorchException.class, () -> ClusterSecrets.prepare(d, "s",
        spec.zookeeper().security(), List.of("zk1"), List.of(), name -> null));
    assertEquals(ZkorchException.EXIT_USAGE, unset.exitCode());
    assertEquals("zookeeper.security.sasl.users.app names ${HOME}, which is not set in the environment; set it, or"
        + " write `generated`.", unset.getMessage());

    // the member's JAAS file: every client user and zkorch for Server, quotes escaped; the first user for the quorum
    String jaas = new String(s.memberFiles("zk1").get("jaas.conf"), StandardCharsets.UTF_8);
    assertTrue(jaas.contains("user_app=\"pa\\\"ss\\\\word\""), jaas);
    assertTrue(jaas.contains("user_zkorch=\"" + zkorch + "\""), jaas);
    assertTrue(jaas.contains("QuorumLearner {\n  org.apache.zookeeper.server.auth.DigestLoginModule required\n"
        + "  username=\"app\""), jaas);
    assertEquals(List.of("keystore.p12", "truststore.p12", "store.pass", "jaas.conf"),
        List.copyOf(s.memberFiles("zk1").keySet()));
    // an app's files: its login only, and settings naming the files where they are mounted
    Map<String, byte[]> app = s.clientFiles("ops");
    String clientJaas = new String(app.get("jaas.conf"), StandardCharsets.UTF_8);
    assertTrue(clientJaas.contains("username=\"ops\"") && !clientJaas.contains(zkorch) && !clientJaas.contains("ss\\\\word"),
        clientJaas);
    Properties props = new Properties();
    props.load(new java.io.ByteArrayInputStream(app.get("client.properties")));
    assertEquals("/secrets/client.p12", props.getProperty("zookeeper.ssl.keyStore.location"));
    assertEquals("true", props.getProperty("zookeeper.client.secure"));
    assertEquals("Client", props.getProperty("zookeeper.sasl.clientconfig"));
    assertEquals("false", props.getProperty("zookeeper.fips-mode"));
    assertEquals("TLS, SASL as zkorch", s.access().toString());
  }

  @Test
  void aclsWithoutSaslMakeZkorchADigestSuperUserThroughAnArgumentFile() throws Exception {
    ClusterSpec spec = spec("    acl:\n      - path: /app\n        grants: [\"world:anyone:r\"]\n", "");
    Topology t = Topology.of(spec);
    assertTrue(t.members().get(0).env().get("JVMFLAGS").endsWith(" @/secrets/jvm.args"));
    ClusterSecrets s = ClusterSecrets.prepare(dir.resolve("d"), "s", spec.zookeeper().security(), List.of("zk1"),
        List.of(), name -> null);
    String args = new String(s.memberFiles("zk1").get("jvm.args"), StandardCharsets.UTF_8);
    String digest = org.apache.zookeeper.server.auth.DigestAuthenticationProvider.generateDigest(
        "zkorch:" + s.password("zkorch").orElseThrow());
    assertEquals("-Dzookeeper.DigestAuthenticationProvider.superDigest=" + digest + "\n", args);
    assertFalse(t.members().get(0).env().toString().contains(digest.substring(7)));
    assertEquals("plaintext, digest as zkorch", s.access().toString());
    assertEquals("zkorch:" + s.password("zkorch").orElseThrow(),
        new String(s.access().digestAuth().orElseThrow(), StandardCharsets.UTF_8));
  }
}
