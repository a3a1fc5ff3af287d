package io.tidemark.connect.athena.sql;

import io.tidemark.connect.athena.mapping.Column;
import io.tidemark.connect.athena.mapping.ColumnType;
import io.tidemark.connect.athena.mapping.TableMapping;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The positions of hard-deleted keys, kept beside the target ({@code
 * <target>__tidemark_tombstones}: the key columns, the position column and {@code
 * __tidemark_recorded_ms}) so that a change older than a key's delete, merged after it, cannot
 * insert the key again. Under {@code delete.mode=soft} the target's own row is the tombstone and
 * none of this is used.
 *
 * <ul>
 *   <li>{@link #record}: before each MERGE, the batch's keys whose newest change is a delete get
 *       that delete's position (never a lower one), stamped with the engine's clock;
 *   <li>{@link MergeSql}: the MERGE keeps, of the de-duplicated changes, deletes and the changes
 *       newer than the key's tombstone;
 *   <li>{@link #purge}: tombstones recorded longer ago than the retention go (with the vacuum).
 * </ul>
 *
 * README "Deletes stay deleted" has the argument and why the retention is safe.
 */
public final class Tombstones {

  /** Suffix of the tombstone table's name. */
  public static final String SUFFIX = "__tidemark_tombstones";

  /** When the engine last recorded the tombstone, epoch milliseconds. */
  static final String RECORDED_MS = TableMapping.RESERVED_PREFIX + "recorded_ms";

  /** The engine's clock in epoch milliseconds (Athena and Trino alike). */
  static final String NOW_MS = "CAST(to_unixtime(current_timestamp) * 1000 AS bigint)";

  private static final Quoting Q = Quoting.DOUBLE_QUOTES;

  private Tombstones() {}

  /** The tombstone table of {@code m}'s target. */
  public static QualifiedName table(TableMapping m) {
    return new QualifiedName(
        m.target().catalog(),
        m.target().schema(),
        Identifier.of(m.target().table().name() + SUFFIX, "table." + m.alias() + ".target"));
  }

  /** The tombstone table's columns: the keys, the position, the time it was recorded. */
  public static List<Column> columns(TableMapping m) {
    List<Column> out = new ArrayList<>();
    m.keys().forEach(k -> out.add(m.column(k)));
    out.add(m.column(m.position()));
    out.add(
        new Column(
            Identifier.of(RECORDED_MS, "tombstones"), ColumnType.of(ColumnType.Kind.BIGINT)));
    return out;
  }

  /**
   * Records the tombstones of the batch's deleted keys: per key the newest change of the scope (as
   * the MERGE picks it); where that is a delete, its position replaces a lower or equal stored one
   * (equal: a repeated delete renews the time) or is inserted.
   */
  public static String record(TableMapping m, MergeScope scope) {
    String keys = m.keys().stream().map(Q::quote).collect(Collectors.joining(", "));
    String pos = Q.quote(m.position());
    String rn = Q.quote(MergeSql.ROW_NUMBER);
    String deleted = Q.quote(MergeSql.DELETED);
    String recorded = Q.quote(RECORDED_MS);
    StringBuilder sql = new StringBuilder(1024);
    sql.append("MERGE INTO ").append(Q.withCatalog(table(m))).append(" AS g\nUSING (\n");
    sql.append("SELECT ").append(keys).append(", ").append(pos).append('\n');
    sql.append("FROM (\n");
    sql.append("SELECT ")
        .append(keys)
        .append(", ")
        .append(pos)
        .append(", ")
        .append(MergeSql.isTrue(Q.quote(m.deleteColumn().orElseThrow())))
        .append(" AS ")
        .append(deleted)
        .append(",\nROW_NUMBER() OVER (PARTITION BY ")
        .append(keys)
        .append(" ORDER BY ")
        .append(pos)
        .append(" DESC, \"$path\" DESC) AS ")
        .append(rn)
        .append('\n');
    sql.append("FROM ").append(Q.withCatalog(m.landing())).append('\n');
    sql.append("WHERE ").append(MergeSql.sourceFilter(m, scope)).append('\n');
    sql.append(") AS d\nWHERE ").append(rn).append(" = 1 AND ").append(deleted).append('\n');
    sql.append(") AS s\nON ")
        .append(
            m.keys().stream()
                .map(k -> "g." + Q.quote(k) + " = s." + Q.quote(k))
                .collect(Collectors.joining(" AND ")))
        .append(MergeSql.targetKeyBounds(scope, "g"))
        .append('\n');
    sql.append("WHEN MATCHED AND s.")
        .append(pos)
        .append(" >= g.")
        .append(pos)
        .append(" THEN UPDATE SET ")
        .append(pos)
        .append(" = s.")
        .append(pos)
        .append(", ")
        .append(recorded)
        .append(" = ")
        .append(NOW_MS)
        .append('\n');
    sql.append("WHEN NOT MATCHED THEN INSERT (")
        .append(keys)
        .append(", ")
        .append(pos)
        .append(", ")
        .append(recorded)
        .append(")\nVALUES (")
        .append(m.keys().stream().map(k -> "s." + Q.quote(k)).collect(Collectors.joining(", ")))
        .append(", s.")
        .append(pos)
        .append(", ")
        .append(NOW_MS)
        .append(')');
    return sql.toString();
  }

  /**
   * The MERGE source's condition (over the de-duplicated rows {@code d}): a delete, or a change
   * newer than the key's tombstone.
   */
  static String newerThanTombstone(TableMapping m, String targetBounds) {
    String pos = Q.quote(m.position());
    return "("
        + Q.quote(MergeSql.DELETED)
        + " OR NOT EXISTS (SELECT 1 FROM "
        + Q.withCatalog(table(m))
        + " AS g WHERE "
        + m.keys().stream()
            .map(k -> "g." + Q.quote(k) + " = d." + Q.quote(k))
            .collect(Collectors.joining(" AND "))
        + targetBounds
        + " AND g."
        + pos
        + " > d."
        + pos
        + "))";
  }

  /** Removes the tombstones recorded more than {@code retention} ago by the engine's clock. */
  public static String purge(TableMapping m, Duration retention) {
    return "DELETE FROM "
        + Q.withCatalog(table(m))
        + "\nWHERE "
        + Q.quote(RECORDED_MS)
        + " < "
        + NOW_MS
        + " - "
        + retention.toMillis();
  }
}
