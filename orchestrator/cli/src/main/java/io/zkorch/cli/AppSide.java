package io.zkorch.cli;

import io.zkorch.ZkorchException;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;

/** What the app-side commands (probe, worker) share: ZK_HOSTS, and a client made and connected the same way. */
final class AppSide {

  private AppSide() {}

  /** {@code --connect} when given, else ZK_HOSTS; a usage error naming the fix when neither is set. */
  static String hosts(String connect, String who) {
    String hosts = connect != null ? connect : System.getenv("ZK_HOSTS");
    if (hosts == null || hosts.isBlank()) {
      throw ZkorchException.usage("ZK_HOSTS is not set; run " + who + " in a zkorch app container or pass --connect.");
    }
    return hosts;
  }

  /** Environment variable with the session timeout app-side clients ask for (the profile sets it). */
  static final String SESSION_TIMEOUT_ENV = "ZKORCH_SESSION_TIMEOUT_MS";
  /** Environment variable with app-side clients' connection timeout. */
  static final String CONNECTION_TIMEOUT_ENV = "ZKORCH_CONNECTION_TIMEOUT_MS";

  /** A client on {@code hosts}, not yet started (so that listeners can be added first). */
  static CuratorFramework client(String hosts) {
    return client(hosts, null);
  }

  /**
   * A client whose znodes carry {@code id} as their default data: a lock node then names its holder, so that a
   * fault can be aimed at whoever holds the lock.
   */
  static CuratorFramework client(String hosts, String id) {
    var builder = CuratorFrameworkFactory.builder().connectString(hosts).zkClientConfig(clientConfig())
        .sessionTimeoutMs(millis(SESSION_TIMEOUT_ENV, 15_000)).connectionTimeoutMs(millis(CONNECTION_TIMEOUT_ENV, 5_000))
        .retryPolicy(new ExponentialBackoffRetry(100, 10, 1_000));
    if (id != null) {
      builder.defaultData(id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return builder.build();
  }

  /**
   * The ZooKeeper client settings of a secure cluster's app container: the file ZK_CLIENT_CONFIG names (TLS stores,
   * the login section), the JAAS file of ZK_JAAS_CONFIG as the JVM's login configuration; defaults otherwise.
   */
  static org.apache.zookeeper.client.ZKClientConfig clientConfig() {
    String jaas = System.getenv("ZK_JAAS_CONFIG");
    if (jaas != null && !jaas.isBlank() && System.getProperty("java.security.auth.login.config") == null) {
      System.setProperty("java.security.auth.login.config", jaas);
    }
    String file = System.getenv("ZK_CLIENT_CONFIG");
    if (file == null || file.isBlank()) {
      return new org.apache.zookeeper.client.ZKClientConfig();
    }
    try {
      return new org.apache.zookeeper.client.ZKClientConfig(file);
    } catch (org.apache.zookeeper.server.quorum.QuorumPeerConfig.ConfigException e) {
      throw ZkorchException.usage("ZK_CLIENT_CONFIG=" + file + " cannot be read: " + e.getMessage());
    }
  }

  private static int millis(String env, int fallback) {
    String v = System.getenv(env);
    try {
      return v == null || v.isBlank() ? fallback : Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw ZkorchException.usage(env + "='" + v + "' is not a number of milliseconds.");
    }
  }

  /** Starts the client and waits for its session; a failure naming {@code who} after 60 s. */
  static void start(CuratorFramework client, String hosts, String who) throws InterruptedException {
    client.start();
    if (!client.blockUntilConnected(60, TimeUnit.SECONDS)) {
      throw ZkorchException.failure(who + " could not connect to " + hosts + " within 60s.");
    }
  }
}
