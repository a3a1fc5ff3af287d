package io.tidemark.stack.bench;

import java.util.Optional;

/**
 * What one benchmark run left behind: the command, its exit code and duration, the machine's load
 * average (1, 5, 15 min) just before and just after it, its {@link BenchResult} and its own
 * report's text when it wrote them, and where its output went.
 */
public record BenchOutcome(
    BenchSpec spec,
    String command,
    int exitCode,
    double seconds,
    String loadBefore,
    String loadAfter,
    Optional<BenchResult> result,
    Optional<String> report,
    String log) {

  /**
   * "FAILED" (no result, or an exit code other than 0 without a missed target), "MISSED" (a target
   * missed), "met" (every target met) or "no target" (it measured, nothing to meet).
   */
  public String verdict() {
    if (result.isEmpty()) {
      return "FAILED";
    }
    if (result.get().lines().stream().anyMatch(BenchResult.Line::missed)) {
      return "MISSED";
    }
    if (exitCode != 0) {
      return "FAILED";
    }
    return result.get().lines().stream().anyMatch(l -> !l.verdict().isEmpty())
        ? "met"
        : "no target";
  }
}
