package io.tidemark.e2e;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;

/** Latencies in seconds with nearest-rank percentiles, as a freshness report shows them. */
record Latencies(double[] sorted) {

  static Latencies of(Collection<Double> seconds) {
    double[] values = seconds.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(values);
    return new Latencies(values);
  }

  int count() {
    return sorted.length;
  }

  /**
   * The nearest-rank percentile: the smallest value at or below which {@code percent}% of the
   * values lie.
   */
  double percentile(double percent) {
    if (sorted.length == 0) {
      throw new IllegalStateException("no latencies measured");
    }
    int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  double max() {
    return percentile(100);
  }

  /** "p50 1.2 / p95 3.4 / max 5.6" (seconds), or "none" when nothing was measured. */
  String summary() {
    return sorted.length == 0
        ? "none"
        : String.format(
            Locale.ROOT, "p50 %.1f / p95 %.1f / max %.1f", percentile(50), percentile(95), max());
  }
}
