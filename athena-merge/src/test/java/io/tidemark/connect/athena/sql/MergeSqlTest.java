package io.tidemark.connect.athena.sql;

import static io.tidemark.connect.athena.Fixtures.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.connect.athena.Fixtures;
import io.tidemark.connect.athena.mapping.Column;
import io.tidemark.connect.athena.mapping.DeleteMode;
import io.tidemark.connect.athena.mapping.LandingFormat;
import io.tidemark.connect.athena.mapping.TableMapping;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MergeSqlTest {

  private static final MergeScope SCOPE =
      MergeScope.of(
          List.of("s3://lake/raw/u/partition=1/b.jsonl", "s3://lake/raw/u/partition=0/a.jsonl"),
          Map.of(id("partition"), List.of("1", "0")));

  @Test
  void hardDeletesWithDedupeGuardAndPruning() {
    String sql =
        MergeSql.merge(Fixtures.users("awsdatacatalog", "awsdatacatalog", DeleteMode.HARD), SCOPE);
    assertThat(sql)
        .isEqualTo(
            """
                MERGE INTO "awsdatacatalog"."lake"."users" AS t
                USING (
                SELECT "id", "registration_date", "__offset", "__tidemark_deleted"
                FROM (
                SELECT "id", "registration_date", "__offset", COALESCE(lower(CAST("__deleted" AS varchar)) = 'true', false) AS "__tidemark_deleted",
                ROW_NUMBER() OVER (PARTITION BY "id" ORDER BY "__offset" DESC, "$path" DESC) AS "__tidemark_rn"
                FROM "awsdatacatalog"."lake"."users_landing"
                WHERE "$path" IN ('s3://lake/raw/u/partition=0/a.jsonl', 's3://lake/raw/u/partition=1/b.jsonl')
                AND "partition" IN (0, 1)
                AND "id" IS NOT NULL
                ) AS d
                WHERE "__tidemark_rn" = 1
                AND ("__tidemark_deleted" OR NOT EXISTS (SELECT 1 FROM "awsdatacatalog"."lake"."users__tidemark_tombstones" AS g WHERE g."id" = d."id" AND g."__offset" > d."__offset"))
                ) AS s
                ON t."id" = s."id"
                WHEN MATCHED AND s."__tidemark_deleted" AND (t."__offset" IS NULL OR s."__offset" > t."__offset") THEN DELETE
                WHEN MATCHED AND NOT s."__tidemark_deleted" AND (t."__offset" IS NULL OR s."__offset" > t."__offset") THEN UPDATE SET "registration_date" = s."registration_date", "__offset" = s."__offset"
                WHEN NOT MATCHED AND NOT s."__tidemark_deleted" THEN INSERT ("id", "registration_date", "__offset")
                VALUES (s."id", s."registration_date", s."__offset")""");
  }

  @Test
  void softDeletesStoreTheMarkerAndInsertEverything() {
    String sql = MergeSql.merge(Fixtures.users("hive", "iceberg", DeleteMode.SOFT), SCOPE);
    assertThat(sql)
        .isEqualTo(
            """
                MERGE INTO "iceberg"."lake"."users" AS t
                USING (
                SELECT "id", "registration_date", "__deleted", "__offset"
                FROM (
                SELECT "id", "registration_date", "__deleted", "__offset",
                ROW_NUMBER() OVER (PARTITION BY "id" ORDER BY "__offset" DESC, "$path" DESC) AS "__tidemark_rn"
                FROM "hive"."lake"."users_landing"
                WHERE "$path" IN ('s3://lake/raw/u/partition=0/a.jsonl', 's3://lake/raw/u/partition=1/b.jsonl')
                AND "partition" IN (0, 1)
                AND "id" IS NOT NULL
                ) AS d
                WHERE "__tidemark_rn" = 1
                ) AS s
                ON t."id" = s."id"
                WHEN MATCHED AND (t."__offset" IS NULL OR s."__offset" > t."__offset") THEN UPDATE SET "registration_date" = s."registration_date", "__deleted" = s."__deleted", "__offset" = s."__offset"
                WHEN NOT MATCHED THEN INSERT ("id", "registration_date", "__deleted", "__offset")
                VALUES (s."id", s."registration_date", s."__deleted", s."__offset")""");
  }

  @Test
  void compositeKeysReservedWordsAndNoDeletesNoPartitions() {
    TableMapping m =
        new TableMapping(
            "orders",
            "orders",
            Fixtures.name("hive", "s", "orders_landing"),
            "s3://b/orders/",
            LandingFormat.PARQUET,
            Column.parseList("order:bigint,date:date,select:string,_pos:bigint", "x"),
            List.of(),
            Fixtures.name("iceberg", "s", "orders"),
            Optional.empty(),
            List.of(id("order"), id("date")),
            id("_pos"),
            Optional.empty(),
            DeleteMode.HARD,
            List.of(id("select")),
            List.of());
    String sql = MergeSql.merge(m, MergeScope.of(List.of("s3://b/orders/o'1.parquet"), Map.of()));
    assertThat(sql)
        .contains("PARTITION BY \"order\", \"date\" ORDER BY \"_pos\" DESC")
        .contains(
            "WHERE \"$path\" IN ('s3://b/orders/o''1.parquet')\nAND \"order\" IS NOT NULL\nAND \"date\" IS NOT NULL")
        .contains("ON t.\"order\" = s.\"order\" AND t.\"date\" = s.\"date\"")
        .contains(
            "WHEN MATCHED AND (t.\"_pos\" IS NULL OR s.\"_pos\" > t.\"_pos\") THEN UPDATE SET \"select\" = s.\"select\", \"_pos\" = s.\"_pos\"")
        .contains("WHEN NOT MATCHED THEN INSERT (\"order\", \"date\", \"select\", \"_pos\")")
        .doesNotContain("DELETE");
  }

  @Test
  void equalScopesRenderEqualSqlWhateverTheInputOrder() {
    MergeScope reversed =
        MergeScope.of(
            List.of("s3://lake/raw/u/partition=0/a.jsonl", "s3://lake/raw/u/partition=1/b.jsonl"),
            Map.of(id("partition"), List.of("0", "1")));
    TableMapping m = Fixtures.users("c", "c", DeleteMode.HARD);
    assertThat(MergeSql.merge(m, reversed)).isEqualTo(MergeSql.merge(m, SCOPE));
  }

  @Test
  void keyRangesBoundTheTargetSideOfTheMatch() {
    MergeScope bounded =
        MergeScope.of(
            List.of("s3://b/orders/o.parquet"),
            Map.of(),
            Map.of(id("order"), new KeyRange(-5, 120), id("date"), new KeyRange(3, 3)));
    TableMapping m =
        new TableMapping(
            "orders",
            "orders",
            Fixtures.name("hive", "s", "orders_landing"),
            "s3://b/orders/",
            LandingFormat.PARQUET,
            Column.parseList("order:bigint,date:int,_pos:bigint", "x"),
            List.of(),
            Fixtures.name("iceberg", "s", "orders"),
            Optional.empty(),
            List.of(id("order"), id("date")),
            id("_pos"),
            Optional.empty(),
            DeleteMode.HARD,
            List.of(),
            List.of());
    String sql = MergeSql.merge(m, bounded);
    assertThat(sql)
        .contains(
            "\nON t.\"order\" = s.\"order\" AND t.\"date\" = s.\"date\""
                + " AND t.\"date\" BETWEEN 3 AND 3 AND t.\"order\" BETWEEN -5 AND 120\nWHEN");
    // The source is not filtered by the range: a key outside it would still be read, never dropped.
    assertThat(sql.substring(0, sql.indexOf("\nON "))).doesNotContain("BETWEEN");
    assertThat(MergeSql.fullRescan(m)).doesNotContain("BETWEEN");
  }
}
