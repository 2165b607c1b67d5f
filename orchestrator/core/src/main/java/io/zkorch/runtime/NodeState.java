package io.zkorch.runtime;

import java.util.Locale;

/** Where a node is in its life, as Docker names container states (the local provider uses the same words). */
public enum NodeState {
  CREATED,
  RUNNING,
  PAUSED,
  RESTARTING,
  REMOVING,
  EXITED,
  DEAD,
  /** A state zkorch does not know. */
  UNKNOWN;

  /** The state an engine reports, such as "running"; UNKNOWN for anything else. */
  public static NodeState of(String state) {
    if (state != null) {
      for (NodeState s : values()) {
        if (s.toString().equals(state.strip().toLowerCase(Locale.ROOT))) {
          return s;
        }
      }
    }
    return UNKNOWN;
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
