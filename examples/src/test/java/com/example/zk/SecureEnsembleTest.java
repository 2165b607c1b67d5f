package com.example.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkorch.testcontainers.ZooKeeperEnsemble;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.client.ZKClientConfig;
import org.junit.jupiter.api.Test;

/**
 * Client code against a TLS + SASL ensemble with an ACL, as production runs it — and a plain ensemble in the same
 * JVM at the same time: each client gets its own {@link ZKClientConfig}, nothing is set JVM-wide.
 */
class SecureEnsembleTest {

  @Test
  void aClientConnectsWithItsConfigAndTheAclKeepsOthersOut() throws Exception {
    try (ZooKeeperEnsemble secure = new ZooKeeperEnsemble(3).withTls()
            .withSasl("app", "app-secret").withSasl("reader", "reader-secret")
            .withAcl("/app", "sasl:app:cdrwa");
        ZooKeeperEnsemble plain = new ZooKeeperEnsemble(1)) {
      secure.start();
      plain.start();
      try (CuratorFramework app = client(secure.getConnectString(), secure.getClientConfig("app"));
          CuratorFramework reader = client(secure.getConnectString(), secure.getClientConfig("reader"));
          CuratorFramework other = client(plain.getConnectString(), plain.getClientConfig())) {
        app.create().forPath("/app/config", "v1".getBytes(StandardCharsets.UTF_8));
        assertEquals("v1", new String(app.getData().forPath("/app/config"), StandardCharsets.UTF_8));
        // the ACL on /app gives app alone the right to create under it
        assertThrows(KeeperException.NoAuthException.class, () -> reader.create().forPath("/app/other"));
        // the plain ensemble is untouched by the secure one's settings
        other.create().forPath("/plain", "p".getBytes(StandardCharsets.UTF_8));
        assertEquals("p", new String(other.getData().forPath("/plain"), StandardCharsets.UTF_8));
        // across a leader's death the client reconnects over TLS, logs in again and carries on
        secure.killLeader();
        app.setData().forPath("/app/config", "v2".getBytes(StandardCharsets.UTF_8));
        assertEquals("v2", new String(app.getData().forPath("/app/config"), StandardCharsets.UTF_8));
      }
    }
  }

  private static CuratorFramework client(String connect, ZKClientConfig config) throws InterruptedException {
    CuratorFramework c = CuratorFrameworkFactory.builder().connectString(connect).zkClientConfig(config)
        .retryPolicy(new RetryNTimes(40, 250)).build();
    c.start();
    assertTrue(c.blockUntilConnected(30, TimeUnit.SECONDS), "connected to " + connect);
    return c;
  }
}
