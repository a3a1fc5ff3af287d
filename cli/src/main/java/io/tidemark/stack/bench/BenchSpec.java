package io.tidemark.stack.bench;

import java.util.List;

/**
 * One of the project's benchmarks as {@code ./bench} runs it: its one-command script, the Maven
 * options of a quick (smoke) run, and where it writes its {@link BenchResult} and its own report
 * (paths relative to the repository root).
 */
public record BenchSpec(
    String name, String script, List<String> quickOptions, String resultFile, String reportFile) {

  /** Every benchmark of the project, in pipeline order. Full runs use each script's defaults. */
  public static final List<BenchSpec> ALL =
      List.of(
          new BenchSpec(
              "smt",
              "smt/bench.sh",
              List.of("-Dbench.forks=1", "-Dbench.warmup.iterations=1", "-Dbench.iterations=2"),
              "smt/target/bench/smt" + BenchResult.FILE_SUFFIX,
              "smt/target/bench/smt-benchmark.md"),
          new BenchSpec(
              "s3-sink",
              "connector-s3-sink/bench.sh",
              List.of(
                  "-Dbench.records=20000",
                  "-Dbench.rounds=1",
                  "-Dbench.heap.records=20000",
                  "-Dbench.partitions=100"),
              "connector-s3-sink/target/bench/s3-sink" + BenchResult.FILE_SUFFIX,
              "connector-s3-sink/target/bench/s3-sink-benchmark.md"),
          new BenchSpec(
              "redshift-sink",
              "connector-redshift-sink/bench.sh",
              List.of("-Dtidemark.bench.changes=10000"),
              "connector-redshift-sink/target/bench/redshift-sink" + BenchResult.FILE_SUFFIX,
              "connector-redshift-sink/target/bench-report.txt"),
          new BenchSpec(
              "athena-merge",
              "athena-merge/bench.sh",
              List.of("-Dbench.batches=3", "-Dbench.changes=1000"),
              "athena-merge/target/bench/athena-merge" + BenchResult.FILE_SUFFIX,
              "athena-merge/target/bench/merge-cost.md"),
          new BenchSpec(
              "freshness",
              "e2e/bench.sh",
              List.of("-Dbench.freshness.changes=20"),
              "e2e/target/bench/freshness" + BenchResult.FILE_SUFFIX,
              "e2e/target/bench/freshness.md"));

  /** The spec of a name, or a clear error listing the known names. */
  public static BenchSpec named(String name) {
    return ALL.stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no benchmark named '"
                        + name
                        + "'; known: "
                        + String.join(", ", ALL.stream().map(BenchSpec::name).toList())));
  }
}
