package io.tidemark.connect.redshift.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.connect.redshift.dataapi.StatementRunner;
import io.tidemark.connect.redshift.sql.ChangeRow;
import io.tidemark.connect.redshift.sql.ColumnDef;
import io.tidemark.connect.redshift.sql.CopyPathPlanner;
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
import io.tidemark.connect.redshift.staging.CopyStager;
import io.tidemark.connect.redshift.staging.StagingStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;

/** The writer's copy load path, bad-change screening and offsets of skipped records, on fakes. */
class CopyWriteTest {
  private static final RedshiftNames NAMES = RedshiftNames.defaults();
  private static final TableDef TABLE =
      new TableDef(
          "public",
          "orders",
          List.of(
              new ColumnDef("id", "BIGINT", false),
              // As wide as the target's: a longer value is a bad value (WideningTest for the rest).
              new ColumnDef("note", "VARCHAR(10)", true)),
          List.of("id"));
  private static final SourceOffset.TopicPartitionKey P0 =
      new SourceOffset.TopicPartitionKey("orders", 0);

  /** The target table exists with typed columns; batches are recorded; one batch may fail. */
  static final class TypedRunner implements StatementRunner {
    final List<List<String>> batches = new ArrayList<>();
    List<List<String>> columns =
        List.of(
            List.of("id", "bigint", "", "64", "0", "NO"),
            List.of("note", "character varying", "10", "", "", "YES"));
    boolean failNext;

    @Override
    public List<Long> executeBatch(List<String> statements, String clientToken) {
      if (statements.get(0).startsWith("LOCK ")) {
        return List.of(); // an offsets row claim: tested on the stand-in (RedshiftSqlOnStandInIT)
      }
      if (failNext) {
        failNext = false;
        throw new RetriableException("injected");
      }
      batches.add(statements);
      return statements.stream().map(s -> 1L).toList();
    }

    @Override
    public List<List<String>> query(String sql) {
      if (sql.contains("information_schema") && sql.contains("position_lineage")) {
        return List.of(List.of("1")); // the offsets table has the lineage column
      }
      return sql.contains("information_schema") ? columns : List.of();
    }

    @Override
    public void cancelRunning() {}

    @Override
    public void close() {}
  }

  static final class MemoryStore implements StagingStore {
    final Map<String, byte[]> objects = new LinkedHashMap<>();
    final List<String> everPut = new ArrayList<>();

    @Override
    public String bucket() {
      return "stage-bucket";
    }

    @Override
    public void put(String key, byte[] body) {
      objects.put(key, body);
      everPut.add(key);
    }

    @Override
    public void delete(List<String> keys) {
      keys.forEach(objects::remove);
    }

    @Override
    public void close() {}
  }

  private final TypedRunner runner = new TypedRunner();
  private final MemoryStore store = new MemoryStore();

  private RedshiftWriter writer(int copyMinRows, boolean incompatibleIsBad) {
    OffsetsTable offsets = new OffsetsTable(NAMES, "public", "tidemark_offsets", "c");
    StageSql stage = new StageSql(NAMES, WriteMode.UPSERT);
    return new RedshiftWriter(
        runner,
        new DdlBuilder(NAMES),
        new InsertPathPlanner(stage, offsets, StatementLimits.defaults()),
        Optional.of(
            new RedshiftWriter.CopyLoad(
                new CopyStager(store, "stage/", "c"),
                new CopyPathPlanner(stage, offsets, "arn:aws:iam::1:role/copy", null),
                copyMinRows)),
        offsets,
        new RedshiftWriter.TablePolicy(true, true, incompatibleIsBad),
        "[c task-0]",
        new WriterStats());
  }

  private static List<TableChanges> batch(long from, long to, String note) {
    List<ChangeRow> rows = new ArrayList<>();
    for (long o = from; o < to; o++) {
      rows.add(
          new ChangeRow(
              Map.of("id", o % 7, "note", note), o % 5 == 4, new SourceOffset("orders", 0, o)));
    }
    return List.of(new TableChanges(TABLE, rows));
  }

