package io.zkorch.health;

import java.util.Locale;

/** What {@code srvr} says a member is: its {@code Mode:} line. */
public enum MemberMode {
  LEADER,
  FOLLOWER,
  OBSERVER,
  STANDALONE,
  /** No mode reported (not serving, or an answer zkorch does not know). */
  NONE;

  /** The mode as ZooKeeper prints it: leader, follower, observer, standalone ("" for none). */
  public String id() {
    return this == NONE ? "" : name().toLowerCase(Locale.ROOT);
  }

  /** The mode of a {@code Mode:} value; NONE for anything else. */
  public static MemberMode parse(String text) {
    for (MemberMode m : values()) {
      if (m != NONE && m.id().equals(text.strip())) {
        return m;
      }
    }
    return NONE;
  }

  /** Whether a member in this mode takes part in a quorum or serves alone. */
  public boolean serves() {
    return this != NONE;
  }

  @Override
  public String toString() {
    return id();
  }
}
