package io.tidemark.connect.redshift.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.connect.redshift.dataapi.StatementRunner;
import io.tidemark.connect.redshift.sql.ChangeRow;
import io.tidemark.connect.redshift.sql.ColumnDef;
import io.tidemark.connect.redshift.sql.DdlBuilder;
import io.tidemark.connect.redshift.sql.InsertPathPlanner;
import io.tidemark.connect.redshift.sql.OffsetsTable;
import io.tidemark.connect.redshift.sql.RedshiftNames;
import io.tidemark.connect.redshift.sql.SourceOffset;
import io.tidemark.connect.redshift.sql.StageSql;
import io.tidemark.connect.redshift.sql.StatementLimits;
import io.tidemark.connect.redshift.sql.TableChanges;
import io.tidemark.connect.redshift.sql.TableDef;
import io.tidemark.connect.redshift.sql.WriteMode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;

class RedshiftWriterTest {
  private static final RedshiftNames NAMES = RedshiftNames.defaults();
  private static final TableDef TABLE =
      new TableDef(
          "public",
          "orders",
          List.of(
              new ColumnDef("id", "BIGINT", false), new ColumnDef("note", "VARCHAR(100)", true)),
          List.of("id"));
  private static final SourceOffset.TopicPartitionKey P0 =
      new SourceOffset.TopicPartitionKey("orders", 0);

  /** A runner over an imaginary catalog: CREATE TABLE and ADD COLUMN change it, queries read it. */
  private static class FakeRunner implements StatementRunner {
    final List<List<String>> batches = new ArrayList<>();
    final Set<String> columns = new LinkedHashSet<>();
    List<List<String>> committedRows = List.of();
    int failOnBatch = -1;
    boolean shortCounts;

    @Override
    public List<Long> executeBatch(List<String> statements, String clientToken) {
      if (batches.size() == failOnBatch) {
        batches.add(List.of("FAILED"));
        throw new RetriableException("throttled");
      }
      if (statements.get(0).startsWith("LOCK ")) {
        return List.of(); // an offsets row claim: tested on the stand-in (RedshiftSqlOnStandInIT)
      }
      batches.add(statements);
      for (String s : statements) {
        if (s.startsWith("CREATE TABLE IF NOT EXISTS \"public\".\"orders\"")) {
          columns.add("id");
          if (s.contains("\"note\"")) {
            columns.add("note");
          }
        }
        if (s.startsWith("ALTER TABLE")) {
          columns.add(s.substring(s.indexOf("ADD COLUMN \"") + 12, s.lastIndexOf('"')));
        }
      }
      if (shortCounts) {
        return List.of(1L); // fewer counts than statements: the outcome must be read back
      }
      return statements.stream().map(s -> 1L).toList();
    }

    @Override
    public List<List<String>> query(String sql) {
      if (sql.contains("information_schema") && sql.contains("position_lineage")) {
        return List.of(List.of("1")); // the offsets table has the lineage column
      }
      if (sql.contains("information_schema") && sql.contains("position_lineage")) {
        return List.of(List.of("1")); // the offsets table has the lineage column
      }
      if (sql.contains("information_schema")) {
        return columns.stream().map(List::of).toList();
      }
      return committedRows;
    }

    @Override
    public void cancelRunning() {}

    @Override
    public void close() {}

    long dataBatches() {
      return batches.stream()
          .filter(b -> b.stream().anyMatch(s -> s.startsWith("CREATE TEMP TABLE")))
          .count();
    }
  }

  private final FakeRunner runner = new FakeRunner();

  private RedshiftWriter writer(boolean create, boolean evolve) {
    OffsetsTable offsets = new OffsetsTable(NAMES, "public", "tidemark_offsets", "c");
    return new RedshiftWriter(
        runner,
        new DdlBuilder(NAMES),
        new InsertPathPlanner(
            new StageSql(NAMES, WriteMode.UPSERT), offsets, new StatementLimits(10, 4096)),
        offsets,
        new RedshiftWriter.TablePolicy(create, evolve),
        "c",
        "[c task-0]");
  }

