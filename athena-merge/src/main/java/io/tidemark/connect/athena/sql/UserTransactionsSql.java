package io.tidemark.connect.athena.sql;

import io.tidemark.connect.athena.mapping.DeleteMode;
import io.tidemark.connect.athena.mapping.TableMapping;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The demo's downstream aggregate (DEMO.md): {@code user_transactions(dt, user_id, total_cost_usd,
 * registration_date)} kept equal to the aggregate of the Iceberg mirrors of {@code transactions}
 * and {@code users}, touching only the {@code dt} partitions that changed.
 *
 * <p>Adding deltas cannot work: when a transaction moves to another day, the landing file holds
 * only its new {@code dt}, and after the mirror MERGE the old one is gone. So the affected days are
 * recorded <em>before</em> the mirror MERGE in a small Iceberg queue table ({@code dirty}), and
 * after it those days are recomputed from the mirrors:
 *
 * <ol>
 *   <li>{@link #markDirtyFromTransactions}: the batch's new {@code dt}s and the mirror's current
 *       {@code dt}s of the batch's keys (the old days of moved transactions);
 *   <li>the mirror MERGE ({@link MergeSql});
 *   <li>{@link #recompute}: one MERGE that upserts the recomputed rows of the first 100 dirty days
 *       and deletes aggregate rows of those days that no longer have transactions;
 *   <li>{@link #clearDirty} takes those days off the queue; steps 3 and 4 repeat while {@link
 *       #dirtyDayCount} is above 0 (a snapshot can dirty years of days at once).
 * </ol>
 *
 * A crash anywhere repeats the steps: step 1 only adds days, step 2 is guarded by position, step 3
 * is a pure function of the mirrors, so the result is the same. For a {@code users} batch, {@link
 * #markDirtyFromUsers} marks every day on which those users have transactions. Steps 3 and 4 must
 * run under one writer per aggregate (4 removes what 3 recomputed).
 */
public final class UserTransactionsSql {

  private static final Quoting Q = Quoting.DOUBLE_QUOTES;
  private static final String GONE = TableMapping.RESERVED_PREFIX + "gone";

  /** Days one recompute writes: Athena's limit of partitions written per statement. */
  public static final int DAYS_PER_ROUND = 100;

  private final QualifiedName aggregate;
  private final QualifiedName dirty;
  private final TableMapping transactions;
  private final TableMapping users;

  public UserTransactionsSql(
      QualifiedName aggregate, QualifiedName dirty, TableMapping transactions, TableMapping users) {
    this.aggregate = Objects.requireNonNull(aggregate, "aggregate");
    this.dirty = Objects.requireNonNull(dirty, "dirty");
    this.transactions = Objects.requireNonNull(transactions, "transactions");
    this.users = Objects.requireNonNull(users, "users");
    require(transactions, "transaction_id", "user_id", "total_cost", "dt");
    require(users, "id", "registration_date");
  }

  private static void require(TableMapping m, String... columns) {
    for (String c : columns) {
      Identifier id = Identifier.of(c, "column");
      if (m.targetColumns().stream().noneMatch(t -> t.name().equals(id))) {
        throw new IllegalArgumentException(
            "table." + m.alias() + ": user_transactions needs target column " + c);
      }
    }
  }

  /**
   * Step 1 for a transactions batch: the days it writes and the days its keys are on now (the
   * mirror is read within the batch's key ranges, like the MERGE's target side).
   */
  public String markDirtyFromTransactions(MergeScope scope) {
    String landing = Q.withCatalog(transactions.landing());
    String correlation =
        transactions.keys().stream()
            .map(k -> "l." + Q.quote(k) + " = m." + Q.quote(k))
            .collect(Collectors.joining(" AND "));
    return "INSERT INTO "
        + Q.withCatalog(dirty)
        + " (\"dt\")\n"
        + "SELECT DISTINCT c.\"dt\" FROM (\n"
        + "SELECT \"dt\" FROM "
        + landing
        + "\nWHERE "
        + MergeSql.sourceFilter(transactions, scope)
        + "\n"
        + "UNION ALL\n"
        + "SELECT m.\"dt\" FROM "
        + Q.withCatalog(transactions.target())
        + " AS m\n"
        + "WHERE EXISTS (SELECT 1 FROM "
        + landing
        + " AS l\nWHERE "
        + MergeSql.sourceFilter(transactions, scope)
        + "\nAND "
        + correlation
        + ")"
        + MergeSql.targetKeyBounds(scope, "m")
        + "\n"
        + ") AS c\nWHERE c.\"dt\" IS NOT NULL";
  }

  /** Step 1 for a users batch: every day on which the batch's users have transactions. */
  public String markDirtyFromUsers(MergeScope scope) {
    return "INSERT INTO "
        + Q.withCatalog(dirty)
        + " (\"dt\")\n"
        + "SELECT DISTINCT m.\"dt\" FROM "
        + Q.withCatalog(transactions.target())
        + " AS m\n"
        + "WHERE m.\"dt\" IS NOT NULL AND m.\"user_id\" IN (SELECT \"id\" FROM "
        + Q.withCatalog(users.landing())
        + "\nWHERE "
        + MergeSql.sourceFilter(users, scope)
        + ")";
  }

  /**
   * Step 3: recompute the first {@link #DAYS_PER_ROUND} dirty days from the mirrors in one MERGE
   * (the aggregate is partitioned by day, and one statement may write at most 100 partitions); with
   * step 4, repeated while {@link #dirtyDayCount()} is above 0.
   */
  public String recompute() {
    String days = nextDirtyDays();
    String recomputed =
        "SELECT x.\"dt\", x.\"user_id\", CAST(sum(x.\"total_cost\") AS decimal(12,2)) AS \"total_cost_usd\", "
            + "max(u.\"registration_date\") AS \"registration_date\"\n"
            + "FROM "
            + Q.withCatalog(transactions.target())
            + " AS x\n"
            + "LEFT JOIN "
            + Q.withCatalog(users.target())
            + " AS u ON u.\"id\" = x.\"user_id\""
            + live(users, "u")
            + "\n"
            + "WHERE x.\"dt\" IN ("
            + days
            + ") AND x.\"user_id\" IS NOT NULL"
            + live(transactions, "x")
            + "\n"
            + "GROUP BY x.\"dt\", x.\"user_id\"";
    String agg = Q.withCatalog(aggregate);
    return "MERGE INTO "
        + agg
        + " AS t\nUSING (\n"
        + "SELECT r.\"dt\", r.\"user_id\", r.\"total_cost_usd\", r.\"registration_date\", false AS "
        + Q.quote(GONE)
        + "\n"
        + "FROM (\n"
        + recomputed
        + "\n) AS r\n"
        + "UNION ALL\n"
        + "SELECT a.\"dt\", a.\"user_id\", NULL, NULL, true\nFROM "
        + agg
        + " AS a\n"
        + "WHERE a.\"dt\" IN ("
        + days
        + ")\n"
        + "AND NOT EXISTS (SELECT 1 FROM (\n"
        + recomputed
        + "\n) AS r WHERE r.\"dt\" = a.\"dt\" AND r.\"user_id\" = a.\"user_id\")\n"
        + ") AS s\n"
        + "ON t.\"dt\" = s.\"dt\" AND t.\"user_id\" = s.\"user_id\"\n"
        + "WHEN MATCHED AND s."
        + Q.quote(GONE)
        + " THEN DELETE\n"
        + "WHEN MATCHED AND (t.\"total_cost_usd\" IS DISTINCT FROM s.\"total_cost_usd\" "
        + "OR t.\"registration_date\" IS DISTINCT FROM s.\"registration_date\") "
        + "THEN UPDATE SET \"total_cost_usd\" = s.\"total_cost_usd\", \"registration_date\" = s.\"registration_date\"\n"
        + "WHEN NOT MATCHED AND NOT s."
        + Q.quote(GONE)
        + " THEN INSERT (\"dt\", \"user_id\", \"total_cost_usd\", \"registration_date\")\n"
        + "VALUES (s.\"dt\", s.\"user_id\", s.\"total_cost_usd\", s.\"registration_date\")";
  }

  /**
   * DDL of the aggregate (partitioned by {@code dt}) and of its queue, both Iceberg.
   *
   * @param athena Athena syntax (which needs {@code location}) instead of Trino's
   * @param location {@code s3://prefix/}; the tables go to {@code <prefix>/<table>/}
   */
  public List<String> createTables(boolean athena, Optional<String> location) {
    String columns =
        "dt date, user_id bigint, total_cost_usd decimal(12,2), registration_date date";
    if (athena) {
      String prefix =
          location.orElseThrow(
              () -> new IllegalArgumentException("Athena needs a location for " + aggregate));
      String base = prefix.endsWith("/") ? prefix : prefix + "/";
      return List.of(
          "CREATE TABLE IF NOT EXISTS "
              + Quoting.BACKTICKS.withoutCatalog(aggregate)
              + " ("
              + columns
              + ")\n"
              + "PARTITIONED BY (dt)\nLOCATION "
              + SqlLiterals.string(base + aggregate.table().name() + "/")
              + "\nTBLPROPERTIES ('table_type'='ICEBERG', 'format'='parquet')",
          "CREATE TABLE IF NOT EXISTS "
              + Quoting.BACKTICKS.withoutCatalog(dirty)
              + " (dt date)\n"
              + "LOCATION "
              + SqlLiterals.string(base + dirty.table().name() + "/")
              + "\nTBLPROPERTIES ('table_type'='ICEBERG', 'format'='parquet')");
    }
    String aggLocation =
        location
            .map(
                l ->
                    ", location = "
                        + SqlLiterals.string(
                            (l.endsWith("/") ? l : l + "/") + aggregate.table().name()))
            .orElse("");
    String dirtyLocation =
        location
            .map(
                l ->
                    " WITH (location = "
                        + SqlLiterals.string((l.endsWith("/") ? l : l + "/") + dirty.table().name())
                        + ")")
            .orElse("");
    return List.of(
        "CREATE TABLE IF NOT EXISTS "
            + Q.withCatalog(aggregate)
            + " ("
            + columns
            + ")\nWITH (partitioning = ARRAY['dt']"
            + aggLocation
            + ")",
        "CREATE TABLE IF NOT EXISTS " + Q.withCatalog(dirty) + " (dt date)" + dirtyLocation);
  }

  /** The aggregate's rows ordered by day and user, for printing (the demo's last step). */
  public String selectAll() {
    return "SELECT \"dt\", \"user_id\", \"total_cost_usd\", \"registration_date\" FROM "
        + Q.withCatalog(aggregate)
        + " ORDER BY \"dt\", \"user_id\"";
  }

  /** Step 4: take the days step 3 recomputed off the queue. */
  public String clearDirty() {
    return "DELETE FROM " + Q.withCatalog(dirty) + " WHERE \"dt\" IN (" + nextDirtyDays() + ")";
  }

  /** How many distinct days the queue holds. */
  public String dirtyDayCount() {
    return "SELECT count(DISTINCT \"dt\") FROM " + Q.withCatalog(dirty);
  }

  /**
   * The first days of the queue: a pure function of the queue, so steps 3 and 4 (one writer,
   * nothing added between them) agree on them.
   */
  private String nextDirtyDays() {
    return "SELECT \"dt\" FROM (SELECT DISTINCT \"dt\" FROM "
        + Q.withCatalog(dirty)
        + " ORDER BY \"dt\" LIMIT "
        + DAYS_PER_ROUND
        + ") AS n";
  }

  /** Soft-deleted mirror rows do not count. */
  private static String live(TableMapping m, String alias) {
    if (m.deleteMode() != DeleteMode.SOFT) {
      return "";
    }
    return " AND NOT " + MergeSql.isTrue(alias + "." + Q.quote(m.deleteColumn().orElseThrow()));
  }
}
