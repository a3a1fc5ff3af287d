package io.tidemark.connect.redshift.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.connect.redshift.dataapi.StatementRunner;
import io.tidemark.connect.redshift.sql.ChangeRow;
import io.tidemark.connect.redshift.sql.ColumnDef;
import io.tidemark.connect.redshift.sql.DdlBuilder;
import io.tidemark.connect.redshift.sql.InsertPathPlanner;
import io.tidemark.connect.redshift.sql.OffsetsTable;
import io.tidemark.connect.redshift.sql.RedshiftNames;
import io.tidemark.connect.redshift.sql.SourceOffset;
import io.tidemark.connect.redshift.sql.SqlLiterals;
import io.tidemark.connect.redshift.sql.StageSql;
import io.tidemark.connect.redshift.sql.StatementLimits;
import io.tidemark.connect.redshift.sql.TableChanges;
import io.tidemark.connect.redshift.sql.TableDef;
import io.tidemark.connect.redshift.sql.TypeMapping;
import io.tidemark.connect.redshift.sql.ValueConverter;
import io.tidemark.connect.redshift.sql.WriteMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;

/**
 * Second-reader findings on type fidelity in the Redshift sink. Every expected value is MySQL's
 * own: what {@code SELECT} (or {@code HEX()}) returns for the row in MySQL.
 */
class FidelityReviewTest {

  /**
   * A runner over an imaginary catalog that only knows which tables exist. Every statement reports
   * one row, as the Data API's SubStatements do: a runner reporting none makes the writer read the
   * offsets back (short counts are not trusted), find nothing here, and count itself fenced.
   */
  private static final class Runner implements StatementRunner {
    final List<List<String>> batches = new ArrayList<>();

    @Override
    public List<Long> executeBatch(List<String> statements, String clientToken) {
      batches.add(statements);
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
        return List.of(List.of("id"), List.of("note"));
      }
      return List.of();
    }

    @Override
    public void cancelRunning() {}

    @Override
    public void close() {}
  }

  private static final RedshiftNames NAMES = RedshiftNames.defaults();
  private static final TableDef TABLE =
      new TableDef(
          "public",
          "orders",
          List.of(
              new ColumnDef("id", "BIGINT", false), new ColumnDef("note", "VARCHAR(100)", true)),
          List.of("id"));

  private static ChangeRow change(long id, String note, boolean delete, long offset) {
    Map<String, Object> values = new HashMap<>();
    values.put("id", id);
    values.put("note", note);
    return new ChangeRow(values, delete, new SourceOffset("orders", 0, offset));
  }

  /**
   * MySQL: {@code INSERT (1,'a')}, {@code UPDATE SET note = CONCAT('a', CHAR(0), 'b')} (Redshift
   * cannot store NUL: the update may go to the DLQ), then {@code DELETE WHERE id = 1}. MySQL ends
   * with no row 1. Debezium's delete carries the whole before image, NUL included; a delete only
   * needs its key, yet RowScreen.check (unstorableText runs before the "a delete only uses its key"
   * skip) rejects it, and InsertPathPlanner.tuple would stage the NUL literal anyway: the delete
   * goes to the DLQ and row 1 stays in Redshift for ever.
   */
  @Test
  void aDeleteWhoseBeforeImageHoldsANulIsStillApplied() {
    Runner runner = new Runner();
    OffsetsTable offsets = new OffsetsTable(NAMES, "public", "tidemark_offsets", "c");
    RedshiftWriter w =
        new RedshiftWriter(
            runner,
            new DdlBuilder(NAMES),
            new InsertPathPlanner(
                new StageSql(NAMES, WriteMode.UPSERT), offsets, new StatementLimits(10, 65536)),
            offsets,
            new RedshiftWriter.TablePolicy(true, true),
            "c",
            "[c task-0]");
    w.start();
    Map<Long, String> rejected = new LinkedHashMap<>();
    w.write(
        List.of(new TableChanges(TABLE, List.of(change(1, "a", false, 0)))),
        Map.of(),
        (source, message) -> rejected.put(source.offset(), message));
    w.write(
        List.of(new TableChanges(TABLE, List.of(change(1, "a\u0000b", true, 2)))),
        Map.of(),
        (source, message) -> rejected.put(source.offset(), message));

    assertThat(rejected).as("the delete of row 1 must not be dead-lettered").doesNotContainKey(2L);
    String last = String.join("\n", runner.batches.get(runner.batches.size() - 1));
    assertThat(last).as("the last transaction applies the delete of id 1").contains("'d'");
  }

  /**
   * MySQL {@code BIT(16)} value {@code b'0000000100000010'}: {@code HEX(col)} is {@code 0102}.
   * Debezium sends io.debezium.data.Bits little-endian ({@code {0x02, 0x01}}, its documented
   * format; BinlogValueConverters reverses the big-endian binlog bytes). ValueConverter has no case
   * for Bits and writes the bytes as they are: the VARBYTE holds 0x0201, MySQL's bits reversed
   * byte-wise.
   */
  @Test
  void bitsLandInMySqlByteOrder() {
    Schema bits =
        SchemaBuilder.bytes().name("io.debezium.data.Bits").parameter("length", "16").build();
    Object sql = ValueConverter.toSql(bits, new byte[] {0x02, 0x01});
    assertThat(SqlLiterals.literal(sql)).isEqualTo("FROM_HEX('0102')");
  }

  /**
   * MySQL {@code ENUM('a,b','c')}: 'a,b' is a legal member (3 bytes). Debezium 3.5 joins the
   * members with ',' into the schema's {@code allowed} parameter ({@code "a,b,c"}); TypeMapping
   * splits it on ',' and makes the column VARCHAR(1), so RowScreen dead-letters every 'a,b'.
   */
  @Test
  void anEnumMemberWithACommaFitsItsColumn() {
    Schema e =
        SchemaBuilder.string()
            .name("io.debezium.data.Enum")
            .parameter("allowed", "a,b,c")
            .optional()
            .build();
    String type = TypeMapping.redshiftType(e);
    Matcher m = Pattern.compile("VARCHAR\\((\\d+)\\)").matcher(type);
    assertThat(m.matches()).as(type).isTrue();
    assertThat(Integer.parseInt(m.group(1))).as("bytes of 'a,b'").isGreaterThanOrEqualTo(3);
  }
}
