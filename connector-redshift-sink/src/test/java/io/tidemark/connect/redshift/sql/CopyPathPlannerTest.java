package io.tidemark.connect.redshift.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CopyPathPlannerTest {

  @Test
  void copyFromManifestThenApplyAndOffsetsInOneTransaction() {
    RedshiftNames names = RedshiftNames.defaults();
    TableDef table =
        new TableDef(
            "public", "orders", List.of(new ColumnDef("id", "BIGINT", false)), List.of("id"));
    CopyPathPlanner planner =
        new CopyPathPlanner(
            new StageSql(names, WriteMode.UPSERT),
            new OffsetsTable(names, "public", "tidemark_offsets", "c"),
            "arn:aws:iam::123:role/it's",
            "eu-west-1");
    Transaction tx =
        planner.plan(
            List.of(
                new CopyPathPlanner.StagedTable(
                    table,
                    "s3://bucket/p/batch-1.manifest",
                    3,
                    Map.of(new SourceOffset.TopicPartitionKey("orders", 0), 43L))));
    assertThat(tx.statements()).hasSize(8);
    assertThat(tx.statements().get(1))
        .isEqualTo(
            "COPY \"tidemark_stage_0\" (\"id\", \"__tm_op\", \"__tm_pos\")"
                + " FROM 's3://bucket/p/batch-1.manifest' IAM_ROLE 'arn:aws:iam::123:role/it''s'"
                + " FORMAT AS JSON 'auto' GZIP MANIFEST TIMEFORMAT 'auto' REGION 'eu-west-1'");
    assertThat(tx.statements().get(6))
        .endsWith("SELECT 'c', 'orders', 0, 43 FROM \"tidemark_guard\" WHERE \"ok\" = 1");
    assertThat(tx.statements().get(7)).isEqualTo("DROP TABLE \"tidemark_guard\"");
    assertThat(tx.rowCount()).isEqualTo(3);
  }

  @Test
  void manifestMustBeAnS3Url() {
    TableDef table =
        new TableDef("s", "t", List.of(new ColumnDef("id", "BIGINT", false)), List.of("id"));
    assertThatThrownBy(
            () -> new CopyPathPlanner.StagedTable(table, "'; DROP TABLE t; --", 1, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
