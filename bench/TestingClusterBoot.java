import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.test.TestingCluster;

/**
 * The baseline for `zkorch up --runtime local`: Curator's in-process TestingCluster(3), from JVM start until a client
 * has written a first znode through it. Prints the in-process time; bench/local-boot.sh times the whole process.
 */
public final class TestingClusterBoot {
  public static void main(String[] args) throws Exception {
    long t0 = System.nanoTime();
    try (TestingCluster cluster = new TestingCluster(3)) {
      cluster.start();
      try (CuratorFramework client =
          CuratorFrameworkFactory.newClient(cluster.getConnectString(), new RetryNTimes(100, 50))) {
        client.start();
        if (!client.blockUntilConnected(60, TimeUnit.SECONDS)) {
          throw new IllegalStateException("no session");
        }
        client.create().forPath("/first-write", new byte[] {1});
      }
      System.out.printf("testingcluster: first write after %.0f ms in-process%n", (System.nanoTime() - t0) / 1e6);
    }
    System.exit(0); // TestingCluster leaves non-daemon threads behind
  }
}
