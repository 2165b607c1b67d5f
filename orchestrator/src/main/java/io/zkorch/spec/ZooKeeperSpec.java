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
    Map<String, String> config) {

  /** Where a member keeps its data directory. */
  public enum Storage {
    /** A named Docker volume per member, kept by {@code down} unless asked to remove volumes. */
    VOLUME,
    /** A tmpfs mount: fast, gone when the container stops. */
    TMPFS
  }

  /** Voting members plus observers. */
  public int size() {
    return members + observers;
  }
}
