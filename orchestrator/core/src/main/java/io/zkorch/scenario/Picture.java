package io.zkorch.scenario;

import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * A picture a kind wants in the HTML report; the report draws it (and shades the run's faults) without knowing the
 * kind.
 */
public sealed interface Picture {

  /** How an interval is marked: as usual, a violation a check named, a write fencing rejected, a write in doubt. */
  enum Mark { NORMAL, VIOLATION, REJECTED, IN_DOUBT }

  /**
   * Intervals per worker over time.
   *
   * @param caption what it shows
   * @param intervals records with {@code start} and {@code end} (microseconds) and a worker
   * @param marks the intervals drawn other than as usual
   */
  record Timeline(String caption, List<Record> intervals, Map<Record, Mark> marks) implements Picture {}

  /**
   * A distribution.
   *
   * @param caption what it shows, with its unit
   * @param samples the records
   * @param value each record's value
   */
  record Histogram(String caption, List<Record> samples, ToDoubleFunction<Record> value) implements Picture {}
}
