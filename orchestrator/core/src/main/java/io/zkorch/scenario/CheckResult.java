package io.zkorch.scenario;

/**
 * One check of a scenario run.
 *
 * @param name what was checked, such as "no overlapping holders"
 * @param passed whether it held
 * @param detail the evidence: what was expected and what was seen, naming workers, tokens and zxids
 * @param warning a finding that does not fail the run but must be seen, such as a stale lock holder that fencing
 *     stopped
 */
public record CheckResult(String name, boolean passed, String detail, boolean warning) {

  public static CheckResult pass(String name, String detail) {
    return new CheckResult(name, true, detail, false);
  }

  public static CheckResult fail(String name, String detail) {
    return new CheckResult(name, false, detail, false);
  }

  /** Holds, with something the reader must know. */
  public static CheckResult warn(String name, String detail) {
    return new CheckResult(name, true, detail, true);
  }
}
