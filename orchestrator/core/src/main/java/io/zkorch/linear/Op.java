package io.zkorch.linear;

import java.util.Objects;

/**
 * One operation of a register history: invoked by {@code process} at {@code call}, completed at {@code ret}
 * ({@link Long#MAX_VALUE} when its outcome is unknown, Jepsen's {@code info}: it may have taken effect at any time
 * after its call, or never).
 *
 * @param id its index in the history (stable across the checker's partitions)
 * @param process who invoked it
 * @param key the register it works on ({@code null}: the one register of a history without keys)
 * @param f read, write or cas
 * @param value read: the value read (null: the register was empty); write: the value written; cas: the new value
 * @param expected cas only: the value it expected
 * @param call when it was invoked (any monotonic unit; the history's order when times are equal)
 * @param ret when it completed
 * @param outcome ok, or info (a failed operation did not happen and is left out of the history)
 */
public record Op(int id, String process, String key, F f, String value, String expected, long call, long ret,
    Outcome outcome) {

  /** What an operation does. */
  public enum F {
    READ, WRITE, CAS;

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** How an operation ended: ok, or info (in doubt). */
  public enum Outcome {
    OK, INFO
  }

  public Op {
    Objects.requireNonNull(process, "process");
    Objects.requireNonNull(f, "f");
    Objects.requireNonNull(outcome, "outcome");
    if (ret < call) {
      throw new IllegalArgumentException("op " + id + " completes before it is invoked");
    }
  }

  public boolean inDoubt() {
    return outcome == Outcome.INFO;
  }

  /** How the report shows it: {@code p3 cas 1→2 ok}. */
  public String describe() {
    String what = switch (f) {
      case READ -> "read " + (inDoubt() ? "?" : show(value));
      case WRITE -> "write " + show(value);
      case CAS -> "cas " + show(expected) + "→" + show(value);
    };
    return process + " " + what + (inDoubt() ? " (info)" : "") + (key == null ? "" : " [" + key + "]");
  }

  static String show(String v) {
    return v == null ? "nil" : v;
  }
}
