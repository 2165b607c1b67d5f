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
  ONE_EPOCH("one epoch", "Checking that all members share one epoch"),
  // a secure ensemble's checks (SecurityChecks), after the quorum's: each proves a protection is on by being refused
  PLAINTEXT_REFUSED("plaintext refused", "Checking that a plaintext client is refused"),
  UNTRUSTED_REFUSED("untrusted refused", "Checking that a client without a trusted certificate is refused"),
  WRONG_PASSWORD_REFUSED("wrong password refused", "Checking that a wrong password and no login are refused"),
  ACL_ENFORCED("ACLs enforced", "Checking that the ACLs let in who they grant and no one else");

  /** Whether it is one of a secure ensemble's checks. */
  public boolean security() {
    return ordinal() > ONE_EPOCH.ordinal();
  }

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
