package io.tidemark.connect.athena.sql;

import static io.tidemark.connect.athena.Fixtures.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.connect.athena.Fixtures;
import io.tidemark.connect.athena.mapping.DeleteMode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserTransactionsSqlTest {

  private static final MergeScope SCOPE =
      MergeScope.of(
          List.of("s3://lake/raw/t/partition=0/a.jsonl"), Map.of(id("partition"), List.of("0")));

  private final UserTransactionsSql sql =
      new UserTransactionsSql(
          Fixtures.name("iceberg", "lake", "user_transactions"),
          Fixtures.name("iceberg", "lake", "user_transactions_dirty"),
          Fixtures.transactions("hive", "iceberg"),
          Fixtures.users("hive", "iceberg", DeleteMode.HARD));

  @Test
  void marksNewDaysAndTheDaysMovedTransactionsLeave() {
    assertThat(sql.markDirtyFromTransactions(SCOPE))
        .isEqualTo(
            """
                INSERT INTO "iceberg"."lake"."user_transactions_dirty" ("dt")
                SELECT DISTINCT c."dt" FROM (
                SELECT "dt" FROM "hive"."lake"."transactions_landing"
                WHERE "$path" IN ('s3://lake/raw/t/partition=0/a.jsonl')
                AND "partition" IN (0)
                AND "transaction_id" IS NOT NULL
                UNION ALL
                SELECT m."dt" FROM "iceberg"."lake"."transactions" AS m
                WHERE EXISTS (SELECT 1 FROM "hive"."lake"."transactions_landing" AS l
                WHERE "$path" IN ('s3://lake/raw/t/partition=0/a.jsonl')
                AND "partition" IN (0)
                AND "transaction_id" IS NOT NULL
                AND l."transaction_id" = m."transaction_id")
                ) AS c
                WHERE c."dt" IS NOT NULL""");
  }

  @Test
  void userChangesMarkEveryDayOfTheirTransactions() {
    assertThat(sql.markDirtyFromUsers(SCOPE))
        .isEqualTo(
            """
                INSERT INTO "iceberg"."lake"."user_transactions_dirty" ("dt")
                SELECT DISTINCT m."dt" FROM "iceberg"."lake"."transactions" AS m
                WHERE m."dt" IS NOT NULL AND m."user_id" IN (SELECT "id" FROM "hive"."lake"."users_landing"
                WHERE "$path" IN ('s3://lake/raw/t/partition=0/a.jsonl')
                AND "partition" IN (0)
                AND "id" IS NOT NULL)""");
  }

  @Test
  void recomputeUpsertsTheFirstHundredDirtyDaysAndDeletesEmptiedRowsThenClearsThoseDays() {
    String firstDays =
        "SELECT \"dt\" FROM (SELECT DISTINCT \"dt\" FROM \"iceberg\".\"lake\".\"user_transactions_dirty\" "
            + "ORDER BY \"dt\" LIMIT 100) AS n";
    String merge = sql.recompute();
    assertThat(merge)
        .startsWith("MERGE INTO \"iceberg\".\"lake\".\"user_transactions\" AS t\n")
        .contains("CAST(sum(x.\"total_cost\") AS decimal(12,2)) AS \"total_cost_usd\"")
        .contains("LEFT JOIN \"iceberg\".\"lake\".\"users\" AS u ON u.\"id\" = x.\"user_id\"\n")
        .contains("WHERE x.\"dt\" IN (" + firstDays + ") AND x.\"user_id\" IS NOT NULL\n")
        .contains("SELECT a.\"dt\", a.\"user_id\", NULL, NULL, true\n")
        .contains("WHERE a.\"dt\" IN (" + firstDays + ")\n")
        .contains("WHEN MATCHED AND s.\"__tidemark_gone\" THEN DELETE\n")
        .contains("WHEN NOT MATCHED AND NOT s.\"__tidemark_gone\" THEN INSERT");
    assertThat(sql.clearDirty())
        .isEqualTo(
            "DELETE FROM \"iceberg\".\"lake\".\"user_transactions_dirty\" WHERE \"dt\" IN ("
                + firstDays
                + ")");
    assertThat(sql.dirtyDayCount())
        .isEqualTo(
            "SELECT count(DISTINCT \"dt\") FROM \"iceberg\".\"lake\".\"user_transactions_dirty\"");
  }

  @Test
  void softDeletedMirrorRowsDoNotCount() {
    UserTransactionsSql soft =
        new UserTransactionsSql(
            Fixtures.name("iceberg", "lake", "user_transactions"),
            Fixtures.name("iceberg", "lake", "d"),
            Fixtures.transactions("hive", "iceberg"),
            Fixtures.users("hive", "iceberg", DeleteMode.SOFT));
    assertThat(soft.recompute())
        .contains(
            "ON u.\"id\" = x.\"user_id\" AND NOT COALESCE(lower(CAST(u.\"__deleted\" AS varchar)) = 'true', false)");
  }

  @Test
  void needsTheDemoColumns() {
    assertThatThrownBy(
            () ->
                new UserTransactionsSql(
                    Fixtures.name("c", "s", "a"),
                    Fixtures.name("c", "s", "d"),
                    Fixtures.users("c", "c", DeleteMode.HARD),
                    Fixtures.users("c", "c", DeleteMode.HARD)))
        .hasMessageContaining("needs target column transaction_id");
  }
}
