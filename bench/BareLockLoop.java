// The baseline for bench/lock.sh: a bare Curator InterProcessMutex loop, N clients in one JVM on this host, doing
// the same critical section as zkorch's lock workers (read the counter znode, write it + 1) for the same duration.
//   java -cp target/zkorch-all.jar bench/BareLockLoop.java CONNECT CLIENTS SECONDS
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.retry.ExponentialBackoffRetry;

public class BareLockLoop {
  public static void main(String[] args) throws Exception {
    String connect = args[0];
    int clients = Integer.parseInt(args[1]);
    long seconds = Long.parseLong(args[2]);
    String base = "/bench/bare-" + System.nanoTime();
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    List<CuratorFramework> all = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      CuratorFramework c = CuratorFrameworkFactory.newClient(connect, 15_000, 5_000,
          new ExponentialBackoffRetry(100, 10, 1000));
      c.start();
      c.blockUntilConnected(30, TimeUnit.SECONDS);
      all.add(c);
    }
    CuratorFramework first = all.get(0);
    first.create().creatingParentsIfNeeded().forPath(base + "/counter", "0".getBytes(StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    for (CuratorFramework c : all) {
      Thread t = new Thread(() -> {
        InterProcessMutex mutex = new InterProcessMutex(c, base + "/lock");
        try {
          while (System.nanoTime() < deadline) {
            long t0 = System.nanoTime();
            if (!mutex.acquire((deadline - t0) / 1_000_000 + 1, TimeUnit.MILLISECONDS)) {
              break;
            }
            latencies.add(System.nanoTime() - t0);
            try {
              long v = Long.parseLong(new String(c.getData().forPath(base + "/counter"), StandardCharsets.UTF_8));
              c.setData().forPath(base + "/counter", Long.toString(v + 1).getBytes(StandardCharsets.UTF_8));
            } finally {
              mutex.release();
            }
          }
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    double p99 = sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.99) - 1)) / 1e6;
    System.out.printf("bare: acquisitions %d, acquisitions_per_s %.1f, acquire_p99_ms %.2f%n", sorted.size(),
        sorted.size() / (double) seconds, p99);
    for (CuratorFramework c : all) {
      c.close();
    }
  }
}
