package io.zkorch.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One fault as a user names it: an action and a target, such as {@code kill-leader}, {@code pause-holder},
 * {@code partition-halves} or {@code delay-leader:200ms}.
 *
 * @param action what is done to the target
 * @param target who it is done to
 * @param named the node's name when {@code target} is {@link Target#NAMED} (zk2, lock-w3), else null
 * @param shape for link chaos, how much ({@code 200ms}, {@code 200ms~50ms}, {@code 20%}, {@code 1mbit}); else null
 */
public record Fault(Action action, Target target, String named, String shape) {

  public Fault(Action action, Target target, String named) {
    this(action, target, named, action.defaultShape);
  }

  /** What a fault does, and what undoes it. */
  public enum Action {
    /** SIGKILL; healed by starting it again (with its data). */
    KILL(null),
    /** Freeze every process; healed by unfreezing. Past the session timeout, its sessions expire. */
    PAUSE(null),
    /**
     * Cut off from the cluster's network (one node), or the members split into a shape (halves, bridge, ring) while
     * clients still reach every member; healed by reconnecting.
     */
    PARTITION(null),
    /**
     * Cut off from the other members only: its clients still reach it, so a member keeps answering them until it
     * notices it lost the quorum (and a client can read from it meanwhile). Healed by removing the rules.
     */
    ISOLATE(null),
    /** One-way loss: the target hears nothing from the other members, while what it sends still arrives. */
    ONEWAY(null),
    /** Clients (apps and workers) cannot reach the target member; the members still can. */
    HIDE(null),
    /** Link chaos: what the target sends is delayed ({@code 200ms}, or with jitter {@code 200ms~50ms}). */
    DELAY("200ms"),
    /** Link chaos: that share of what the target receives is lost ({@code 20%}). */
    LOSS("20%"),
    /** Link chaos: that share of what the target sends arrives twice ({@code 10%}). */
    DUPLICATE("10%"),
    /** Link chaos: what the target sends is held 10 ms, except that share, which overtakes it ({@code 25%}). */
    REORDER("25%"),
    /** Link chaos: what the target sends is limited to this rate ({@code 1mbit}, {@code 500kbit}). */
    RATE("1mbit");

    final String defaultShape;

    Action(String defaultShape) {
      this.defaultShape = defaultShape;
    }

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Whether it is link chaos (it has a shape, and it leaves the links up). */
    public boolean chaos() {
      return defaultShape != null;
    }

    /** Whether it needs the provider's partitioning role (network rules or network changes). */
    public boolean network() {
      return this != KILL && this != PAUSE;
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
    /** partition only: the voting members split into a minority and a majority (chosen by the run's seed). */
    HALVES,
    /** partition only: two halves that do not see each other, joined by one member that sees both. */
    BRIDGE,
    /** partition only: every member sees a majority, but no two see the same one (5 or more voters). */
    RING,
    /** One node by name. */
    NAMED;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Whether it is a shape of the whole ensemble rather than one node. */
    public boolean topology() {
      return this == HALVES || this == BRIDGE || this == RING;
    }

    /** Whether it is a scenario worker. */
    public boolean hitsWorkers() {
      return this == HOLDER || this == WORKER;
    }
  }

  /** Whether it hits a scenario worker (such faults need a container per worker). */
  public boolean hitsWorker() {
    return target.hitsWorkers();
  }

  /** The name it was given: kill-leader, partition-zk2, delay-leader:200ms. */
  public String id() {
    return action.id() + "-" + (target == Target.NAMED ? named : target.id()) + (shape == null ? "" : ":" + shape);
  }

  /** For link chaos on one link ({@code delay-zk1~zk2}): the two ends, from and to; else null. */
  public String[] link() {
    return target == Target.NAMED && named.contains("~") ? named.split("~") : null;
  }

  /** The link chaos this fault makes; only for {@link Action#chaos()} actions. */
  public LinkChaos chaos() {
    return LinkChaos.of(action, shape);
  }

  /** Every name a schedule accepts (chaos with its default shape), for messages and completion. */
  public static List<String> known() {
    List<String> known = new ArrayList<>();
    for (Action a : Action.values()) {
      for (Target t : Target.values()) {
        if (t != Target.NAMED && (t.topology() == (a == Action.PARTITION) || !t.topology())
            && !(a == Action.HIDE && t.hitsWorkers())) {
          known.add(new Fault(a, t, null).id());
        }
      }
    }
    return known;
  }

  private static final String ACCEPTED = "name one as ACTION-TARGET with ACTION kill, pause, partition, isolate,"
      + " oneway, hide, delay, loss, duplicate, reorder or rate and TARGET leader, follower, member, holder, worker"
      + " or a member such as zk2 (partition also halves, bridge or ring; chaos takes a shape after a colon, as in"
      + " delay-leader:200ms)";

