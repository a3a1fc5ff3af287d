package io.tidemark.connect.redshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.connect.redshift.sql.TypeMapping;
import io.tidemark.stack.kit.BadInput;
import io.tidemark.stack.kit.BadInput.Kind;
import io.tidemark.stack.kit.connect.RecordingSinkContext;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/**
 * Each {@link BadInput} case through the Redshift sink task (errors.tolerance=all, the statement
 * runner an in-memory fake whose catalog describes the target table), asserting the Redshift
 * outcome the README table states: a bad record reaches the errant record reporter with a reason
 * naming topic-partition@offset and the column while the rest of the batch is written; with
 * errors.tolerance=none the same record fails the task before anything of its batch is sent.
 */
class BadInputTest {
  private static final Schema KEY =
      SchemaBuilder.struct().name("k").field("id", Schema.INT64_SCHEMA).build();

  private final InMemoryRunner runner = new InMemoryRunner();
  private final RecordingSinkContext context =
      new RecordingSinkContext().withErrantRecordReporter();
  private RedshiftSinkTask task;
  private final List<List<String>> columns =
      new ArrayList<>(
          List.of(
              List.of("id", "bigint", "", "64", "0", "NO"),
              List.of("__op", "character varying", "3", "", "", "YES")));

  private void start(String tolerance, Map<String, String> extra) {
    runner.typedColumns = columns;
    Map<String, String> props =
        new HashMap<>(
            Map.of(
                "name",
                "rs",
                RedshiftSinkConfig.REGION,
                "us-east-1",
                RedshiftSinkConfig.WORKGROUP,
                "wg",
                "errors.tolerance",
                tolerance));
    props.putAll(extra);
    task = new RedshiftSinkTask((config, log) -> runner);
    task.initialize(context);
    task.start(props);
    task.open(List.of(new TopicPartition("orders", 0)));
  }

  /** A change {id: 1, v, __op: c} at {@code offset} whose field {@code v} has {@code schema}. */
  private static SinkRecord change(long offset, Schema schema, Object v) {
    return change(offset, schema, v, "c");
  }

