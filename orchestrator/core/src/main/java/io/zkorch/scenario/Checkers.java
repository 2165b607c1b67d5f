package io.zkorch.scenario;

import java.util.List;
import java.util.Map;

/**
 * What every kind's checker shares: its outcome type and the helpers for readable details. The checkers themselves
 * (pure functions from a {@link History} to checks and figures) live with their kinds; order always comes from
 * zxids and sequence numbers that ZooKeeper assigned, wall-clock times only in figures and pictures.
 */
public final class Checkers {

  private Checkers() {}

  /** Checks and figures of one run. */
  public record Outcome(List<CheckResult> checks, Map<String, Object> figures) {
    public boolean passed() {
      return checks.stream().allMatch(CheckResult::passed);
    }
  }

  /** A zxid as ZooKeeper prints it. */
  public static String hex(long zxid) {
    return "0x" + Long.toHexString(zxid);
  }

  /** The first eight items, and how many more. */
  public static String abbreviate(List<?> items) {
    if (items.size() <= 8) {
      return items.toString();
    }
    return items.subList(0, 8) + " and " + (items.size() - 8) + " more";
  }
}
