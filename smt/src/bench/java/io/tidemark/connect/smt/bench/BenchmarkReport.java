package io.tidemark.connect.smt.bench;

import io.tidemark.stack.bench.BenchResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link ChainBenchmark} and reports each contender's per-record cost against Debezium's
 * ExtractNewRecordState measured in the same run, as a table on stdout and in {@code
 * <out>/smt-benchmark.md}. Reports; never fails on timings.
 *
 * <p>The target is checked on CPU time per record ({@link CpuTimeProfiler}): on a shared machine
 * wall-clock time also counts the time spent waiting for a core, which swings with other processes'
 * load (the wall-clock median and mean ratios are printed too). Allocated bytes per record (JMH's
 * GC profiler) do not depend on machine load at all.
 *
 * <p>Arguments: output folder, forks, warm-up iterations (1 s), measurement iterations (500 ms).
 */
public final class BenchmarkReport {

  static final double TARGET = 1.2;

  /** A table row: benchmark method, what it runs, and the method it is compared with (or null). */
  private record Line(String method, String what, String baseline) {}

  private static final Line[] LINES = {
    new Line("extractNewRecordState", "(a) Debezium ExtractNewRecordState (delete rewrite)", null),
    new Line("cdcUnwrap", "(b) CdcUnwrap (defaults: 7 metadata columns)", "extractNewRecordState"),
    new Line(
        "extractNewRecordStateAddFields",
        "(a') ExtractNewRecordState, add.fields=op,source.ts_ms,file,pos,row",
        null),
    new Line(
        "cdcUnwrapNormalizeTypes",
        "(c) CdcUnwrap + NormalizeTypes",
        "extractNewRecordStateAddFields"),
    new Line(
        "cdcUnwrapNormalizeTypesIdentifiers",
        "(d) CdcUnwrap + NormalizeTypes + NormalizeIdentifiers (info)",
        "extractNewRecordStateAddFields"),
  };

  private BenchmarkReport() {}