  /**
   * Parses {@code ACTION-TARGET[:SHAPE]}.
   *
   * @throws IllegalArgumentException with a sentence naming what is wrong and what is accepted
   */
  public static Fault parse(String text) {
    String s = text.strip().toLowerCase(Locale.ROOT);
    String shape = null;
    int colon = s.indexOf(':');
    if (colon >= 0) {
      shape = s.substring(colon + 1);
      s = s.substring(0, colon);
    }
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
      throw new IllegalArgumentException("'" + text + "' is not a fault; " + ACCEPTED + ".");
    }
    if (shape != null && !action.chaos()) {
      throw new IllegalArgumentException("'" + text + "': only delay, loss, duplicate, reorder and rate take a shape"
          + " after the colon; write " + s + ".");
    }
    if (action.chaos()) {
      shape = shape == null || shape.isEmpty() ? action.defaultShape : shape;
      try {
        LinkChaos.of(action, shape);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("'" + text + "': " + e.getMessage());
      }
    }
    String rest = s.substring(dash + 1);
    for (Target t : Target.values()) {
      if (t != Target.NAMED && t.id().equals(rest)) {
        if (t.topology() && action != Action.PARTITION) {
          throw new IllegalArgumentException("'" + text + "': " + rest + " is a partition's shape; write partition-"
              + rest + ".");
        }
        if (action == Action.HIDE && t.hitsWorkers()) {
          throw new IllegalArgumentException("'" + text + "': hide hides a member from its clients; name a member"
              + " (leader, follower, member, zk2).");
        }
        return new Fault(action, t, null, shape);
      }
    }
    if (rest.contains("~")) {
      if (!action.chaos() || action == Action.RATE || !rest.matches("[a-z0-9][a-z0-9-]*~[a-z0-9][a-z0-9-]*")
          || rest.split("~")[0].equals(rest.split("~")[1])) {
        throw new IllegalArgumentException("'" + text + "': a link A~B (what A sends B) takes delay, loss,"
            + " duplicate or reorder between two different nodes, such as delay-zk1~zk2:200ms.");
      }
      return new Fault(action, Target.NAMED, rest, shape);
    }
    if (!rest.matches("[a-z0-9][a-z0-9-]*")) {
      throw new IllegalArgumentException("'" + text + "' names no target; use leader, follower, member, holder,"
          + " worker or a node such as zk2.");
    }
    return new Fault(action, Target.NAMED, rest, shape);
  }

  /**
   * How link chaos shapes a node's traffic, parsed from a fault's shape.
   *
   * @param delayMs added to what the target sends (0: none)
   * @param jitterMs each packet's delay varies by up to this much either way
   * @param lossPercent share of what it receives that is dropped
   * @param duplicatePercent share of what it sends that arrives twice
   * @param reorderPercent share of what it sends that goes at once while the rest is held {@code delayMs}
   * @param rate the rate its sending is limited to, in tc's units (1mbit), or null
   */
  public record LinkChaos(double delayMs, double jitterMs, double lossPercent, double duplicatePercent,
      double reorderPercent, String rate) {

    private static final Pattern DELAY = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s)(?:~(\\d+(?:\\.\\d+)?)(ms|s))?");
    private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)%");
    private static final Pattern RATE = Pattern.compile("\\d+(?:\\.\\d+)?(kbit|mbit|gbit)");
    /** How long reorder holds the packets that do not overtake. */
    public static final double REORDER_HOLD_MS = 10;

    static LinkChaos of(Action action, String shape) {
      switch (action) {
        case DELAY -> {
          Matcher m = DELAY.matcher(shape);
          if (!m.matches()) {
            throw new IllegalArgumentException("the delay '" + shape + "' is not a time; write 200ms, or 200ms~50ms"
                + " for jitter.");
          }
          double delay = millis(m.group(1), m.group(2));
          double jitter = m.group(3) == null ? 0 : millis(m.group(3), m.group(4));
          if (delay <= 0 || delay > 60_000 || jitter > delay) {
            throw new IllegalArgumentException("the delay '" + shape + "' must be above 0 and at most 60s, with"
                + " its jitter no larger than it.");
          }
          return new LinkChaos(delay, jitter, 0, 0, 0, null);
        }
        case LOSS, DUPLICATE, REORDER -> {
          Matcher m = PERCENT.matcher(shape);
          double p = m.matches() ? Double.parseDouble(m.group(1)) : -1;
          if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("the share '" + shape + "' is not a percentage above 0 and at most"
                + " 100; write 20%.");
          }
          return action == Action.LOSS ? new LinkChaos(0, 0, p, 0, 0, null)
              : action == Action.DUPLICATE ? new LinkChaos(0, 0, 0, p, 0, null)
              : new LinkChaos(REORDER_HOLD_MS, 0, 0, 0, p, null);
        }
        case RATE -> {
          if (!RATE.matcher(shape).matches()) {
            throw new IllegalArgumentException("the rate '" + shape + "' is not a rate; write 1mbit or 500kbit.");
          }
          return new LinkChaos(0, 0, 0, 0, 0, shape);
        }
        default -> throw new IllegalArgumentException(action.id() + " is not link chaos");
      }
    }

    private static double millis(String number, String unit) {
      return Double.parseDouble(number) * ("s".equals(unit) ? 1000 : 1);
    }
  }
}
