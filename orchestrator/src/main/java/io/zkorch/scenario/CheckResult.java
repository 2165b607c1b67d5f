package io.zkorch.scenario;

/**
 * One check of a scenario run.
 *
 * @param name what was checked, such as "no overlapping holders"
 * @param passed whether it held
 * @param detail the evidence: what was expected and what was seen, naming workers, tokens and zxids
 */
public record CheckResult(String name, boolean passed, String detail) {

  public static CheckResult pass(String name, String detail) {
    return new CheckResult(name, true, detail);
  }

  public static CheckResult fail(String name, String detail) {
    return new CheckResult(name, false, detail);
  }
}
