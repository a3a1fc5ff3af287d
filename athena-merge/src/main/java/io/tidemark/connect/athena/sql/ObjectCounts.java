package io.tidemark.connect.athena.sql;

import io.tidemark.connect.athena.mapping.TableMapping;

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
    return "SELECT \"$path\", count(*)\nFROM "
        + Q.withCatalog(m.landing())
        + "\nWHERE "
        + String.join("\nAND ", MergeSql.objectFilter(m, scope))
        + "\nGROUP BY \"$path\"";
  }
}