  private static SinkRecord change(long offset, Schema schema, Object v, String op) {
    Schema value =
        SchemaBuilder.struct()
            .name("row")
            .field("id", Schema.INT64_SCHEMA)
            .field("v", schema)
            .field("__op", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    Struct s = new Struct(value).put("id", 1L + offset).put("v", v).put("__op", op);
    return new SinkRecord(
        "orders", 0, KEY, new Struct(KEY).put("id", 1L + offset), value, s, offset);
  }

  /**
   * A good change like {@code bad} (same value schema when it has field {@code v}) with {@code v =
   * goodV}.
   */
  private static SinkRecord good(long offset, SinkRecord bad, Object goodV) {
    boolean likeBad =
        bad.valueSchema() != null
            && bad.valueSchema().type() == Schema.Type.STRUCT
            && bad.valueSchema().field("v") != null;
    return likeBad
        ? change(offset, bad.valueSchema().field("v").schema(), goodV)
        : change(offset, Schema.OPTIONAL_STRING_SCHEMA, "fine");
  }

  /**
   * Puts {@code bad} between two good changes and says what became of it. A bad record must be
   * reported with its coordinates while both good changes are written and all three offsets commit.
   */
  private Kind outcome(SinkRecord bad) {
    return outcome(bad, null);
  }

  private Kind outcome(SinkRecord bad, Object goodV) {
    int reported = context.reported().size();
    int written = runner.dataBatches().size();
    long offset = bad.kafkaOffset();
    try {
      task.put(List.of(good(offset - 1, bad, goodV), bad, good(offset + 1, bad, goodV)));
    } catch (ConnectException e) {
      failure = e;
      return Kind.TASK_FAILS;
    }
    assertThat(runner.dataBatches()).hasSizeGreaterThan(written);
    String sql = String.join("\n", runner.dataBatches().get(runner.dataBatches().size() - 1));
    assertThat(sql).contains("(" + offset + ", ").contains("(" + (offset + 2) + ", ");
    assertThat(
            task.preCommit(
                    Map.of(
                        new TopicPartition("orders", 0),
                        new org.apache.kafka.clients.consumer.OffsetAndMetadata(0)))
                .get(new TopicPartition("orders", 0))
                .offset())
        .isEqualTo(offset + 2);
    if (context.reported().size() > reported) {
      assertThat(context.reported().subList(reported, context.reported().size()))
          .containsExactly(bad);
      assertThat(context.errors().get(context.errors().size() - 1))
          .hasMessageContaining("orders-0@" + offset);
      return Kind.BAD_RECORD;
    }
    assertThat(sql).contains("(" + (offset + 1) + ", ");
    return Kind.CONVERTED;
  }

  private ConnectException failure;

  private String lastReason() {
    return context.errors().get(context.errors().size() - 1).getMessage();
  }

  private String lastSql() {
    return String.join("\n", runner.dataBatches().get(runner.dataBatches().size() - 1));
  }

  private void column(String name, String type, String length, String precision, String scale) {
    columns.add(List.of(name, type, length, precision, scale, "YES"));
  }

  @Test
  void aValueThatIsNotAStructIsABadRecord() {
    column("v", "character varying", "100", "", "");
    start("all", Map.of());
    SinkRecord text =
        new SinkRecord(
            "orders", 0, KEY, new Struct(KEY).put("id", 9L), Schema.STRING_SCHEMA, "text", 11);
    assertThat(outcome(text)).isEqualTo(BadInput.VALUE_NOT_A_ROW.redshift.kind());
    assertThat(lastReason()).contains("not a Struct with a schema");
  }

  @Test
  void schemalessRecordsAreBadRecords() {
    column("v", "character varying", "100", "", "");
    start("all", Map.of());
    SinkRecord map =
        new SinkRecord("orders", 0, null, Map.of("id", 9L), null, Map.of("id", 9L, "v", "x"), 21);
    assertThat(outcome(map)).isEqualTo(BadInput.SCHEMALESS.redshift.kind());
  }

  @Test
  void aFieldWhoseTypeTheColumnCannotTakeFailsTheTaskOrIsABadRecordWithDlq() {
    column("v", "bigint", "", "64", "0");
    start("all", Map.of());
    assertThat(outcome(change(31, Schema.OPTIONAL_STRING_SCHEMA, "five")))
        .isEqualTo(BadInput.FIELD_TYPE_CHANGED.redshift.kind());
    assertThat(runner.dataBatches()).as("nothing of the batch was sent").isEmpty();
    assertThat(failure)
        .hasMessageContaining("public.orders")
        .hasMessageContaining("column v")
        .hasMessageContaining("VARCHAR")
        .hasMessageContaining("BIGINT");
    task.stop();
    start("all", Map.of(RedshiftSinkConfig.INCOMPATIBLE_HANDLING, "dlq"));
    Schema int64 = Schema.OPTIONAL_INT64_SCHEMA;
    int reported = context.reported().size();
    task.put(
        List.of(
            change(40, int64, 5L),
            change(41, Schema.OPTIONAL_STRING_SCHEMA, "five"),
            change(42, int64, 6L)));
    assertThat(context.reported().subList(reported, context.reported().size()))
        .extracting(SinkRecord::kafkaOffset)
        .containsExactly(41L);
    assertThat(runner.dataBatches()).isNotEmpty();
  }

  @Test
  void loneSurrogatesAndNulsAreBadRecordsNamingTheColumn() {
    column("v", "character varying", "100", "", "");
    start("all", Map.of());
    assertThat(outcome(change(51, Schema.OPTIONAL_STRING_SCHEMA, "a\ud800b")))
        .isEqualTo(BadInput.LONE_SURROGATE.redshift.kind());
    assertThat(lastReason())
        .contains("column v")
        .contains("lone UTF-16 surrogate")
        .doesNotContain("a\ud800b");
    assertThat(outcome(change(61, Schema.OPTIONAL_STRING_SCHEMA, "a\u0000b")))
        .isEqualTo(BadInput.NUL_CHARACTER.redshift.kind());
    assertThat(lastReason()).contains("column v").contains("NUL");
  }

  /**
   * MySQL: row 1 gets a NUL ({@code CONCAT('a', CHAR(0), 'b')}; that update is a bad record), then
   * {@code DELETE WHERE id = 1}: MySQL has no row 1. Debezium's delete carries the before image,
   * NUL included, and a delete needs only its key: it is applied, not dead-lettered. The same for a
   * before-image value that cannot even be converted (Connect's Time of 24:00:00).
   */
  @Test
  void aDeleteWhoseBeforeImageHoldsAnUnstorableValueIsApplied() {
    column("v", "character varying", "100", "", "");
    start("none", Map.of());
    task.put(List.of(change(90, Schema.OPTIONAL_STRING_SCHEMA, "a\u0000b", "d")));
    assertThat(context.reported()).isEmpty();
    assertThat(lastSql()).contains("(91, NULL, NULL, 'd', 0)").doesNotContain("CHR(0)");
    task.stop();
    columns.remove(columns.size() - 1);
    column("v", "time without time zone", "", "", "");
    start("none", Map.of());
    Schema time = org.apache.kafka.connect.data.Time.builder().optional().build();
    task.put(List.of(change(92, time, new java.util.Date(86_400_000L), "d")));
    assertThat(context.reported()).isEmpty();
    assertThat(lastSql()).contains("(93, NULL, NULL, 'd', 0)");
  }

  @Test
  void aTenMegabyteStringIsABadRecordForAnyVarchar() {
    column("v", "character varying", "65535", "", "");
    start("all", Map.of());
    String huge = "x".repeat(10 * 1024 * 1024);
    assertThat(outcome(change(71, Schema.OPTIONAL_STRING_SCHEMA, huge)))
        .isEqualTo(BadInput.HUGE_STRING.redshift.kind());
    assertThat(lastReason())
        .contains("column v")
        .contains("10485760 bytes is too long for VARCHAR(65535)");
    assertThat(TypeMapping.redshiftType(Schema.OPTIONAL_STRING_SCHEMA)).isEqualTo("VARCHAR(65535)");
  }

  @Test
  void aRowTooLargeForOneInsertStatementIsABadRecordOnTheInsertPath() {
    column("v", "super", "", "", "");
    start("all", Map.of());
    Schema json = SchemaBuilder.string().name("io.debezium.data.Json").optional().build();
    String doc = "{\"blob\":\"" + "y".repeat(200_000) + "\"}";
    assertThat(outcome(change(81, json, doc))).isEqualTo(Kind.BAD_RECORD);
    assertThat(lastReason())
        .contains("orders-0@81")
        .contains("public.orders")
        .contains("statement limit")
        .contains("copy load path");
  }

  @Test
  void nanAndInfinityAreFloat8Literals() {
    column("v", "double precision", "", "53", "");
    start("all", Map.of());
    assertThat(outcome(change(91, Schema.OPTIONAL_FLOAT64_SCHEMA, Double.NaN)))
        .isEqualTo(BadInput.NAN_INFINITY.redshift.kind());
    assertThat(lastSql()).contains("CAST('NaN' AS FLOAT8)");
    assertThat(outcome(change(101, Schema.OPTIONAL_FLOAT64_SCHEMA, Double.POSITIVE_INFINITY)))
        .isEqualTo(BadInput.NAN_INFINITY.redshift.kind());
    assertThat(lastSql()).contains("CAST('Infinity' AS FLOAT8)");
    assertThat(outcome(change(111, Schema.OPTIONAL_FLOAT64_SCHEMA, Double.NEGATIVE_INFINITY)))
        .isEqualTo(BadInput.NAN_INFINITY.redshift.kind());
    assertThat(lastSql()).contains("CAST('-Infinity' AS FLOAT8)");
  }

  @Test
  void decimalsOverPrecision38AreExactTextInAVarcharTheSinkCreates() {
    Schema wide =
        Decimal.builder(2).parameter("connect.decimal.precision", "65").optional().build();
    assertThat(TypeMapping.redshiftType(wide)).isEqualTo("VARCHAR(67)");
    column("v", "character varying", "67", "", "");
    start("all", Map.of());
    BigDecimal big =
        new BigDecimal("1234567890123456789012345678901234567890123456789012345678901.23");
    assertThat(outcome(change(121, wide, big))).isEqualTo(BadInput.DECIMAL_OVER_38.redshift.kind());
    assertThat(lastSql()).contains("'" + big.toPlainString() + "'");
  }

  @Test
  void aNumberOverTheColumnsPrecisionIsABadRecord() {
    column("v", "numeric", "", "10", "2");
    start("all", Map.of());
    Schema d = Decimal.builder(2).optional().build();
    assertThat(outcome(change(131, d, new BigDecimal("123456789012.00"))))
        .isEqualTo(BadInput.NUMBER_TOO_BIG.redshift.kind());
    assertThat(lastReason()).contains("column v").contains("numeric overflow");
  }

  @Test
  void zeroDatesAsDebeziumSendsThemAreNullOrTheEpoch() {
    column("v", "date", "", "", "");
    start("all", Map.of());
    Schema date = SchemaBuilder.int32().name("io.debezium.time.Date").version(1).optional().build();
    assertThat(outcome(change(141, date, 0))).isEqualTo(BadInput.ZERO_DATE.redshift.kind());
    assertThat(lastSql()).contains("CAST('1970-01-01' AS DATE)");
    assertThat(outcome(change(151, date, null))).isEqualTo(BadInput.ZERO_DATE.redshift.kind());
    assertThat(lastSql()).contains("(152, NULL, 'c'");
  }

  @Test
  void nullKeysAreBadRecordsInUpsertMode() {
    column("v", "character varying", "100", "", "");
    start("all", Map.of());
    SinkRecord keyless = change(161, Schema.OPTIONAL_STRING_SCHEMA, "x");
    keyless =
        keyless.newRecord("orders", 0, null, null, keyless.valueSchema(), keyless.value(), null);
    assertThat(outcome(keyless)).isEqualTo(BadInput.NULL_KEY.redshift.kind());
    assertThat(lastReason()).contains("upsert mode needs");
    task.stop();
    start("all", Map.of(RedshiftSinkConfig.KEY_FIELDS, "v"));
    assertThat(outcome(change(171, Schema.OPTIONAL_STRING_SCHEMA, null), "k"))
        .isEqualTo(BadInput.NULL_KEY.redshift.kind());
    assertThat(lastReason()).contains("column v").contains("key column is NULL");
  }

  @Test
  void unknownOperationsAreBadRecords() {
    column("v", "character varying", "100", "", "");
    start("all", Map.of());
    assertThat(outcome(change(181, Schema.OPTIONAL_STRING_SCHEMA, "x", "x")))
        .isEqualTo(BadInput.UNKNOWN_OP.redshift.kind());
    assertThat(lastReason()).contains("field '__op' holds 'x'");
    for (String op : List.of("c", "u", "r")) {
      assertThat(
              outcome(
                  change(
                      191 + 10 * List.of("c", "u", "r").indexOf(op),
                      Schema.OPTIONAL_STRING_SCHEMA,
                      "x",
                      op)))
          .isEqualTo(Kind.CONVERTED);
    }
  }

  @Test
  void truncateAndMessageEventsHaveNoKeyAndAreBadRecords() {
    column("v", "character varying", "100", "", "");
    start("all", Map.of());
    Schema envelope =
        SchemaBuilder.struct()
            .field("op", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.INT64_SCHEMA)
            .build();
    SinkRecord truncate =
        new SinkRecord(
            "orders",
            0,
            null,
            null,
            envelope,
            new Struct(envelope).put("op", "t").put("ts_ms", 1L),
            221);
    assertThat(outcome(truncate)).isEqualTo(BadInput.TRUNCATE_OP.redshift.kind());
    Schema message =
        SchemaBuilder.struct()
            .field("op", Schema.STRING_SCHEMA)
            .field("prefix", Schema.STRING_SCHEMA)
            .build();
    SinkRecord m =
        new SinkRecord(
            "orders",
            0,
            null,
            null,
            message,
            new Struct(message).put("op", "m").put("prefix", "a"),
            231);
    assertThat(outcome(m)).isEqualTo(BadInput.MESSAGE_OP.redshift.kind());
    assertThat(lastReason()).contains("orders-0@231").contains("upsert mode needs");
  }

  @Test
  void withoutToleranceABadRecordFailsTheTaskNamingWhereAndTheColumnBeforeAnythingIsSent() {
    column("v", "character varying", "100", "", "");
    start("none", Map.of());
    int before = runner.dataBatches().size();
    SinkRecord nul = change(1, Schema.OPTIONAL_STRING_SCHEMA, "a\u0000b");
    assertThatThrownBy(() -> task.put(List.of(good(0, nul, "x"), nul, good(2, nul, "y"))))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("orders-0@1")
        .hasMessageContaining("column v");
    assertThat(runner.dataBatches()).hasSize(before);
    assertThat(context.reported()).isEmpty();
  }
}