  private static List<TableChanges> batch(TableDef table, long from, long to) {
    List<ChangeRow> rows = new ArrayList<>();
    for (long o = from; o < to; o++) {
      rows.add(
          new ChangeRow(
              Map.of("id", o % 10, "note", "x".repeat(300)),
              false,
              new SourceOffset("orders", 0, o)));
    }
    return List.of(new TableChanges(table, rows));
  }

  /**
   * Tasks opening at once on a fresh database race to create the offsets table; the losers' CREATE
   * fails although the table exists (found by the chaos suite's scale-out mode, 4 tasks): the
   * writer creates once more instead of failing the task. A second failure is real.
   */
  @Test
  void aLostRaceToCreateTheOffsetsTableIsNotAFailure() {
    FakeRunner racing = raceLoser(false);
    racing.committedRows = List.of(List.of("orders", "0", "42"));
    assertThat(writer(racing).start()).containsExactly(Map.entry(P0, 42L));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> writer(raceLoser(true)).start())
        .hasMessageContaining("duplicate key value");
  }

  /**
   * A runner whose CREATE of the offsets table fails as a lost race does; the table may be gone.
   */
  private static FakeRunner raceLoser(boolean tableMissing) {
    return new FakeRunner() {
      @Override
      public List<Long> executeBatch(List<String> statements, String clientToken) {
        if (statements.get(0).contains("\"tidemark_offsets\" (")) {
          throw new org.apache.kafka.connect.errors.ConnectException(
              "statement failed: ERROR: duplicate key value violates unique constraint"
                  + " \"pg_type_typname_nsp_index\"");
        }
        return super.executeBatch(statements, clientToken);
      }

      @Override
      public List<List<String>> query(String sql) {
        if (tableMissing) {
          throw new org.apache.kafka.connect.errors.ConnectException("relation does not exist");
        }
        return super.query(sql);
      }
    };
  }

  private RedshiftWriter writer(FakeRunner on) {
    OffsetsTable offsets = new OffsetsTable(NAMES, "public", "tidemark_offsets", "c");
    return new RedshiftWriter(
        on,
        new DdlBuilder(NAMES),
        new InsertPathPlanner(
            new StageSql(NAMES, WriteMode.UPSERT), offsets, new StatementLimits(10, 4096)),
        offsets,
        new RedshiftWriter.TablePolicy(true, true),
        "c",
        "[c task-0]");
  }

  @Test
  void startCreatesTheOffsetsTableAndReadsCommittedOffsets() {
    runner.committedRows = List.of(List.of("orders", "0", "42"));
    assertThat(writer(true, true).start()).containsExactly(Map.entry(P0, 42L));
    assertThat(runner.batches.get(0).get(0))
        .startsWith("CREATE TABLE IF NOT EXISTS \"public\".\"tidemark_offsets\"");
  }

  @Test
  void createsTheTableThenWritesAndTracksOffsets() {
    RedshiftWriter w = writer(true, true);
    w.start();
    assertThat(w.write(batch(TABLE, 0, 5))).containsExactly(Map.entry(P0, 5L));
    assertThat(runner.batches.get(1).get(0))
        .startsWith("CREATE TABLE IF NOT EXISTS \"public\".\"orders\"");
    assertThat(runner.dataBatches()).isEqualTo(1);
  }

  @Test
  void redeliveredChangesAreSkipped() {
    runner.committedRows = List.of(List.of("orders", "0", "30"));
    RedshiftWriter w = writer(true, true);
    w.start();
    w.write(batch(TABLE, 0, 30));
    assertThat(runner.dataBatches()).isZero();
    w.write(batch(TABLE, 25, 31));
    assertThat(runner.dataBatches()).isEqualTo(1);
    String inserts = String.join("\n", runner.batches.get(runner.batches.size() - 1));
    assertThat(inserts).contains("(0, '").doesNotContain("(5, '").doesNotContain("(9, '");
    assertThat(w.committed()).containsExactly(Map.entry(P0, 31L));
  }

  @Test
  void aFailedTransactionKeepsEarlierCommitsAndTheRetryWritesOnlyTheRest() {
    RedshiftWriter w = writer(true, true);
    w.start();
    w.write(batch(TABLE, 0, 1));
    int before = runner.batches.size();
    runner.failOnBatch = before + 1;
    List<TableChanges> big = batch(TABLE, 1, 60);
    assertThatThrownBy(() -> w.write(big)).isInstanceOf(RetriableException.class);
    long afterFirst = w.committed().get(P0);
    assertThat(afterFirst).isGreaterThan(1L).isLessThan(60L);
    runner.failOnBatch = -1;
    w.write(big);
    assertThat(w.committed()).containsExactly(Map.entry(P0, 60L));
    String retried = String.join("\n", runner.batches.get(before + 2));
    // The retry starts at the first change not committed (ids are offset % 10).
    assertThat(retried).contains("VALUES (" + (afterFirst % 10) + ", 'x");
    String allRetried =
        String.join(
            "\n",
            runner.batches.subList(before + 2, runner.batches.size()).stream()
                .map(b -> String.join("\n", b))
                .toList());
    assertThat(allRetried.split("'u', ", -1).length - 1)
        .as("rows written by the retry")
        .isEqualTo(60 - (int) afterFirst);
  }

  @Test
  void afterAFailureCommittedOffsetsAreReadAgain() {
    RedshiftWriter w = writer(true, true);
    w.start();
    runner.failOnBatch = runner.batches.size() + 1;
    assertThatThrownBy(() -> w.write(batch(TABLE, 0, 3))).isInstanceOf(RetriableException.class);
    // The failed call's transaction did commit after all (its response was lost).
    runner.committedRows = List.of(List.of("orders", "0", "3"));
    runner.failOnBatch = -1;
    int before = runner.batches.size();
    assertThat(w.write(batch(TABLE, 0, 3))).containsExactly(Map.entry(P0, 3L));
    assertThat(runner.batches).hasSize(before);
  }

  @Test
  void evolvesMissingColumnsOrRefuses() {
    runner.columns.add("id");
    RedshiftWriter w = writer(false, true);
    w.start();
    w.write(batch(TABLE, 0, 1));
    assertThat(runner.batches)
        .anySatisfy(
            b ->
                assertThat(b)
                    .containsExactly(
                        "ALTER TABLE \"public\".\"orders\" ADD COLUMN \"note\" VARCHAR(100)"));

    FakeRunner other = new FakeRunner();
    other.columns.add("id");
    OffsetsTable offsets = new OffsetsTable(NAMES, "public", "tidemark_offsets", "c");
    RedshiftWriter strict =
        new RedshiftWriter(
            other,
            new DdlBuilder(NAMES),
            new InsertPathPlanner(
                new StageSql(NAMES, WriteMode.UPSERT), offsets, StatementLimits.defaults()),
            offsets,
            new RedshiftWriter.TablePolicy(false, false),
            "c",
            "[t]");
    assertThatThrownBy(() -> strict.write(batch(TABLE, 0, 1)))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("auto-evolve is disabled")
        .hasMessageContaining("note");
  }

  @Test
  void missingTableWithoutAutoCreateFails() {
    assertThatThrownBy(() -> writer(false, true).write(batch(TABLE, 0, 1)))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("auto-create is disabled");
  }

  /**
   * A batch that finished but whose sub-statement row counts came back short (fewer counts than
   * statements) says nothing about whether the guard held: the writer reads the offsets table.
   * Offsets not moved: the transaction changed nothing (fenced), nothing counts as committed.
   */
  @Test
  void shortRowCountsAreReadBackFromTheOffsetsTableNotCountedAsCommitted() {
    RedshiftWriter w = writer(true, true);
    runner.committedRows = List.of(List.of("orders", "0", "3"));
    w.start();
    runner.shortCounts = true;
    assertThatThrownBy(() -> w.write(batch(TABLE, 3, 6)))
        .isInstanceOf(io.tidemark.connect.redshift.write.OffsetsFencedException.class);
    assertThat(w.committed()).containsExactly(Map.entry(P0, 3L));
    // The offsets table shows this transaction's offsets: it applied.
    runner.committedRows = List.of(List.of("orders", "0", "6"));
    w.write(batch(TABLE, 3, 6));
    assertThat(w.committed()).containsExactly(Map.entry(P0, 6L));
  }
}
