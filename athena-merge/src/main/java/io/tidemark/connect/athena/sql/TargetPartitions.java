package io.tidemark.connect.athena.sql;

import io.tidemark.connect.athena.mapping.ColumnType;
import io.tidemark.connect.athena.mapping.PartitionTransform;
import io.tidemark.connect.athena.mapping.TableMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The target partitions a MERGE's rows write, as SQL over the landing rows, so that a MERGE that
 * would write more partitions than one statement may (Athena: 100) can be cut into {@link
 * TargetSlice slices} that each write fewer.
 *
 * <p>Each partition transform becomes an expression whose distinct values are at least as fine as
 * the transform's (identity and {@code day(ts)} exactly; {@code truncate} on a type we do not model
 * falls back to the column itself): a set of rows with {@code n} distinct tuples of these
 * expressions writes at most {@code n} partitions per combination of the {@code bucket} transforms,
 * which SQL cannot compute, so their widths multiply instead.
 */
public final class TargetPartitions {

  private static final Quoting Q = Quoting.DOUBLE_QUOTES;

  private TargetPartitions() {}

  /** The expressions over the landing columns, in partition-spec order, without buckets. */
  public static List<String> expressions(TableMapping m) {
    List<String> out = new ArrayList<>();
    for (PartitionTransform t : m.targetPartitioning()) {
      String c = Q.quote(t.column());
      ColumnType.Kind kind = m.column(t.column()).type().kind();
      switch (t.kind()) {
        case IDENTITY -> out.add(c);
        case YEAR -> out.add("year(" + c + ")");
        case MONTH -> out.add("date_trunc('month', " + c + ")");
        case DAY -> out.add("date_trunc('day', " + c + ")");
        case HOUR -> out.add("date_trunc('hour', " + c + ")");
        case TRUNCATE -> out.add(truncate(c, kind, t.width()));
        case BUCKET -> {
          // not expressible: counted by bucketFactor
        }
      }
    }
    return out;
  }

  /**
   * How many distinct expression tuples one statement may write so that it stays within {@code
   * maxPartitions}; empty when no slicing helps (unpartitioned, only buckets, or more buckets than
   * the limit).
   */
  public static OptionalInt tuplesPerStatement(TableMapping m, int maxPartitions) {
    long buckets = 1;
    for (PartitionTransform t : m.targetPartitioning()) {
      if (t.kind() == PartitionTransform.Kind.BUCKET) {
        buckets = Math.min((long) maxPartitions + 1, buckets * t.width());
      }
    }
    long tuples = maxPartitions / buckets;
    return expressions(m).isEmpty() || tuples < 1
        ? OptionalInt.empty()
        : OptionalInt.of((int) tuples);
  }

  /** One row, one column: the number of distinct expression tuples among the scope's rows. */
  public static String countSql(TableMapping m, MergeScope scope) {
    return "SELECT count(*) FROM (\nSELECT DISTINCT "
        + String.join(", ", expressions(m))
        + "\nFROM "
        + Q.withCatalog(m.landing())
        + "\nWHERE "
        + MergeSql.sourceFilter(m, scope)
        + "\n) AS p";
  }

  private static String truncate(String column, ColumnType.Kind kind, int width) {
    return switch (kind) {
      // Iceberg: v - (((v % W) + W) % W), which rounds negative values down too.
      case TINYINT, SMALLINT, INTEGER, BIGINT ->
          "("
              + column
              + " - mod(mod("
              + column
              + ", "
              + width
              + ") + "
              + width
              + ", "
              + width
              + "))";
      case STRING -> "substr(" + column + ", 1, " + width + ")";
      default -> column;
    };
  }
}
