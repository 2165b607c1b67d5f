package io.zkorch.spec;

import java.util.List;
import java.util.Map;

/**
 * The ensemble: how many members, which ZooKeeper, and its zoo.cfg settings.
 *
 * @param version ZooKeeper version whose jars the member image runs
 * @param image an existing image that follows the official {@code zookeeper} image's environment contract; when set,
 *     zkorch does not build a member image
 * @param members voting members (1, 3, 5 or 7)
 * @param observers non-voting members added after the voters
 * @param tickTime zoo.cfg tickTime in milliseconds
 * @param initLimit zoo.cfg initLimit in ticks
 * @param syncLimit zoo.cfg syncLimit in ticks
 * @param heap the member JVM's heap, such as {@code 256m}
 * @param fourLetterWords the 4lw commands a member answers
 * @param storage where members keep their data
 * @param clientPort how client ports are published on the host
 * @param config extra zoo.cfg entries
 * @param profile a set of timing defaults: {@code default} (ZooKeeper's), or {@code fast-failover} (short ticks,
 *     sessions and connection timeouts, so that an ensemble elects a new leader and clients notice within about a
 *     second)
 * @param security TLS, SASL and ACLs ({@link SecuritySpec#NONE} when left out)
 */
public record ZooKeeperSpec(
    String version,
    String image,
    Integer members,
    Integer observers,
    Integer tickTime,
    Integer initLimit,
    Integer syncLimit,
    String heap,
    List<String> fourLetterWords,
    Storage storage,
    ClientPortSpec clientPort,
    Map<String, String> config,
    Profile profile,
    SecuritySpec security) {

  public ZooKeeperSpec {
    security = security == null ? SecuritySpec.NONE : security;
  }

  /** An ensemble without TLS, SASL or ACLs. */
  public ZooKeeperSpec(String version, String image, Integer members, Integer observers, Integer tickTime,
      Integer initLimit, Integer syncLimit, String heap, List<String> fourLetterWords, Storage storage,
      ClientPortSpec clientPort, Map<String, String> config, Profile profile) {
    this(version, image, members, observers, tickTime, initLimit, syncLimit, heap, fourLetterWords, storage,
        clientPort, config, profile, SecuritySpec.NONE);
  }

  /** This spec with other client ports. */
  public ZooKeeperSpec withClientPort(ClientPortSpec port) {
    return new ZooKeeperSpec(version, image, members, observers, tickTime, initLimit, syncLimit, heap,
        fourLetterWords, storage, port, config, profile, security);
  }

  /** This spec with other security. */
  public ZooKeeperSpec withSecurity(SecuritySpec sec) {
    return new ZooKeeperSpec(version, image, members, observers, tickTime, initLimit, syncLimit, heap,
        fourLetterWords, storage, clientPort, config, profile, sec);
  }

  /** Where a member keeps its data directory. */
  public enum Storage {
    /** A named Docker volume per member, kept by {@code down} unless asked to remove volumes. */
    VOLUME,
    /** A tmpfs mount: fast, gone when the container stops. */
    TMPFS
  }

  /** Timing defaults; explicit tickTime, initLimit and syncLimit still win. */
  public enum Profile {
    /** ZooKeeper's own: tickTime 2000 ms, clients ask for 15 s sessions. */
    DEFAULT(2000, 5, 2, 15_000, 5_000, ""),
    /**
     * tickTime 200 ms (a follower that hears nothing from its leader for syncLimit × tick = 1 s gives up), 0.5 s
     * quorum connection timeout, 50 ms election finalize wait; clients ask for 2 s sessions.
     */
    FAST_FAILOVER(200, 10, 5, 2_000, 1_000,
        "-Dzookeeper.cnxTimeout=500 -Dzookeeper.fastleader.minNotificationInterval=50");

    public final int tickTime;
    public final int initLimit;
    public final int syncLimit;
    public final int sessionTimeoutMs;
    public final int connectionTimeoutMs;
    /** System properties for the member JVMs. */
    public final String jvmFlags;

    Profile(int tickTime, int initLimit, int syncLimit, int sessionTimeoutMs, int connectionTimeoutMs,
        String jvmFlags) {
      this.tickTime = tickTime;
      this.initLimit = initLimit;
      this.syncLimit = syncLimit;
      this.sessionTimeoutMs = sessionTimeoutMs;
      this.connectionTimeoutMs = connectionTimeoutMs;
      this.jvmFlags = jvmFlags;
    }

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /** The session timeout clients ask for: the profile's, within what the server grants (2 to 20 ticks). */
  public int sessionTimeoutMs() {
    return Math.max(2 * tickTime, Math.min(20 * tickTime, profile.sessionTimeoutMs));
  }

  /** Voting members plus observers. */
  public int size() {
    return members + observers;
  }
}
