package io.zkorch.health;

/**
 * One health check's outcome.
 *
 * @param name the check, such as "one leader"
 * @param ok whether it passed
 * @param member the member it failed on, or null
 * @param detail what was expected and what was seen
 */
public record Check(String name, boolean ok, String member, String detail) {

  static Check pass(String name, String detail) {
    return new Check(name, true, null, detail);
  }

  static Check fail(String name, String member, String detail) {
    return new Check(name, false, member, detail);
  }
}
