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

  /** A client on {@code hosts}, not yet started (so that listeners can be added first). */
  static CuratorFramework client(String hosts) {
    return CuratorFrameworkFactory.builder().connectString(hosts).sessionTimeoutMs(15_000).connectionTimeoutMs(5_000)
        .retryPolicy(new ExponentialBackoffRetry(100, 10, 1_000)).build();
  }

  /** Starts the client and waits for its session; a failure naming {@code who} after 60 s. */
  static void start(CuratorFramework client, String hosts, String who) throws InterruptedException {
    client.start();
    if (!client.blockUntilConnected(60, TimeUnit.SECONDS)) {
      throw ZkorchException.failure(who + " could not connect to " + hosts + " within 60s.");
    }
  }
}
