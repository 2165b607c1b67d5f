package io.zkorch.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.ZkorchException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.server.embedded.ExitHandler;
import org.apache.zookeeper.server.embedded.ZooKeeperServerEmbedded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS material zkorch makes: what is in it, who may read it, and that ZooKeeper itself accepts it — a real
 * server in this JVM with only a secure client port (Netty, clientAuth need, passwords read from the password
 * file) takes a client with the material and refuses one without a certificate and one that trusts another CA.
 */
class TlsMaterialTest {

  @TempDir Path dir;

  private static X509Certificate cert(Path store, String alias, char[] password) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, password);
    }
    return (X509Certificate) ks.getCertificate(alias);
  }

  @Test
  void materialNamesEveryMemberAndIsReadableOnlyByItsOwner() throws Exception {
    TlsMaterial m = TlsMaterial.create(dir.resolve("secure"), "secure", List.of("zk1", "zk2", "zk3"),
        List.of("172.29.0.2", "engine.example"));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(m.dir())));
    try (var files = Files.walk(m.dir())) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
      }
    }
    char[] password = m.password();
    assertEquals(48, password.length);
    X509Certificate ca = cert(m.truststore(), "ca", password);
    X509Certificate zk2 = cert(m.memberKeystore("zk2"), "zk2", password);
    zk2.verify(ca.getPublicKey());
    assertEquals(-1, zk2.getBasicConstraints(), "a member is no CA");
    assertTrue(ca.getBasicConstraints() >= 0);
    List<String> names = new ArrayList<>();
    for (List<?> san : zk2.getSubjectAlternativeNames()) {
      names.add(String.valueOf(san.get(1)));
    }
    assertEquals(List.of("zk2", "secure-zk2", "localhost", "127.0.0.1", "172.29.0.2", "engine.example"), names);
    assertTrue(zk2.getExtendedKeyUsage().containsAll(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2")),
        "a member serves and is a client of the others");
    X509Certificate client = cert(m.clientKeystore(), "client", password);
    assertEquals(List.of("1.3.6.1.5.5.7.3.2"), client.getExtendedKeyUsage());
    client.verify(ca.getPublicKey());
    String pem = Files.readString(m.dir().resolve("client.crt"));
    assertTrue(pem.startsWith("-----BEGIN CERTIFICATE-----"), pem);
    assertTrue(Files.readString(m.dir().resolve("client.key")).contains("PRIVATE KEY"));

    // a cluster's secrets are never overwritten, and a failed attempt leaves no temporary folder
    ZkorchException again = assertThrows(ZkorchException.class, () -> TlsMaterial.create(dir.resolve("secure"),
        "secure", List.of("zk1"), List.of()));
    assertEquals(2, again.exitCode());
    try (var left = Files.list(dir)) {
      assertEquals(List.of("secure"), left.map(p -> p.getFileName().toString()).toList());
    }
    TlsMaterial.remove(m.dir());
    assertFalse(Files.exists(m.dir()));
    TlsMaterial.remove(m.dir()); // idempotent
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** A client config for this material; {@code keystore} null presents no certificate. */
  private static ZKClientConfig client(Path truststore, Path keystore, char[] password) throws Exception {
    return client(truststore, password, keystore, password);
  }

  private static ZKClientConfig client(Path truststore, char[] trustPassword, Path keystore, char[] password)
      throws Exception {
    ZKClientConfig c = new ZKClientConfig();
    c.setProperty(ZKClientConfig.SECURE_CLIENT, "true");
    c.setProperty(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET, "org.apache.zookeeper.ClientCnxnSocketNetty");
    c.setProperty("zookeeper.ssl.trustStore.location", truststore.toString());
    c.setProperty("zookeeper.ssl.trustStore.password", new String(trustPassword));
    c.setProperty("zookeeper.ssl.trustStore.type", "PKCS12");
    // set even when empty: a client in this JVM would otherwise inherit the server's keystore system properties
    c.setProperty("zookeeper.ssl.keyStore.location", keystore == null ? "" : keystore.toString());
    c.setProperty("zookeeper.ssl.keyStore.password", keystore == null ? "" : new String(password));
    c.setProperty("zookeeper.ssl.keyStore.type", "PKCS12");
    return c;
  }

  /** Whether a session is established within 3 s (a refused handshake never establishes one). */
  private static boolean connects(int port, ZKClientConfig config) throws Exception {
    CountDownLatch connected = new CountDownLatch(1);
    Watcher w = e -> {
      if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
        connected.countDown();
      }
    };
    ZooKeeper zk = new ZooKeeper("127.0.0.1:" + port, 10_000, w, config);
    try {
      boolean ok = connected.await(3, TimeUnit.SECONDS);
      if (ok) {
        zk.create("/tls-" + System.nanoTime(), "x".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE,
            CreateMode.PERSISTENT);
      }
      return ok;
    } finally {
      zk.close();
    }
  }

  @Test
  void zooKeeperAcceptsTheMaterialAndRefusesClientsWithoutIt() throws Exception {
    TlsMaterial m = TlsMaterial.create(dir.resolve("m"), "m", List.of("zk1"), List.of());
    TlsMaterial other = TlsMaterial.create(dir.resolve("other"), "other", List.of("zk1"), List.of());
    int port = freePort();
    Properties cfg = new Properties();
    cfg.setProperty("dataDir", dir.resolve("data").toString());
    cfg.setProperty("secureClientPort", Integer.toString(port));
    cfg.setProperty("secureClientPortAddress", "127.0.0.1");
    cfg.setProperty("serverCnxnFactory", "org.apache.zookeeper.server.NettyServerCnxnFactory");
    cfg.setProperty("ssl.keyStore.location", m.memberKeystore("zk1").toString());
    cfg.setProperty("ssl.keyStore.passwordPath", m.passwordFile().toString());
    cfg.setProperty("ssl.keyStore.type", "PKCS12");
    cfg.setProperty("ssl.trustStore.location", m.truststore().toString());
    cfg.setProperty("ssl.trustStore.passwordPath", m.passwordFile().toString());
    cfg.setProperty("ssl.trustStore.type", "PKCS12");
    cfg.setProperty("ssl.clientAuth", "need");
    cfg.setProperty("ssl.clientHostnameVerification", "false");
    cfg.setProperty("admin.enableServer", "false");
    Files.createDirectories(dir.resolve("base"));
    try (ZooKeeperServerEmbedded server = ZooKeeperServerEmbedded.builder().baseDir(dir.resolve("base"))
        .configuration(cfg).exitHandler(ExitHandler.LOG_ONLY).build()) {
      server.start(30_000);
      assertTrue(connects(port, client(m.truststore(), m.clientKeystore(), m.password())),
          "a client with the material connects and writes");
      assertFalse(connects(port, client(m.truststore(), null, m.password())),
          "clientAuth need: a client without a certificate is refused");
      assertFalse(connects(port, client(other.truststore(), m.clientKeystore(), m.password())),
          "a client that trusts another CA refuses the member");
      assertFalse(connects(port, client(m.truststore(), m.password(), other.clientKeystore(), other.password())),
          "a certificate from another CA is refused");
    } finally {
      for (String p : List.of("ssl.keyStore.location", "ssl.keyStore.passwordPath", "ssl.keyStore.type",
          "ssl.trustStore.location", "ssl.trustStore.passwordPath", "ssl.trustStore.type", "ssl.clientAuth",
          "ssl.clientHostnameVerification", "serverCnxnFactory")) {
        System.clearProperty("zookeeper." + p);
      }
    }
  }

}
