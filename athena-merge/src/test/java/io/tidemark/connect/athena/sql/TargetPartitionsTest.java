package io.tidemark.connect.athena.sql;

import static io.tidemark.connect.athena.Fixtures.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.connect.athena.Fixtures;
import io.tidemark.connect.athena.mapping.Column;
import io.tidemark.connect.athena.mapping.DeleteMode;
import io.tidemark.connect.athena.mapping.LandingFormat;
import io.tidemark.connect.athena.mapping.PartitionTransform;
import io.tidemark.connect.athena.mapping.TableMapping;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class TargetPartitionsTest {

  private static final MergeScope SCOPE =
      MergeScope.of(
          List.of("s3://lake/raw/t/partition=0/a.jsonl"), Map.of(id("partition"), List.of("0")));

  private static TableMapping partitionedBy(String partitioning) {
    List<Column> cols =
        Column.parseList(
            "id:bigint,code:int,name:string,ts:timestamp,d:date,amount:decimal(10,2),__offset:bigint",
            "x");
    return new TableMapping(
        "t",
        "t",
        Fixtures.name("hive", "s", "t_landing"),
        "s3://b/t/",
        LandingFormat.PARQUET,
        cols,
        List.of(),
        Fixtures.name("iceberg", "s", "t"),
        Optional.empty(),
        List.of(id("id")),
        id("__offset"),
        Optional.empty(),
        DeleteMode.HARD,
        cols.stream().map(Column::name).toList(),
        PartitionTransform.parseList(partitioning, cols, "x"));
  }

  @Test
  void everyTransformButBucketBecomesAnExpressionAtLeastAsFineAsTheTransform() {
    assertThat(
            TargetPartitions.expressions(
                partitionedBy(
                    "d, year(ts), month(ts), day(ts), hour(ts), truncate(10, code), truncate(3, name), truncate(2, amount), bucket(16, id)")))
        .containsExactly(
            "\"d\"",
            "year(\"ts\")",
            "date_trunc('month', \"ts\")",
            "date_trunc('day', \"ts\")",
            "date_trunc('hour', \"ts\")",
            "(\"code\" - mod(mod(\"code\", 10) + 10, 10))",
            "substr(\"name\", 1, 3)",
            "\"amount\"");
  }

  @Test
  void bucketsDivideWhatOneStatementMayWriteAndOnlyValueTransformsCanBeSliced() {
    assertThat(TargetPartitions.tuplesPerStatement(partitionedBy("day(ts)"), 100))
        .isEqualTo(OptionalInt.of(100));
    assertThat(TargetPartitions.tuplesPerStatement(partitionedBy("day(ts), bucket(16, id)"), 100))
        .isEqualTo(OptionalInt.of(6));
    assertThat(TargetPartitions.tuplesPerStatement(partitionedBy("bucket(16, id)"), 100)).isEmpty();
    assertThat(
            TargetPartitions.tuplesPerStatement(
                partitionedBy("d, bucket(16, id), bucket(8, code)"), 100))
        .isEmpty();
    assertThat(TargetPartitions.tuplesPerStatement(Fixtures.users("c", "c", DeleteMode.HARD), 100))
        .isEmpty();
  }

  @Test
  void theCountReadsTheSameRowsAsTheMerge() {
    assertThat(TargetPartitions.countSql(Fixtures.transactions("hive", "iceberg"), SCOPE))
        .isEqualTo(
            """
                SELECT count(*) FROM (
                SELECT DISTINCT "dt"
                FROM "hive"."lake"."transactions_landing"
                WHERE "$path" IN ('s3://lake/raw/t/partition=0/a.jsonl')
                AND "partition" IN (0)
                AND "transaction_id" IS NOT NULL
                ) AS p""");
  }

  @Test
  void aSliceKeepsTheNewestChangePerKeyThenItsRanksOfPartitionValues() {
    TableMapping m = Fixtures.transactions("hive", "iceberg");
    String sql = MergeSql.merge(m, SCOPE, new TargetSlice(2, 4, 100));
    assertThat(sql)
        .contains(
            """
                ROW_NUMBER() OVER (PARTITION BY "transaction_id" ORDER BY "__offset" DESC, "$path" DESC) AS "__tidemark_rn",
                DENSE_RANK() OVER (ORDER BY "dt") AS "__tidemark_partition_rank"
                FROM "hive"."lake"."transactions_landing"
                WHERE "$path" IN ('s3://lake/raw/t/partition=0/a.jsonl')
                AND "partition" IN (0)
                AND "transaction_id" IS NOT NULL
                ) AS d
                WHERE "__tidemark_rn" = 1 AND ("__tidemark_partition_rank" - 1) / 100 = 2
                AND ("__tidemark_deleted" OR NOT EXISTS (SELECT 1 FROM "iceberg"."lake"."transactions__tidemark_tombstones" AS g WHERE g."transaction_id" = d."transaction_id" AND g."__offset" > d."__offset"))
                ) AS s
                """);
    // Apart from the slice, the statement is the whole MERGE.
    String whole = MergeSql.merge(m, SCOPE);
    assertThat(
            sql.replace(
                    ",\nDENSE_RANK() OVER (ORDER BY \"dt\") AS \"__tidemark_partition_rank\"", "")
                .replace(" AND (\"__tidemark_partition_rank\" - 1) / 100 = 2", ""))
        .isEqualTo(whole);
    assertThat(whole).doesNotContain("__tidemark_partition_rank");
  }

  @Test
  void slicesAreNumberedWithinTheirCount() {
    assertThat(new TargetSlice(0, 3, 100)).hasToString("slice 1 of 3");
    assertThatThrownBy(() -> new TargetSlice(3, 3, 100))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TargetSlice(0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