  private static String gunzip(byte[] bytes) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void bigWritesCopyFromAManifestInOneTransactionAndCleanUp() throws Exception {
    RedshiftWriter w = writer(10, false);
    w.write(batch(0, 50, "n"));
    assertThat(runner.batches).hasSize(1);
    List<String> tx = runner.batches.get(0);
    assertThat(tx).hasSize(9);
    assertThat(tx.get(0)).startsWith("CREATE TEMP TABLE \"tidemark_guard\"");
    assertThat(tx.get(2))
        .startsWith("COPY \"tidemark_stage_0\"")
        .contains("FROM 's3://stage-bucket/stage/c/")
        .contains(
            ".manifest' IAM_ROLE 'arn:aws:iam::1:role/copy' FORMAT AS JSON 'auto' GZIP MANIFEST");
    assertThat(tx.get(7)).contains("SELECT 'c', 'orders', 0, 50 FROM \"tidemark_guard\"");
    assertThat(store.objects).as("staged files are deleted after the commit").isEmpty();
    assertThat(store.everPut).hasSize(2);
    // The staged lines: change order is the position, deletes are marked.
    w.write(batch(50, 51, "n"));
    assertThat(runner.batches.get(1))
        .noneMatch(s -> s.startsWith("COPY"))
        .as("a small write uses INSERT");
    assertThat(w.committed()).containsEntry(P0, 51L);
    assertThat(w.stats().rows()).isEqualTo(51);
  }

  @Test
  void stagedLinesCarryPositionAndOperation() throws Exception {
    String lines = gunzip(CopyStagerAccess.gzip(batch(0, 5, "n").get(0)));
    assertThat(lines.split("\n"))
        .containsExactly(
            "{\"id\":0,\"note\":\"n\",\"__tm_op\":\"u\",\"__tm_pos\":0}",
            "{\"id\":1,\"note\":\"n\",\"__tm_op\":\"u\",\"__tm_pos\":1}",
            "{\"id\":2,\"note\":\"n\",\"__tm_op\":\"u\",\"__tm_pos\":2}",
            "{\"id\":3,\"note\":\"n\",\"__tm_op\":\"u\",\"__tm_pos\":3}",
            // a delete stages its key only
            "{\"id\":4,\"note\":null,\"__tm_op\":\"d\",\"__tm_pos\":4}");
  }

  @Test
  void aFailedCopyDeletesItsFilesAndTheRetryStagesAfresh() {
    RedshiftWriter w = writer(10, false);
    runner.failNext = true;
    assertThatThrownBy(() -> w.write(batch(0, 20, "n"))).isInstanceOf(RetriableException.class);
    assertThat(store.objects).isEmpty();
    w.write(batch(0, 20, "n"));
    assertThat(store.everPut).hasSize(4).doesNotHaveDuplicates();
    assertThat(w.committed()).containsEntry(P0, 20L);
  }

  @Test
  void badChangesGoToTheHandlerAndTheRestCommitsWithTheirOffsets() {
    RedshiftWriter w = writer(1000, false);
    List<ChangeRow> rows = new ArrayList<>(batch(0, 3, "fits").get(0).rows());
    rows.set(
        1,
        new ChangeRow(
            Map.of("id", 9L, "note", "much too long"), false, new SourceOffset("orders", 0, 1)));
    List<String> rejected = new ArrayList<>();
    w.write(
        List.of(new TableChanges(TABLE, rows)),
        Map.of(P0, 4L),
        (source, message) -> rejected.add(message));
    assertThat(rejected)
        .containsExactly(
            "cannot write the change at orders-0@1 to public.orders, column note:"
                + " value of 13 bytes is too long for VARCHAR(10)");
    String sql = String.join("\n", runner.batches.get(0));
    assertThat(sql).contains("(0, 'fits'").contains("(2, 'fits'").doesNotContain("much too long");
    // Offset 3 was handled by the caller (e.g. an ignored tombstone): committed with the rows.
    assertThat(sql).contains("SELECT 'c', 'orders', 0, 4 FROM");
    assertThat(w.committed()).containsEntry(P0, 4L);
    assertThat(w.stats().rejected()).isEqualTo(1);
  }

