package io.tidemark.connect.athena.sql;

import io.tidemark.connect.athena.mapping.LandingPartition;
import io.tidemark.connect.athena.mapping.TableMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.stream.Collectors;

/**
 * The accounting query of a batch: the rows the engine reads per object, {@code SELECT "$path",
 * count(*) ... GROUP BY "$path"} over the MERGE's own objects and partition predicates, but every
 * row (null keys too: the S3 sink's {@code recordCount} counts every row it wrote). It reads no
 * column: over Parquet the engine answers from the footers' row counts; over JSONL it reads the
 * objects once more. An object the engine cannot see has no group.
 */
public final class ObjectCounts {

  private static final Quoting Q = Quoting.DOUBLE_QUOTES;

  private ObjectCounts() {}

  public static String sql(TableMapping m, MergeScope scope) {
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
    return "SELECT \"$path\", count(*)\nFROM "
        + Q.withCatalog(m.landing())
        + "\nWHERE "
        + String.join("\nAND ", where)
        + "\nGROUP BY \"$path\"";
  }
}
