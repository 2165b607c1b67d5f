package io.zkorch.scenario;

import java.util.Arrays;
import java.util.Collection;

/** Percentiles and fairness, for figures. */
public final class Stats {

  private Stats() {}

  /** The q-th percentile (0..100) by nearest rank; NaN for no values. */
  public static double percentile(Collection<? extends Number> values, double q) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double[] sorted = values.stream().mapToDouble(Number::doubleValue).sorted().toArray();
    int rank = (int) Math.ceil(q / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  public static double max(Collection<? extends Number> values) {
    return values.stream().mapToDouble(Number::doubleValue).max().orElse(Double.NaN);
  }

  /** Jain's fairness index: 1.0 when every worker got the same share, 1/n when one got everything. */
  public static double jain(long... shares) {
    double sum = Arrays.stream(shares).sum();
    double squares = Arrays.stream(shares).mapToDouble(s -> (double) s * s).sum();
    return squares == 0 ? 1.0 : sum * sum / (shares.length * squares);
  }

  public static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}
