package io.tidemark.connect.redshift.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.connect.redshift.dataapi.DataApiErrors;
import io.tidemark.connect.redshift.dataapi.StatementFailedException;
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
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

/**
 * A COPY that Redshift refuses for one line of a staged file (a value the screen could not predict:
 * here the stage's DECIMAL(5,2), typed by the change, overflows while the target column is wider).
 * The runner below behaves as Redshift does: the COPY's batch ends FAILED with "Load into table ...
 * failed. Check 'stl_load_errors' system table for details." and the load-error system view holds
 * the file, line number, column and reason. The test decides which line is bad (the value 'bad' in
 * the staged JSON); the writer must find that change from the system view alone.
 */
class CopyLoadErrorTest {
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

  /** What the load-error view holds: one row per refused line. */
  record LoadError(String file, long line, String column, String reason) {}

  final class RedshiftLike implements StatementRunner {
    final List<List<String>> committedBatches = new ArrayList<>();
    final List<String> committedLines = new ArrayList<>();
    final List<LoadError> loadErrors = new ArrayList<>();
    final List<String> loadErrorQueries = new ArrayList<>();

    /** When set, a COPY batch fails with this text and records nothing in the view. */
    String otherFailure;

    @Override
    public List<Long> executeBatch(List<String> statements, String clientToken) {
      if (statements.get(0).startsWith("LOCK ")) {
        return List.of();
      }
      List<String> lines = new ArrayList<>();
      for (String s : statements) {
        if (!s.startsWith("COPY ")) {
          continue;
        }
        if (otherFailure != null) {
          throw failed(otherFailure);
        }
        String dataUrl = dataUrl(s);
        List<String> staged = gunzipLines(store.objects.get(key(dataUrl)));
        for (int i = 0; i < staged.size(); i++) {
          if (staged.get(i).contains("\"note\":\"bad\"")) {
            // Redshift stops at the first error (MAXERROR 0) and rolls the transaction back.
            loadErrors.add(
                new LoadError(
                    dataUrl, i + 1, "note", "Invalid digit, Value 'b', Pos 0, Type: Decimal"));
            throw failed(
                "ERROR: Load into table 'tidemark_stage_0' failed.  Check 'stl_load_errors'"
                    + " system table for details.");
          }
        }
        lines.addAll(staged);
      }
      committedBatches.add(statements);
      committedLines.addAll(lines);
      return statements.stream().map(s -> 1L).toList();
    }

    private RuntimeException failed(String error) {
      // As DataApiStatementRunner reports a statement that ended FAILED.
      return DataApiErrors.toConnect(
          "[c task-0] statement failed", new StatementFailedException("st-1", "FAILED", error));
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
        return List.of(
            List.of("id", "bigint", "", "64", "0", "NO"),
            List.of("note", "character varying", "100", "", "", "YES"));
      }
      if (sql.toLowerCase().contains("load_error")) {
        loadErrorQueries.add(sql);
        Matcher like = Pattern.compile("LIKE '%([^%']+)%'").matcher(sql);
        assertThat(like.find()).as(sql).isTrue();
        List<List<String>> rows = new ArrayList<>();
        for (LoadError e : loadErrors) {
          if (e.file().contains(like.group(1))) {
            // file name, line number, column name, reason: padded CHAR columns, as Redshift's
            rows.add(
                List.of(e.file() + "   ", Long.toString(e.line()), e.column() + "  ", e.reason()));
          }
        }
        return rows;
      }
      return List.of();
    }

    @Override
    public void cancelRunning() {}

    @Override
    public void close() {}
  }

  private final CopyWriteTest.MemoryStore store = new CopyWriteTest.MemoryStore();
  private final RedshiftLike runner = new RedshiftLike();

  private static String dataUrl(String copy) {
    Matcher m = Pattern.compile("FROM '([^']+)\\.manifest'").matcher(copy);
    assertThat(m.find()).as(copy).isTrue();
    return m.group(1) + ".json.gz";
  }

  private static String key(String url) {
    return url.substring("s3://stage-bucket/".length());
  }

  private static List<String> gunzipLines(byte[] bytes) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private RedshiftWriter writer() {
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
                10)),
        offsets,
        new RedshiftWriter.TablePolicy(true, true),
        "[c task-0]",
        new WriterStats());
  }

  /** Offsets {@code from} to {@code to - 1}, keys distinct, {@code bad} offsets noted 'bad'. */
  private static List<TableChanges> batch(long from, long to, long... bad) {
    List<ChangeRow> rows = new ArrayList<>();
    for (long o = from; o < to; o++) {
      long offset = o;
      boolean isBad = java.util.Arrays.stream(bad).anyMatch(b -> b == offset);
      rows.add(
          new ChangeRow(
              Map.of("id", o, "note", isBad ? "bad" : "n" + o),
              false,
              new SourceOffset("orders", 0, o)));
    }
    return List.of(new TableChanges(TABLE, rows));
  }

  @Test
  void aCopyErrorNamingALineIsABadRecordAndTheBatchIsRetriedWithoutIt() {
    RedshiftWriter w = writer();
    Map<Long, String> rejected = new LinkedHashMap<>();
    w.write(
        batch(0, 20, 7, 12), Map.of(), (source, message) -> rejected.put(source.offset(), message));

    assertThat(rejected).containsOnlyKeys(7L, 12L);
    assertThat(rejected.get(7L))
        .contains("orders-0@7")
        .contains("public.orders")
        .contains("column note")
        .contains("Invalid digit, Value 'b', Pos 0, Type: Decimal");
    assertThat(runner.committedBatches).hasSize(1);
    assertThat(runner.committedLines).hasSize(18).noneMatch(l -> l.contains("\"note\":\"bad\""));
    assertThat(w.committed()).containsEntry(P0, 20L);
    assertThat(w.stats().rejected()).isEqualTo(2);
    assertThat(store.objects).as("every attempt's staged files are deleted").isEmpty();
  }

  @Test
  void withoutToleranceTheLineFailsTheWriteNamingTheChange() {
    RedshiftWriter w = writer();
    assertThatThrownBy(() -> w.write(batch(0, 20, 7)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("orders-0@7")
        .hasMessageContaining("column note");
    assertThat(runner.committedBatches).isEmpty();
    assertThat(w.committed()).doesNotContainKey(P0);
  }

  @Test
  void anUnclassifiableCopyErrorFailsTheTaskNamingTheOffsetRange() {
    runner.otherFailure = "ERROR: permission denied for relation tidemark_stage_0";
    Map<Long, String> rejected = new LinkedHashMap<>();
    assertThatThrownBy(
            () ->
                writer()
                    .write(
                        batch(5, 25),
                        Map.of(),
                        (source, message) -> rejected.put(source.offset(), message)))
        .isInstanceOf(ConnectException.class)
        .isNotInstanceOf(org.apache.kafka.connect.errors.RetriableException.class)
        .hasMessageContaining("orders-0@5..24")
        .hasMessageContaining("public.orders")
        .hasMessageContaining("permission denied");
    assertThat(rejected).isEmpty();
  }

  @Test
  void aLoadErrorTheViewDoesNotExplainFailsTheTaskNamingTheOffsetRange() {
    runner.otherFailure =
        "ERROR: Load into table 'tidemark_stage_0' failed.  Check 'stl_load_errors' system table"
            + " for details.";
    assertThatThrownBy(() -> writer().write(batch(5, 25), Map.of(), (source, message) -> {}))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("orders-0@5..24")
        .hasMessageContaining("Load into table");
    assertThat(runner.loadErrorQueries).hasSize(1);
  }
}
