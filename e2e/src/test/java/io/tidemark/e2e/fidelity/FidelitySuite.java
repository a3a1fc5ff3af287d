package io.tidemark.e2e.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.e2e.fidelity.FidelityHarness.Result;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.junit.LocalStackExtension;
import io.tidemark.stack.kit.FidelityMatrix;
import io.tidemark.stack.kit.FidelityMatrix.Sink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole type-fidelity matrix ({@link FidelityMatrix#columns()}) through the same harness as
 * {@code FidelityIT}: real Debezium on MariaDB and the shipped {@code local/} configs into the S3
 * sink (JSONL, CSV, Parquet, Avro) and the Redshift sink, every cell compared with MariaDB's own
 * value. The sinks run with {@code errors.tolerance=all} so one bad cell shows as missing instead
 * of stopping the others. Not in {@code ./mvnw verify}: {@code e2e/fidelity.sh}. Writes {@code
 * e2e/target/fidelity/summary.md}; fails listing every cell that differs.
 */
@ExtendWith(LocalStackExtension.class)
class FidelitySuite {
  private static final Set<Sink> SINKS = EnumSet.allOf(Sink.class);

  @Test
  void everyCellArrivesExactlyInEverySink(LocalStack stack) throws Exception {
    FidelityHarness harness =
        new FidelityHarness(
            stack,
            new FidelityHarness.Options(
                "full",
                5732,
                FidelityMatrix.columns(),
                SINKS,
                FidelityMatrix.columns().get(0).id(),
                "all",
                Duration.ofSeconds(Long.getLong("fidelity.drain.seconds", 300))));
    long begin = System.nanoTime();
    List<Result> results = harness.run();
    long passed = results.stream().filter(Result::passed).count();
    StringBuilder summary = new StringBuilder("# Type fidelity: the full matrix\n\n");
    summary.append(
        String.format(
            "%d columns, %d values, %d sinks: %d of %d cell comparisons equal, in %.0f s.%n%n",
            FidelityMatrix.columns().size(),
            FidelityMatrix.cells(),
            SINKS.size(),
            passed,
            results.size(),
            (System.nanoTime() - begin) / 1e9));
    harness
        .failures()
        .forEach(
            (s, f) ->
                summary.append("- ").append(s.label()).append(" FAILED: ").append(f).append('\n'));
    summary.append('\n').append(FidelityHarness.table(results, SINKS)).append('\n');
    summary.append("## Differences\n\n");
    results.stream()
        .filter(r -> !r.passed())
        .forEach(
            r ->
                summary
                    .append("- ")
                    .append(r.sink().label())
                    .append(" `")
                    .append(r.cell())
                    .append("`: ")
                    .append(r.problem())
                    .append('\n'));
    Path out = Path.of("target/fidelity/summary.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, summary, StandardCharsets.UTF_8);
    System.out.println(summary);
    assertThat(results.stream().filter(r -> !r.passed()).map(r -> r.sink() + " " + r.cell()))
        .as("cells that differ (details in %s)", out.toAbsolutePath())
        .isEmpty();
  }
}
