package io.zkorch.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One fault as a user names it: an action and a target, such as {@code kill-leader}, {@code pause-holder} or
 * {@code partition-zk2}.
 *
 * @param action what is done to the target
 * @param target who it is done to
 * @param named the node's name when {@code target} is {@link Target#NAMED} (zk2, lock-w3), else null
 */
public record Fault(Action action, Target target, String named) {

  /** What a fault does, and what undoes it. */
  public enum Action {
    /** SIGKILL; healed by starting it again (with its data). */
    KILL,
    /** Freeze every process; healed by unfreezing. Past the session timeout, its sessions expire. */
    PAUSE,
    /** Cut off from the cluster's network; healed by reconnecting. A cut-off member loses the quorum. */
    PARTITION,
    /**
     * Cut off from the other members only: its clients still reach it, so a member keeps answering them until it
     * notices it lost the quorum (and a client can read from it meanwhile). Healed by removing the rules.
     */
    ISOLATE;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Who a fault hits, chosen when it is injected. */
  public enum Target {
    /** The member that leads now (asked with srvr). */
    LEADER,
    /** A member that follows now. */
    FOLLOWER,
    /** Any voting member. */
    MEMBER,
    /** The lock scenario's worker that holds the lock now (read from the lock's znodes). */
    HOLDER,
    /** Any worker of the running scenario. */
    WORKER,
    /** One node by name. */
    NAMED;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Whether it hits a scenario worker (such faults need a container per worker). */
  public boolean hitsWorker() {
    return target == Target.HOLDER || target == Target.WORKER;
  }

  /** The name it was given: kill-leader, partition-zk2. */
  public String id() {
    return action.id() + "-" + (target == Target.NAMED ? named : target.id());
  }

  /** Every name a schedule accepts, for messages and completion. */
  public static List<String> known() {
    List<String> known = new ArrayList<>();
    for (Action a : Action.values()) {
      for (Target t : Target.values()) {
        if (t != Target.NAMED) {
          known.add(a.id() + "-" + t.id());
        }
      }
    }
    return known;
  }

  /**
   * Parses {@code ACTION-TARGET}: kill|pause|partition, then leader|follower|member|holder|worker or a node name.
   *
   * @throws IllegalArgumentException with a sentence naming what is wrong and what is accepted
   */
  public static Fault parse(String text) {
    String s = text.strip().toLowerCase(Locale.ROOT);
    int dash = s.indexOf('-');
    Action action = null;
    if (dash > 0) {
      for (Action a : Action.values()) {
        if (a.id().equals(s.substring(0, dash))) {
          action = a;
        }
      }
    }
    if (action == null || dash == s.length() - 1) {
      throw new IllegalArgumentException("'" + text + "' is not a fault; name one as ACTION-TARGET with ACTION kill,"
          + " pause, partition or isolate and TARGET leader, follower, member, holder, worker or a member such as zk2"
          + " (for example kill-leader)");
    }
    String rest = s.substring(dash + 1);
    for (Target t : Target.values()) {
      if (t != Target.NAMED && t.id().equals(rest)) {
        return new Fault(action, t, null);
      }
    }
    if (!rest.matches("[a-z0-9][a-z0-9-]*")) {
      throw new IllegalArgumentException("'" + text + "' names no target; use leader, follower, member, holder,"
          + " worker or a node such as zk2");
    }
    return new Fault(action, Target.NAMED, rest);
  }
}