  public static void main(String[] args) throws RunnerException, IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "target/bench");
    int forks = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int warmups = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    int iterations = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    Options options =
        new OptionsBuilder()
            .include(ChainBenchmark.class.getName() + "\\.")
            .forks(forks)
            .warmupIterations(warmups)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(iterations)
            .measurementTime(TimeValue.milliseconds(500))
            .addProfiler(GCProfiler.class)
            .addProfiler(CpuTimeProfiler.class)
            .jvmArgsAppend("-Xms1g", "-Xmx1g")
            .shouldFailOnError(true)
            .build();
    Collection<RunResult> results = new Runner(options).run();

    Map<String, RunResult> scores = new LinkedHashMap<>();
    for (RunResult r : results) {
      String benchmark = r.getParams().getBenchmark();
      scores.put(benchmark.substring(benchmark.lastIndexOf('.') + 1), r);
    }
    String report = render(scores, forks, warmups, iterations);
    System.out.println();
    System.out.println(report);
    Files.createDirectories(out);
    Files.writeString(out.resolve("smt-benchmark.md"), report);
    System.out.println("Written to " + out.resolve("smt-benchmark.md"));
    System.out.println("Written to " + result(scores, forks, warmups, iterations).writeTo(out));
  }

  /** The same comparison for ./bench (BENCHMARKS.md): CPU time per record against the baseline. */
  static BenchResult result(Map<String, RunResult> scores, int forks, int warmups, int iterations) {
    BenchResult result =
        new BenchResult(
                "smt",
                "Per-record cost of the SMT chain against Debezium's ExtractNewRecordState"
                    + " on the same Debezium MySQL events (JMH, source side).")
            .setting("forks", forks)
            .setting("warm-up", warmups + " x 1 s")
            .setting("measurement", iterations + " x 500 ms")
            .setting("events per batch", ChainBenchmark.BATCH)
            .setting("JDK", System.getProperty("java.version"));
    for (Line line : LINES) {
      RunResult r = scores.get(line.method());
      RunResult base = line.baseline() == null ? null : scores.get(line.baseline());
      if (r == null || base == null) {
        continue;
      }
      double cpu = secondary(r, "cpu.time.norm");
      double baseCpu = secondary(base, "cpu.time.norm");
      boolean informational = line.what().endsWith("(info)");
      String baseline =
          Arrays.stream(LINES)
              .filter(l -> l.method().equals(line.baseline()))
              .findFirst()
              .orElseThrow()
              .what();
      result.line(
          BenchResult.Line.compared(
              line.what(),
              "CPU ns/record",
              String.format(Locale.ROOT, "%.0f", cpu),
              baseline,
              String.format(Locale.ROOT, "%.0f", baseCpu),
              String.format(Locale.ROOT, "%.2fx", cpu / baseCpu),
              informational ? "" : String.format(Locale.ROOT, "<= %.1fx", TARGET),
              informational ? null : cpu / baseCpu <= TARGET));
    }
    return result.note(
        "Checked on CPU time of the benchmark thread, robust to other load; wall-clock times and allocated"
            + " bytes per record are in the bench's own report.");
  }

  static String render(Map<String, RunResult> scores, int forks, int warmups, int iterations) {
    StringBuilder b = new StringBuilder();
    b.append("# SMT chain benchmark\n\n");
    b.append(
        String.format(
            Locale.ROOT,
            "%s, JDK %s, %d CPUs (load average %.1f at the end); JMH average time, "
                + "%d forks x %d x 500 ms (after %d x 1 s warm-up), batches of %d Debezium MySQL events "
                + "(14/16 u, 1/16 c, 1/16 d), source side.%n%n",
            Instant.now().truncatedTo(ChronoUnit.SECONDS),
            System.getProperty("java.version"),
            Runtime.getRuntime().availableProcessors(),
            java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage(),
            forks,
            iterations,
            warmups,
            ChainBenchmark.BATCH));
    b.append(
        "| Transforms | CPU ns/record | wall ns/record median | wall mean ± 99.9% | B/record | vs "
            + "| Ratio CPU | Ratio wall median | Ratio wall mean | Target <= 1.2x (CPU) |\n");
    b.append("|---|---:|---:|---:|---:|---|---:|---:|---:|---|\n");
    for (Line line : LINES) {
      RunResult r = scores.get(line.method());
      if (r == null) {
        continue;
      }
      Result<?> primary = r.getPrimaryResult();
      b.append("| ")
          .append(line.what())
          .append(" | ")
          .append(
              String.format(
                  Locale.ROOT,
                  "%.0f | %.0f | %.0f ± %.0f | %.0f | ",
                  secondary(r, "cpu.time.norm"),
                  median(r),
                  primary.getScore(),
                  primary.getScoreError(),
                  secondary(r, "gc.alloc.rate.norm")));
      RunResult base = line.baseline() == null ? null : scores.get(line.baseline());
      if (base == null) {
        b.append("baseline | | | | |\n");
        continue;
      }
      double cpuRatio = secondary(r, "cpu.time.norm") / secondary(base, "cpu.time.norm");
      double medianRatio = median(r) / median(base);
      double meanRatio = primary.getScore() / base.getPrimaryResult().getScore();
      String label = line.baseline().equals("extractNewRecordState") ? "(a)" : "(a')";
      boolean informational = line.what().endsWith("(info)");
      b.append(label)
          .append(" | ")
          .append(
              String.format(Locale.ROOT, "%.2fx | %.2fx | %.2fx", cpuRatio, medianRatio, meanRatio))
          .append(" | ")
          .append(informational ? "—" : cpuRatio <= TARGET ? "met" : "MISSED")
          .append(" |\n");
    }
    return b.toString();
  }

  private static double median(RunResult r) {
    return r.getPrimaryResult().getStatistics().getPercentile(50);
  }

  private static double secondary(RunResult r, String name) {
    Result<?> result = r.getSecondaryResults().get(name);
    return result == null ? Double.NaN : result.getScore();
  }
}
