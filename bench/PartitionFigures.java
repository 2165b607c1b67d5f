import io.zkorch.cluster.ClusterManager;
import io.zkorch.fault.FaultEvent;
import io.zkorch.fault.Faults;
import io.zkorch.health.QuorumWait;
import io.zkorch.runtime.ClusterState;
import io.zkorch.runtime.docker.DockerProvider;
import io.zkorch.spec.Fault;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * What each partition shape costs a running cluster: for every fault, ROUNDS times, with three writers (each its own
 * session over the whole connect string, as applications connect) writing one znode in a loop:
 *   - leader: from the fault taking effect to a serving leader among the members the fault leaves a majority to
 *     (zkorch's own measure, srvr polled every 10 ms);
 *   - write: from the fault to the first acknowledged write that was begun after it;
 *   - heal: from the start of the heal to a proven quorum with every member serving (QuorumWait, 50 ms polls).
 * The fault is held 5 s. Medians, with min and max.
 *   java -cp target/zkorch-all.jar bench/PartitionFigures.java CLUSTER ROUNDS FAULT...
 */
public class PartitionFigures {

  record Write(long invokedUs, long ackedUs) {}

  static long nowUs() {
    Instant n = Instant.now();
    return n.getEpochSecond() * 1_000_000L + n.getNano() / 1_000;
  }

  public static void main(String[] args) throws Exception {
    String cluster = args[0];
    int rounds = Integer.parseInt(args[1]);
    try (DockerProvider docker = io.zkorch.cli.DockerClients.runtime();
        Faults faults = new Faults(docker, cluster, 42)) {
      for (int a = 2; a < args.length; a++) {
        Fault fault = Fault.parse(args[a]);
        List<Double> leader = new ArrayList<>();
        List<Double> write = new ArrayList<>();
        List<Double> heal = new ArrayList<>();
        String links = "";
        for (int r = 0; r < rounds; r++) {
          awaitQuorum(docker, cluster);
          String connect = ClusterManager.connectString(docker.find(cluster).orElseThrow());
          ConcurrentLinkedQueue<Write> writes = new ConcurrentLinkedQueue<>();
          AtomicBoolean stop = new AtomicBoolean();
          List<Thread> writers = new ArrayList<>();
          for (int w = 0; w < 3; w++) {
            int id = w;
            Thread t = new Thread(() -> writeLoop(connect, "/bench-partition-" + id, writes, stop));
            t.start();
            writers.add(t);
          }
          Thread.sleep(1500);
          FaultEvent event = faults.inject(fault, Faults.Aim.NONE);
          links = event.links().isEmpty() ? event.node() : String.join(" ", event.links());
          if (event.leaderAfterMs() != null) {
            leader.add(event.leaderAfterMs());
          }
          long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
          Double next = null;
          while (next == null && System.nanoTime() < giveUp) {
            next = writes.stream().filter(x -> x.invokedUs() >= event.injectedAt())
                .mapToLong(Write::ackedUs).min().stream().mapToDouble(x -> (x - event.injectedAt()) / 1000.0)
                .boxed().findFirst().orElse(null);
            Thread.sleep(5);
          }
          if (next != null) {
            write.add(next);
          }
          long holdUntil = event.injectedAt() + 5_000_000;
          while (nowUs() < holdUntil) {
            Thread.sleep(20);
          }
          long t0 = System.nanoTime();
          faults.heal(event);
          awaitQuorum(docker, cluster);
          heal.add((System.nanoTime() - t0) / 1e6);
          stop.set(true);
          for (Thread t : writers) {
            t.join(30_000);
          }
          System.out.printf(Locale.ROOT, "  %s round %d: %s; leader %s ms, write %s ms, heal %.0f ms%n", fault.id(),
              r + 1, event.describe(), fmt(event.leaderAfterMs()), fmt(next), heal.get(heal.size() - 1));
        }
        System.out.printf(Locale.ROOT, "%-22s leader %s  write %s  heal %s   cut: %s%n", fault.id(), stats(leader),
            stats(write), stats(heal), links);
      }
    }
  }

  static void writeLoop(String connect, String path, ConcurrentLinkedQueue<Write> writes, AtomicBoolean stop) {
    try (ZooKeeper zk = new ZooKeeper(connect, 4000, e -> { })) {
      byte[] value = new byte[16];
      while (!stop.get()) {
        long at = nowUs();
        try {
          try {
            zk.setData(path, value, -1);
          } catch (KeeperException.NoNodeException e) {
            zk.create(path, value, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
          }
          writes.add(new Write(at, nowUs()));
        } catch (KeeperException | IllegalArgumentException e) {
          Thread.sleep(5);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }

  static void awaitQuorum(DockerProvider docker, String cluster) {
    QuorumWait.forQuorum().withTimeout(Duration.ofSeconds(90)).withPollInterval(Duration.ofMillis(50))
        .await(() -> ClusterManager.endpoints(docker.find(cluster).orElseThrow()));
  }

  static String fmt(Double ms) {
    return ms == null ? "-" : String.format(Locale.ROOT, "%.0f", ms);
  }

  static String stats(List<Double> xs) {
    if (xs.isEmpty()) {
      return String.format("%-22s", "-");
    }
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    double median = s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    return String.format(Locale.ROOT, "%6.0f ms [%.0f–%.0f]", median, s.get(0), s.get(s.size() - 1));
  }
}
