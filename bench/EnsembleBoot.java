import io.zkorch.testcontainers.ZooKeeperEnsemble;

/**
 * Starts a 3-member ZooKeeperEnsemble the way a test does and prints three figures (milliseconds): from this JVM's
 * launch until the first ensemble is proven ready (what `zkorch up --wait` is compared with: both whole processes
 * from a cold JVM), start() of that first ensemble alone (it includes Testcontainers finding the engine), and
 * start() of a second ensemble in the same JVM (what each further test class pays).
 */
public final class EnsembleBoot {
  public static void main(String[] args) {
    long launched = ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli();
    long t0 = System.nanoTime();
    ZooKeeperEnsemble first = new ZooKeeperEnsemble(3).withName("bench-api-1");
    first.start();
    long firstMs = (System.nanoTime() - t0) / 1_000_000;
    long sinceLaunch = System.currentTimeMillis() - launched;
    first.stop();
    long t1 = System.nanoTime();
    ZooKeeperEnsemble second = new ZooKeeperEnsemble(3).withName("bench-api-2");
    second.start();
    long secondMs = (System.nanoTime() - t1) / 1_000_000;
    second.stop();
    System.out.println("launch-to-ready " + sinceLaunch + " first-start " + firstMs + " second-start " + secondMs);
  }
}
