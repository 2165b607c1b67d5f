package io.zkorch.testcontainers;

import io.zkorch.health.FourLetterWords;
import io.zkorch.health.Srvr;
import io.zkorch.spec.Durations;
import io.zkorch.topology.Topology;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.containers.wait.strategy.WaitStrategy;

/**
 * A {@link WaitStrategy} for any container running ZooKeeper: ready means the server says, in answer to
 * {@code srvr}, that it serves clients in one of the expected modes — a member of a quorum (leader, follower,
 * observer) or a standalone server — not merely that its port is open. (A member of an ensemble without a quorum
 * listens on its client port and answers "not currently serving requests"; a port check calls it ready.)
 *
 * <pre>{@code
 * new GenericContainer<>("zookeeper:3.9").withExposedPorts(2181).waitingFor(ZooKeeperWait.forQuorum());
 * }</pre>
 *
 * Every ZooKeeper server answers {@code srvr}, whatever its four-letter-word whitelist (ZooKeeper whitelists it
 * itself, for its own tools). On timeout the message names the container, says what {@code srvr} last answered and shows the
 * container's last log lines.
 */
public final class ZooKeeperWait extends AbstractWaitStrategy {

  static final Set<String> SERVING_MODES = Set.of("leader", "follower", "observer", "standalone");
  private static final int LOG_LINES = 25;

  private int port = Topology.CLIENT_PORT;
  private Set<String> modes = SERVING_MODES;
  private long pollMillis = 50;

  private ZooKeeperWait() {}

  /** Ready when the server serves clients as leader, follower, observer or standalone server. */
  public static ZooKeeperWait forQuorum() {
    return new ZooKeeperWait();
  }

  /** The container's client port, when not 2181 (it must be exposed). */
  public ZooKeeperWait withPort(int containerPort) {
    if (containerPort < 1 || containerPort > 65535) {
      throw new IllegalArgumentException("withPort: " + containerPort + " is not a port; use 1 to 65535");
    }
    this.port = containerPort;
    return this;
  }

  /** Only these modes count as ready, such as {@code "leader"}; the default accepts any serving mode. */
  public ZooKeeperWait withModes(String... accepted) {
    Set<String> wanted = new TreeSet<>(Arrays.asList(accepted));
    if (wanted.isEmpty() || !SERVING_MODES.containsAll(wanted)) {
      throw new IllegalArgumentException("withModes: " + wanted + " must be some of " + new TreeSet<>(SERVING_MODES));
    }
    this.modes = Set.copyOf(wanted);
    return this;
  }

  /** How often to ask (default 50 ms). */
  public ZooKeeperWait withPollInterval(java.time.Duration interval) {
    this.pollMillis = Math.max(1, interval.toMillis());
    return this;
  }

  @Override
  protected void waitUntilReady() {
    String name = waitStrategyTarget.getContainerInfo() == null ? waitStrategyTarget.getContainerId()
        : waitStrategyTarget.getContainerInfo().getName().replaceFirst("^/", "");
    String host = waitStrategyTarget.getHost();
    int mapped = waitStrategyTarget.getMappedPort(port);
    long deadline = System.nanoTime() + startupTimeout.toNanos();
    long nextLivenessCheck = System.nanoTime();
    String seen = "nothing yet";
    while (System.nanoTime() < deadline) {
      try {
        Srvr srvr = Srvr.parse(FourLetterWords.send(host, mapped, "srvr", 1000));
        if (srvr.serving() && modes.contains(srvr.mode().id())) {
          return;
        }
        seen = srvr.serving() ? "serving in mode " + srvr.mode() : "not currently serving requests";
      } catch (IOException e) {
        seen = "no answer (" + e.getClass().getSimpleName().replace("Exception", "")
            + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
      }
      if (System.nanoTime() >= nextLivenessCheck) {
        if (!waitStrategyTarget.isRunning()) {
          throw new ContainerLaunchException(name + " stopped before it served as ZooKeeper; its last log lines:\n"
              + tail(LOG_LINES));
        }
        nextLivenessCheck = System.nanoTime() + 1_000_000_000L;
      }
      sleep(pollMillis);
    }
    throw new ContainerLaunchException(name + " did not serve as " + describe(modes) + " within "
        + Durations.format(startupTimeout) + " (srvr on port " + port + " last said: " + seen + "); its last log lines:\n"
        + tail(LOG_LINES));
  }

  /** "leader, follower, observer or standalone", in that order. */
  static String describe(Set<String> modes) {
    List<String> ordered = ORDER.stream().filter(modes::contains).toList();
    if (ordered.size() == 1) {
      return ordered.get(0);
    }
    return String.join(", ", ordered.subList(0, ordered.size() - 1)) + " or " + ordered.get(ordered.size() - 1);
  }

  private static final List<String> ORDER = List.of("leader", "follower", "observer", "standalone");

  private String tail(int lines) {
    try {
      List<String> all = waitStrategyTarget.getLogs().lines().toList();
      if (all.isEmpty()) {
        return "(none yet)";
      }
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (RuntimeException e) {
      return "(its logs could not be read: " + e.getMessage() + ")";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ContainerLaunchException("Interrupted while waiting for ZooKeeper to serve.");
    }
  }
}
