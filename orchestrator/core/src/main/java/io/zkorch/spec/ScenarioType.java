package io.zkorch.spec;

import java.util.Map;

/**
 * What the cluster file knows of a scenario kind: its name, how many workers it takes, and its parameters with
 * their defaults. Each kind ({@code io.zkorch.scenario.lock.LockKind}, …) implements this as part of its {@code
 * ScenarioKind} and is found by {@link ScenarioTypes}; the spec never names a kind itself.
 */
public interface ScenarioType {

  /** The kind's name in cluster files and on the command line: lock, config, … */
  String id();

  /** Workers when the file names none. */
  int defaultWorkers();

  /** The fewest workers that make a meaningful run. */
  default int minWorkers() {
    return 1;
  }

  /**
   * Parameters and their defaults ("true"/"false" for flags, a word of {@link #choices()} for choices, whole numbers
   * otherwise). Every kind also takes perContainer (default 8).
   */
  Map<String, String> params();

  /** The parameters that are one of a few words, and those words (the register's reads: sync or plain). */
  default Map<String, java.util.List<String>> choices() {
    return Map.of();
  }

  /** Whether holder faults (kill-holder, pause-holder) mean something here: there is a lock holder to hit. */
  default boolean hasHolder() {
    return false;
  }
}
