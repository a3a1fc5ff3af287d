package io.tidemark.e2e.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.e2e.fidelity.FidelityHarness.Result;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.junit.LocalStackExtension;
import io.tidemark.stack.kit.FidelityMatrix;
import io.tidemark.stack.kit.FidelityMatrix.Column;
import io.tidemark.stack.kit.FidelityMatrix.Sink;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The quick subset of the type-fidelity matrix ({@link FidelityMatrix#quick()}: TIME at +-838 h,
 * BIGINT UNSIGNED at its maximum, DATETIME(6)/TIMESTAMP(6) microseconds, NULL vs DEFAULT on insert
 * and update) through real Debezium on MariaDB and the shipped {@code connect-configs/local/}
 * configs as rendered for users (errors.tolerance as shipped: none) into the S3 sink (JSONL, CSV,
 * Parquet, Avro) and the Redshift sink (copy path, the Data API stand-in), one of the tables with a
 * 64-character name. Every value compared with MariaDB's own, read back over JDBC. Then a VARCHAR
 * widened in MariaDB while everything runs, and a value only the wider column holds. Then a
 * TRUNCATE: no sink applies one, so every sink must stop with a message naming the table, never go
 * on silently. The whole matrix: {@code e2e/fidelity.sh}.
 */
@ExtendWith(LocalStackExtension.class)
class FidelityIT {
  private static final Set<Sink> SINKS = EnumSet.allOf(Sink.class);

  @Test
  void quickCellsArriveExactlyInEverySinkAndATruncateStopsThemNamingTheTable(LocalStack stack)
      throws Exception {
    List<Column> columns = FidelityMatrix.quick();
    Column longName = columns.get(0);
    FidelityHarness harness =
        new FidelityHarness(
            stack,
            new FidelityHarness.Options(
                "quick", 5731, columns, SINKS, longName.id(), "none", Duration.ofSeconds(150)));
    long begin = System.nanoTime();
    List<Result> results = harness.run();
    System.out.printf(
        "FidelityIT: %d cells x %d sinks compared in %.0f s%n%s",
        results.size() / SINKS.size(),
        SINKS.size(),
        (System.nanoTime() - begin) / 1e9,
        FidelityHarness.table(results, SINKS));
    assertThat(harness.table(longName)).hasSize(64);
    assertThat(harness.failures()).as("sinks whose task FAILED").isEmpty();
    assertThat(
            results.stream()
                .filter(r -> !r.passed())
                .map(r -> r.sink() + " " + r.cell() + ": " + r.problem()))
        .as("cells whose sink value differs from MariaDB's")
        .isEmpty();

    // A VARCHAR widened in MariaDB mid-stream: a value only the wider column holds lands exactly
    // in every sink (Redshift widens its VARCHAR in place; Debezium propagates the length).
    Column text =
        columns.stream().filter(c -> c.ddl().startsWith("VARCHAR(20)")).findFirst().orElseThrow();
    // Debezium propagates MariaDB's length: VARCHAR(20) is 80 bytes before, the maximum after.
    assertThat(harness.redshiftColumnBytes(text)).isEqualTo(80);
    assertThat(
            harness.widenAndInsert(
                text, "VARCHAR(200) DEFAULT 'the default'", 9001, "REPEAT('\uD83D\uDE00', 200)"))
        .as("a value of a column widened in MariaDB, per sink (null: equal to MariaDB's)")
        .containsOnlyKeys(SINKS)
        .allSatisfy((sink, problem) -> assertThat(problem).as(sink.label()).isNull());
    assertThat(harness.redshiftColumnBytes(text)).isEqualTo(65535);

    // A TRUNCATE reaches no sink: the shipped configs stop each one, naming the table.
    String table = harness.table(longName);
    stack.mysql().execute("TRUNCATE TABLE " + harness.db() + ".`" + table + "`");
    for (Sink sink : SINKS) {
      String trace =
          stack.connectRest().awaitTaskFailed(harness.connector(sink), FidelityHarness.DEPLOY);
      assertThat(trace).as(sink.label()).contains("TRUNCATE").contains(table);
    }
  }
}
