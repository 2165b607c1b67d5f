package io.zkorch.health;

/**
 * One health check's outcome.
 *
 * @param kind the check, such as {@link QuorumCheck#ONE_LEADER}
 * @param ok whether it passed
 * @param member the member it failed on, or null
 * @param detail what was expected and what was seen
 */
public record Check(QuorumCheck kind, boolean ok, String member, String detail) {

  public Check {
    java.util.Objects.requireNonNull(kind, "kind");
  }

  /** The check's label, such as "one leader". */
  public String name() {
    return kind.label();
  }

  static Check pass(QuorumCheck kind, String detail) {
    return new Check(kind, true, null, detail);
  }

  static Check fail(QuorumCheck kind, String member, String detail) {
    return new Check(kind, false, member, detail);
  }
}