  /**
   * INT widened to BIGINT in MySQL, which Redshift cannot do in place: with incompatible changes
   * sent to the DLQ, a value only BIGINT holds goes there; once the operator rebuilt the column as
   * the message says, the next one is written (the writer reads the column again after an
   * incompatible change instead of trusting its cache), and VARCHAR widenings ask for the maximum.
   */
  @Test
  void afterAnIncompatibleWideningTheColumnIsReadAgainSoTheOperatorsRebuildTakesEffect() {
    TableDef widened =
        new TableDef(
            "public",
            "orders",
            List.of(new ColumnDef("id", "BIGINT", false), new ColumnDef("n", "BIGINT", true)),
            List.of("id"));
    runner.columns =
        List.of(
            List.of("id", "bigint", "", "64", "0", "NO"),
            List.of("n", "integer", "", "32", "0", "YES"));
    RedshiftWriter w = writer(1000, true);
    List<String> rejected = new ArrayList<>();
    writeN(w, widened, 1L, 5_000_000_000L, 0, rejected);
    assertThat(rejected).hasSize(1);
    assertThat(rejected.get(0))
        .contains("out of range for INTEGER", "widened at the source", "RENAME COLUMN");

    runner.columns =
        List.of(
            List.of("id", "bigint", "", "64", "0", "NO"),
            List.of("n", "bigint", "", "64", "0", "YES"));
    writeN(w, widened, 2L, 6_000_000_000L, 1, rejected);
    assertThat(rejected).hasSize(1);
    assertThat(String.join("\n", runner.batches.get(runner.batches.size() - 1)))
        .contains("6000000000");
  }

  /**
   * Writes one change of {@code table} (columns id and n) at {@code offset}, bad ones to rejected.
   */
  private static void writeN(
      RedshiftWriter w, TableDef table, long id, long n, long offset, List<String> rejected) {
    w.write(
        List.of(
            new TableChanges(
                table,
                List.of(
                    new ChangeRow(
                        Map.of("id", id, "n", n), false, new SourceOffset("orders", 0, offset))))),
        Map.of(),
        (source, message) -> rejected.add(message));
  }

  @Test
  void onlySkippedRecordsStillAdvanceTheOffsets() {
    RedshiftWriter w = writer(1000, false);
    w.write(List.of(), Map.of(P0, 12L), RedshiftWriter.BadChanges.FAIL);
    assertThat(runner.batches).hasSize(1);
    assertThat(runner.batches.get(0).get(2)).contains("SELECT 'c', 'orders', 0, 12 FROM");
  }

  @Test
  void anIncompatibleChangeFailsNamingTableAndColumnUnlessItIsABadRecord() {
    runner.columns =
        List.of(
            List.of("id", "bigint", "", "64", "0", "NO"),
            List.of("note", "boolean", "", "", "", "YES"));
    assertThatThrownBy(() -> writer(1000, false).write(batch(0, 2, "n")))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("orders-0@0")
        .hasMessageContaining("public.orders, column note")
        .hasMessageContaining("redshift.incompatible.change.handling=dlq");
    assertThat(runner.batches).isEmpty();
    List<String> rejected = new ArrayList<>();
    writer(1000, true)
        .write(batch(0, 2, "n"), Map.of(), (source, message) -> rejected.add(source.toString()));
    assertThat(rejected).hasSize(2);
  }

  @Test
  void aRowTooLargeForAnInsertStatementGoesByCopyEvenInASmallWrite() throws Exception {
    runner.columns =
        List.of(
            List.of("id", "bigint", "", "64", "0", "NO"),
            List.of("note", "character varying", "65535", "", "", "YES"));
    RedshiftWriter w = writer(1000, false);
    // Fits VARCHAR(65535), but its literal doubles every quote: 120 KB of SQL, over the statement
    // limit.
    String big = "'".repeat(60_000);
    List<ChangeRow> rows =
        List.of(
            new ChangeRow(Map.of("id", 1L, "note", big), false, new SourceOffset("orders", 0, 0)),
            new ChangeRow(Map.of("id", 2L, "note", big), false, new SourceOffset("orders", 0, 1)));
    w.write(List.of(new TableChanges(TABLE, rows)), Map.of(), RedshiftWriter.BadChanges.FAIL);
    assertThat(runner.batches).hasSize(1);
    assertThat(runner.batches.get(0)).anyMatch(st -> st.startsWith("COPY"));
    assertThat(String.join("\n", store.everPut)).contains(".json.gz");
    assertThat(w.committed()).containsEntry(P0, 2L);
  }
}
