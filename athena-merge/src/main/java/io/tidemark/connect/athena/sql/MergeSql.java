package io.tidemark.connect.athena.sql;

import io.tidemark.connect.athena.mapping.Column;
import io.tidemark.connect.athena.mapping.DeleteMode;
import io.tidemark.connect.athena.mapping.LandingPartition;
import io.tidemark.connect.athena.mapping.TableMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.stream.Collectors;

/**
 * The one DML generator, shared by Athena (engine v3) and Trino: a MERGE from the landing table,
 * restricted to the given objects, into the Iceberg target.
 *
 * <ul>
 *   <li>source rows: only {@code "$path" IN (...)} plus {@code IN} predicates on the landing
 *       partition columns (pruning); rows with a null key are ignored;
 *   <li>de-duplicated per key: {@code ROW_NUMBER() OVER (PARTITION BY keys ORDER BY position DESC,
 *       "$path" DESC)} = 1, so the newest change of the batch wins;
 *   <li>every matched branch requires the incoming position to be newer than the stored one (or the
 *       stored one to be null), so a replayed or out-of-order batch changes nothing;
 *   <li>a delete marker deletes ({@link DeleteMode#HARD}) or is stored ({@link DeleteMode#SOFT}); a
 *       deleted key that is not in the target is not inserted under HARD, and under HARD a change
 *       not newer than the key's {@link Tombstones tombstone} (its last delete) is left out;
 *   <li>a {@link TargetSlice} keeps, of the de-duplicated rows, those of some target partition
 *       values, for a MERGE that would write more partitions than one statement may.
 * </ul>
 */
public final class MergeSql {

  static final String ROW_NUMBER = TableMapping.RESERVED_PREFIX + "rn";
  static final String DELETED = TableMapping.RESERVED_PREFIX + "deleted";
  static final String PARTITION_RANK = TableMapping.RESERVED_PREFIX + "partition_rank";

  private static final Quoting Q = Quoting.DOUBLE_QUOTES;

  private MergeSql() {}

  public static String merge(TableMapping m, MergeScope scope) {
    return merge(
        m, sourceFilter(m, scope), targetKeyBounds(scope, "t"), targetKeyBounds(scope, "g"), null);
  }

  /**
   * The part of the MERGE over {@code scope} whose rows fall in {@code slice} (see {@link
   * TargetSlice}).
   */
  public static String merge(TableMapping m, MergeScope scope, TargetSlice slice) {
    return merge(
        m, sourceFilter(m, scope), targetKeyBounds(scope, "t"), targetKeyBounds(scope, "g"), slice);
  }

  /**
   * The same MERGE over every landed row, as the seed's scheduled batch job ran it: a full rebuild
   * (the CLI's backfill without a prefix) and the cost benchmark's baseline. Its scan grows with
   * the history; {@link #merge(TableMapping, MergeScope)} reads only new objects.
   */
  public static String fullRescan(TableMapping m) {
    return merge(
        m,
        m.keys().stream()
            .map(k -> Q.quote(k) + " IS NOT NULL")
            .collect(Collectors.joining("\nAND ")),
        "",
        "",
        null);
  }

