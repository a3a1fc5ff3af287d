package io.tidemark.connect.redshift.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.common.identifiers.Utf8;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class InsertPathPlannerTest {
  private static final String GUARD =
      "EXISTS (SELECT 1 FROM \"tidemark_guard\" WHERE \"tidemark_guard\".\"ok\" = 1)";

  private static final RedshiftNames NAMES = RedshiftNames.defaults();
  private static final TableDef TABLE =
      new TableDef(
          "public",
          "orders",
          List.of(
              new ColumnDef("id", "BIGINT", false), new ColumnDef("note", "VARCHAR(65535)", true)),
          List.of("id"));
  private static final OffsetsTable OFFSETS =
      new OffsetsTable(NAMES, "public", "tidemark_offsets", "sink-1");

  private static InsertPathPlanner planner(WriteMode mode, StatementLimits limits) {
    return new InsertPathPlanner(new StageSql(NAMES, mode), OFFSETS, limits);
  }

  private static ChangeRow row(long id, String note, boolean delete, int partition, long offset) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("id", id);
    values.put("note", note);
    return new ChangeRow(values, delete, new SourceOffset("orders", partition, offset));
  }

  @Test
  void smallBatchIsOneTransaction() {
    List<ChangeRow> rows =
        List.of(
            row(1, "it's", false, 0, 10), row(1, null, true, 0, 11), row(2, "a\\b", false, 1, 5));
    List<Transaction> plan =
        planner(WriteMode.UPSERT, StatementLimits.defaults())
            .plan(List.of(new TableChanges(TABLE, rows)));
    assertThat(plan).hasSize(1);
    Transaction tx = plan.get(0);
    assertThat(tx.rowCount()).isEqualTo(3);
    assertThat(tx.statements())
        .containsExactly(
            "CREATE TEMP TABLE \"tidemark_stage_0\" (\"id\" BIGINT, \"note\" VARCHAR(65535), \"__tm_op\" CHAR(1) NOT NULL, \"__tm_pos\" BIGINT NOT NULL)",
            "INSERT INTO \"tidemark_stage_0\" (\"id\", \"note\", \"__tm_op\", \"__tm_pos\") VALUES "
                + "(1, 'it''s', 'u', 0), (1, NULL, 'd', 1), (2, 'a' || CHR(92) || 'b', 'u', 2)",
            "DELETE FROM \"public\".\"orders\" USING \"tidemark_stage_0\" WHERE \"public\".\"orders\".\"id\" = \"tidemark_stage_0\".\"id\" AND "
                + GUARD,
            "INSERT INTO \"public\".\"orders\" (\"id\", \"note\") SELECT \"id\", \"note\" FROM (SELECT \"id\", \"note\", \"__tm_op\","
                + " ROW_NUMBER() OVER (PARTITION BY \"id\" ORDER BY \"__tm_pos\" DESC) AS \"__tm_rn\" FROM \"tidemark_stage_0\")"
                + " AS \"latest\" WHERE \"__tm_rn\" = 1 AND \"__tm_op\" <> 'd' AND "
                + GUARD,
            "DROP TABLE \"tidemark_stage_0\"",
            "DELETE FROM \"public\".\"tidemark_offsets\" WHERE \"connector_name\" = 'sink-1' AND "
                + "((\"topic\" = 'orders' AND \"kafka_partition\" = 0) OR (\"topic\" = 'orders' AND \"kafka_partition\" = 1))"
                + " AND "
                + GUARD,
            "INSERT INTO \"public\".\"tidemark_offsets\" (\"connector_name\", \"topic\", \"kafka_partition\", \"next_offset\")"
                + " SELECT 'sink-1', 'orders', 0, 12 FROM \"tidemark_guard\" WHERE \"ok\" = 1"
                + " UNION ALL SELECT 'sink-1', 'orders', 1, 6 FROM \"tidemark_guard\" WHERE \"ok\" = 1",
            "DROP TABLE \"tidemark_guard\"");
    assertThat(tx.offsets())
        .containsEntry(new SourceOffset.TopicPartitionKey("orders", 0), 12L)
        .containsEntry(new SourceOffset.TopicPartitionKey("orders", 1), 6L);
  }

  @Test
  void appendModeInsertsUpsertsWithoutDedupe() {
    List<Transaction> plan =
        planner(WriteMode.APPEND, StatementLimits.defaults())
            .plan(List.of(new TableChanges(TABLE, List.of(row(1, "x", false, 0, 0)))));
    assertThat(plan.get(0).statements())
        .contains(
            "INSERT INTO \"public\".\"orders\" (\"id\", \"note\") SELECT \"id\", \"note\""
                + " FROM \"tidemark_stage_0\" WHERE \"__tm_op\" <> 'd' AND "
                + GUARD
                + " ORDER BY \"__tm_pos\"");
    assertThat(String.join("\n", plan.get(0).statements()))
        .doesNotContain("DELETE FROM \"public\".\"orders\"");
  }

  @Test
  void bigBatchesSplitWithinLimitsAndOffsetsCoverExactlyTheRowsWritten() {
    StatementLimits limits = new StatementLimits(10, 8_000);
    List<ChangeRow> rows = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      rows.add(row(i % 700, "note 'ü' \n " + "x".repeat(i % 50), i % 9 == 0, i % 3, i / 3));
    }
    List<Transaction> plan =
        planner(WriteMode.UPSERT, limits).plan(List.of(new TableChanges(TABLE, rows)));
    assertThat(plan.size()).isGreaterThan(1);
    int total = 0;
    for (Transaction tx : plan) {
      assertThat(tx.statements()).hasSizeLessThanOrEqualTo(10);
      tx.statements().forEach(s -> assertThat(Utf8.byteLength(s)).isLessThan(8_000));
      total += tx.rowCount();
    }
    assertThat(total).isEqualTo(2_000);
    // The last transaction commits the offsets after the last change of each partition.
    Transaction last = plan.get(plan.size() - 1);
    assertThat(last.offsets().values()).contains(667L);
    // Offsets never go back between transactions.
    for (int i = 1; i < plan.size(); i++) {
      for (var e : plan.get(i).offsets().entrySet()) {
        Long before = plan.get(i - 1).offsets().get(e.getKey());
        assertThat(before == null || before <= e.getValue()).isTrue();
      }
    }
  }

  @Test
  void defaultLimitsGiveAtMostFortyStatementsUnderOneHundredKilobytes() {
    List<ChangeRow> rows = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      rows.add(row(i, "y".repeat(200), false, 0, i));
    }
    List<Transaction> plan =
        planner(WriteMode.UPSERT, StatementLimits.defaults())
            .plan(List.of(new TableChanges(TABLE, rows)));
    for (Transaction tx : plan) {
      assertThat(tx.statements()).hasSizeLessThanOrEqualTo(40);
      tx.statements().forEach(s -> assertThat(Utf8.byteLength(s)).isLessThan(100 * 1024));
    }
    // 38 planned + the fence the writer puts first (OffsetsTable.guard), preceded at SERIALIZABLE
    // by the offsets table's LOCK = 40.
    assertThat(plan.get(0).statements()).hasSize(38);
    assertThat(OFFSETS.guarded(plan.get(0), Map.of(), true)).hasSize(40);
  }

  @Test
  void severalTablesShareATransaction() {
    TableDef other =
        new TableDef(
            "public", "Customers", List.of(new ColumnDef("id", "BIGINT", false)), List.of("id"));
    List<Transaction> plan =
        planner(WriteMode.UPSERT, StatementLimits.defaults())
            .plan(
                List.of(
                    new TableChanges(TABLE, List.of(row(1, "a", false, 0, 0))),
                    new TableChanges(
                        other,
                        List.of(
                            new ChangeRow(
                                Map.of("id", 5L), false, new SourceOffset("customers", 0, 9))))));
    assertThat(plan).hasSize(1);
    assertThat(plan.get(0).statements()).contains("DROP TABLE \"tidemark_stage_1\"");
    assertThat(plan.get(0).offsets()).hasSize(2);
  }

  @Test
  void committedOffsetsParse() {
    assertThat(OffsetsTable.parseCommitted(List.of(List.of("a", "0", "5"), List.of("a", "1", "7"))))
        .containsEntry(new SourceOffset.TopicPartitionKey("a", 0), 5L)
        .containsEntry(new SourceOffset.TopicPartitionKey("a", 1), 7L);
    assertThatThrownBy(
            () -> OffsetsTable.parseCommitted(List.of(java.util.Arrays.asList("a", null, "5"))))
        .isInstanceOf(IllegalStateException.class);
    assertThat(OFFSETS.selectCommitted())
        .isEqualTo(
            "SELECT \"topic\", \"kafka_partition\", \"next_offset\", \"position_lineage\" FROM"
                + " \"public\".\"tidemark_offsets\" WHERE \"connector_name\" = 'sink-1' ORDER BY 1, 2");
    // The lineage mark rides along (absent: NULL, or a table from before the column).
    assertThat(
            OffsetsTable.parseLineage(
                List.of(
                    List.of("a", "0", "5", "1|4|9|0000000001-0000000000000000004|"),
                    java.util.Arrays.asList("a", "1", "7", null),
                    List.of("a", "2", "9"))))
        .containsOnly(
            java.util.Map.entry(
                new SourceOffset.TopicPartitionKey("a", 0),
                "1|4|9|0000000001-0000000000000000004|"));
    assertThat(OffsetsTable.parseCommitted(List.of(java.util.Arrays.asList("a", "1", "7", null))))
        .containsEntry(new SourceOffset.TopicPartitionKey("a", 1), 7L);
  }

  @Test
  void nullKeyAndOversizedRowAreDataErrors() {
    InsertPathPlanner p = planner(WriteMode.UPSERT, new StatementLimits(40, 5_000));
    Map<String, Object> noKey = new LinkedHashMap<>();
    noKey.put("note", "x");
    assertThatThrownBy(
            () ->
                p.plan(
                    List.of(
                        new TableChanges(
                            TABLE,
                            List.of(new ChangeRow(noKey, false, new SourceOffset("t", 0, 3)))))))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("t-0@3");
    assertThatThrownBy(
            () ->
                p.plan(
                    List.of(
                        new TableChanges(TABLE, List.of(row(1, "z".repeat(6_000), false, 0, 1))))))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("copy load path");
  }
}
