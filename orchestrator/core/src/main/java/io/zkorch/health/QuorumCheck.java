package io.zkorch.health;

/**
 * The checks of a quorum verdict, in the order they run: each names itself in a verdict ({@link #label()}) and says
 * what a running wait is doing while it does not pass yet ({@link #waiting()}).
 */
public enum QuorumCheck {
  ANSWER("members answer", "Waiting for members to answer srvr"),
  SERVING("members serving", "Waiting for members to serve"),
  MODES("modes", "Checking member modes"),
  ONE_LEADER("one leader", "Checking for exactly one leader"),
  FOLLOWERS_SYNCED("followers synced", "Waiting for followers to sync with the leader"),
  ROUND_TRIP("client round trip", "Client round trip (create, read, delete)"),
  ONE_EPOCH("one epoch", "Checking that all members share one epoch");

  private final String label;
  private final String waiting;

  QuorumCheck(String label, String waiting) {
    this.label = label;
    this.waiting = waiting;
  }

  /** How a verdict names it: "one leader". */
  public String label() {
    return label;
  }

  /** What a wait shows while it does not pass: "Checking for exactly one leader". */
  public String waiting() {
    return waiting;
  }
}
