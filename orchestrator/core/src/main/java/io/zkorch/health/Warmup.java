package io.zkorch.health;

import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;

/**
 * Loads the ZooKeeper client's classes ahead of need: a client started against a closed port fails at once but
 * touches the same connection, session and builder classes as the first real round trip. {@code up} runs it while the
 * members boot; the launcher runs {@link #main} to put those classes in its class-data archive.
 */
public final class Warmup {

  private static final java.util.concurrent.atomic.AtomicBoolean STARTED =
      new java.util.concurrent.atomic.AtomicBoolean();

  private Warmup() {}

  /**
   * Runs {@link #run} once per JVM on a daemon thread, so that the first quorum check does not pay for loading the
   * client's classes: started when a cluster starts coming up, it finishes while images are checked and members boot.
   */
  public static void inBackground() {
    if (STARTED.compareAndSet(false, true)) {
      Thread t = new Thread(Warmup::run, "zkorch-warmup");
      t.setDaemon(true);
      t.start();
    }
  }

  /** Never throws; returns when the classes are loaded (well under a second). */
  public static void run() {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      int closed = s.getLocalPort();
      s.close();
      try (CuratorFramework client = CuratorFrameworkFactory.builder().connectString("127.0.0.1:" + closed)
          .sessionTimeoutMs(1000).connectionTimeoutMs(200).retryPolicy(new RetryOneTime(10)).build()) {
        client.start();
        client.blockUntilConnected(200, TimeUnit.MILLISECONDS);
        client.create().withMode(org.apache.zookeeper.CreateMode.EPHEMERAL); // the builder, not the call
        client.getData();
        client.delete();
      }
      FourLetterWords.send("127.0.0.1", closed, "srvr", 50);
    } catch (Exception | LinkageError expected) {
      // nothing listens on that port: the failure is the point
    }
  }

  public static void main(String[] args) {
    run();
  }
}