  private static String merge(
      TableMapping m,
      String sourceFilter,
      String targetBounds,
      String tombstoneBounds,
      TargetSlice slice) {
    List<Column> target = m.targetColumns();
    boolean hardDeletes = m.hardDeletes();
    String cols = target.stream().map(c -> Q.quote(c.name())).collect(Collectors.joining(", "));
    String keys = m.keys().stream().map(Q::quote).collect(Collectors.joining(", "));
    String pos = Q.quote(m.position());

    StringBuilder sql = new StringBuilder(1024);
    sql.append("MERGE INTO ").append(Q.withCatalog(m.target())).append(" AS t\nUSING (\n");
    sql.append("SELECT ")
        .append(cols)
        .append(hardDeletes ? ", " + Q.quote(DELETED) : "")
        .append('\n');
    sql.append("FROM (\n");
    sql.append("SELECT ").append(cols);
    if (hardDeletes) {
      sql.append(", ")
          .append(isTrue(Q.quote(m.deleteColumn().get())))
          .append(" AS ")
          .append(Q.quote(DELETED));
    }
    sql.append(",\nROW_NUMBER() OVER (PARTITION BY ")
        .append(keys)
        .append(" ORDER BY ")
        .append(pos)
        .append(" DESC, \"$path\" DESC) AS ")
        .append(Q.quote(ROW_NUMBER));
    if (slice != null) {
      sql.append(",\nDENSE_RANK() OVER (ORDER BY ")
          .append(String.join(", ", TargetPartitions.expressions(m)))
          .append(") AS ")
          .append(Q.quote(PARTITION_RANK));
    }
    sql.append('\n');
    sql.append("FROM ").append(Q.withCatalog(m.landing())).append('\n');
    sql.append("WHERE ").append(sourceFilter).append('\n');
    sql.append(") AS d\nWHERE ").append(Q.quote(ROW_NUMBER)).append(" = 1");
    if (slice != null) {
      sql.append(" AND (")
          .append(Q.quote(PARTITION_RANK))
          .append(" - 1) / ")
          .append(slice.tuplesPerSlice())
          .append(" = ")
          .append(slice.index());
    }
    if (hardDeletes) {
      // A change older than the key's recorded delete must not insert the key again.
      sql.append("\nAND ").append(Tombstones.newerThanTombstone(m, tombstoneBounds));
    }
    sql.append("\n) AS s\n");
    sql.append("ON ")
        .append(
            m.keys().stream()
                .map(k -> "t." + Q.quote(k) + " = s." + Q.quote(k))
                .collect(Collectors.joining(" AND ")))
        .append(targetBounds)
        .append('\n');

    String newer = "(t." + pos + " IS NULL OR s." + pos + " > t." + pos + ")";
    String deleted = "s." + Q.quote(DELETED);
    if (hardDeletes) {
      sql.append("WHEN MATCHED AND ")
          .append(deleted)
          .append(" AND ")
          .append(newer)
          .append(" THEN DELETE\n");
      sql.append("WHEN MATCHED AND NOT ").append(deleted).append(" AND ").append(newer);
    } else {
      sql.append("WHEN MATCHED AND ").append(newer);
    }
    sql.append(" THEN UPDATE SET ")
        .append(
            m.nonKeyTargetColumns().stream()
                .map(c -> Q.quote(c.name()) + " = s." + Q.quote(c.name()))
                .collect(Collectors.joining(", ")))
        .append('\n');
    sql.append("WHEN NOT MATCHED")
        .append(hardDeletes ? " AND NOT " + deleted : "")
        .append(" THEN INSERT (")
        .append(cols)
        .append(")\nVALUES (")
        .append(
            target.stream().map(c -> "s." + Q.quote(c.name())).collect(Collectors.joining(", ")))
        .append(')');
    return sql.toString();
  }

  /**
   * The WHERE clause over the landing table for a scope: the objects, the partition values, and
   * non-null keys. Also used by downstream statements that read the same rows.
   */
  public static String sourceFilter(TableMapping m, MergeScope scope) {
    List<String> where = objectFilter(m, scope);
    for (var k : m.keys()) {
      where.add(Q.quote(k) + " IS NOT NULL");
    }
    return String.join("\nAND ", where);
  }

  /** The conditions that select exactly the scope's objects: their paths and partition values. */
  static List<String> objectFilter(TableMapping m, MergeScope scope) {
    List<String> where = new ArrayList<>();
    where.add(
        "\"$path\" IN ("
            + scope.objectUris().stream().map(SqlLiterals::string).collect(Collectors.joining(", "))
            + ")");
    for (LandingPartition p : m.landingPartitions()) {
      SortedSet<String> values = scope.partitionValues().get(p.name());
      if (values != null && !values.isEmpty()) {
        where.add(
            Q.quote(p.name())
                + " IN ("
                + values.stream().map(p::literal).collect(Collectors.joining(", "))
                + ")");
      }
    }
    return where;
  }

  /**
   * {@code " AND t."k" BETWEEN lo AND hi"} per key column with a known range, or empty. Every
   * source key lies in its range, so the bound changes no match; it is a static predicate on the
   * target that Athena and Trino push into the Iceberg scan, which then skips data files whose
   * min/max statistics of the key lie outside it. That pays off when keys grow over time
   * (auto-increment ids): new changes touch recent keys, which sit in recent files.
   */
  public static String targetKeyBounds(MergeScope scope, String targetAlias) {
    StringBuilder out = new StringBuilder();
    scope
        .keyRanges()
        .forEach(
            (k, r) ->
                out.append(" AND ")
                    .append(targetAlias)
                    .append('.')
                    .append(Q.quote(k))
                    .append(" BETWEEN ")
                    .append(KeyRange.literal(r.min()))
                    .append(" AND ")
                    .append(KeyRange.literal(r.max())));
    return out.toString();
  }

  /**
   * A delete marker is set when its text is {@code true} (a boolean column, or the string {@code
   * "true"} that Debezium's ExtractNewRecordState writes); null means not deleted.
   */
  static String isTrue(String quotedColumn) {
    return "COALESCE(lower(CAST(" + quotedColumn + " AS varchar)) = 'true', false)";
  }
}
