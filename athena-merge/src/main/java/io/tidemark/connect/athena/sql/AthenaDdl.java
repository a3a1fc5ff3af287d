package io.tidemark.connect.athena.sql;

import io.tidemark.connect.athena.mapping.Column;
import io.tidemark.connect.athena.mapping.LandingFormat;
import io.tidemark.connect.athena.mapping.LandingPartition;
import io.tidemark.connect.athena.mapping.PartitionTransform;
import io.tidemark.connect.athena.mapping.TableMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Athena DDL: Hive-style, backtick-quoted, names without catalog (the query execution context
 * supplies it). OPTIMIZE and VACUUM are parsed as DML (double quotes).
 */
public final class AthenaDdl implements DdlGenerator {

  private static final Quoting DDL = Quoting.BACKTICKS;
  private static final Quoting DML = Quoting.DOUBLE_QUOTES;

  @Override
  public String createLanding(TableMapping m) {
    StringBuilder sql =
        new StringBuilder("CREATE EXTERNAL TABLE IF NOT EXISTS ")
            .append(DDL.withoutCatalog(m.landing()))
            .append(" (\n")
            .append(columnList(m.columns(), c -> c.type().athenaHive()))
            .append("\n)\n");
    if (!m.landingPartitions().isEmpty()) {
      sql.append("PARTITIONED BY (")
          .append(
              m.landingPartitions().stream()
                  .map(p -> DDL.quote(p.name()) + " " + p.type().athenaHive())
                  .collect(Collectors.joining(", ")))
          .append(")\n");
    }
    sql.append(
        m.landingFormat() == LandingFormat.JSONL
            ? "ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'\n"
            : "STORED AS PARQUET\n");
    sql.append("LOCATION ").append(SqlLiterals.string(directory(m.landingLocation()))).append('\n');
    List<String> props = new ArrayList<>();
    if (!m.landingPartitions().isEmpty()) {
      props.add(property("projection.enabled", "true"));
      for (LandingPartition p : m.landingPartitions()) {
        String prefix = "projection." + p.name().name() + ".";
        props.add(property(prefix + "type", p.projection().name().toLowerCase(Locale.ROOT)));
        switch (p.projection()) {
          case INTEGER ->
              props.add(property(prefix + "range", p.rangeStart() + "," + p.rangeEnd()));
          case DATE -> {
            props.add(property(prefix + "range", p.rangeStart() + "," + p.rangeEnd()));
            props.add(property(prefix + "format", "yyyy-MM-dd"));
            props.add(property(prefix + "interval", "1"));
            props.add(property(prefix + "interval.unit", "DAYS"));
          }
          default -> {}
        }
      }
    }
    if (!props.isEmpty()) {
      sql.append("TBLPROPERTIES (\n").append(String.join(",\n", props)).append("\n)");
    }
    return sql.toString().stripTrailing();
  }

  @Override
  public String createTarget(TableMapping m) {
    String location =
        m.targetLocation()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "table."
                            + m.alias()
                            + ".target.location: Athena needs a location for Iceberg tables"));
    StringBuilder sql =
        new StringBuilder("CREATE TABLE IF NOT EXISTS ")
            .append(DDL.withoutCatalog(m.target()))
            .append(" (\n")
            .append(columnList(m.targetColumns(), c -> c.type().athenaIceberg()))
            .append("\n)\n");
    if (!m.targetPartitioning().isEmpty()) {
      sql.append("PARTITIONED BY (")
          .append(
              m.targetPartitioning().stream()
                  .map(AthenaDdl::transform)
                  .collect(Collectors.joining(", ")))
          .append(")\n");
    }
    sql.append("LOCATION ").append(SqlLiterals.string(directory(location))).append('\n');
    sql.append("TBLPROPERTIES (")
        .append(property("table_type", "ICEBERG").trim())
        .append(", ")
        .append(property("format", "parquet").trim())
        .append(')');
    return sql.toString();
  }

  @Override
  public String createTombstones(TableMapping m) {
    String location =
        m.targetLocation()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "table."
                            + m.alias()
                            + ".target.location: Athena needs a location for Iceberg tables"));
    return "CREATE TABLE IF NOT EXISTS "
        + DDL.withoutCatalog(Tombstones.table(m))
        + " (\n"
        + columnList(Tombstones.columns(m), c -> c.type().athenaIceberg())
        + "\n)\nLOCATION "
        + SqlLiterals.string(directory(TrinoDdl.stripSlash(location) + Tombstones.SUFFIX))
        + "\nTBLPROPERTIES ("
        + property("table_type", "ICEBERG").trim()
        + ", "
        + property("format", "parquet").trim()
        + ")";
  }

  @Override
  public List<String> addLandingColumns(TableMapping m, List<Column> columns) {
    return List.of(addColumns(m.landing(), columns, c -> c.type().athenaHive()));
  }

  @Override
  public List<String> addTargetColumns(TableMapping m, List<Column> columns) {
    return List.of(addColumns(m.target(), columns, c -> c.type().athenaIceberg()));
  }

  @Override
  public String optimize(TableMapping m) {
    return "OPTIMIZE " + DML.withoutCatalog(m.target()) + " REWRITE DATA USING BIN_PACK";
  }

  @Override
  public List<String> vacuum(TableMapping m) {
    return List.of("VACUUM " + DML.withoutCatalog(m.target()));
  }

  private static String addColumns(
      QualifiedName table, List<Column> columns, Function<Column, String> type) {
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("no columns to add to " + table);
    }
    return "ALTER TABLE "
        + DDL.withoutCatalog(table)
        + " ADD COLUMNS ("
        + columns.stream()
            .map(c -> DDL.quote(c.name()) + " " + type.apply(c))
            .collect(Collectors.joining(", "))
        + ")";
  }

  private static String columnList(List<Column> columns, Function<Column, String> type) {
    return columns.stream()
        .map(c -> "  " + DDL.quote(c.name()) + " " + type.apply(c))
        .collect(Collectors.joining(",\n"));
  }

  private static String transform(PartitionTransform t) {
    String col = DDL.quote(t.column());
    return switch (t.kind()) {
      case IDENTITY -> col;
      case BUCKET, TRUNCATE ->
          t.kind().name().toLowerCase(Locale.ROOT) + "(" + t.width() + ", " + col + ")";
      default -> t.kind().name().toLowerCase(Locale.ROOT) + "(" + col + ")";
    };
  }

  private static String property(String key, String value) {
    return "  " + SqlLiterals.string(key) + "=" + SqlLiterals.string(value);
  }

  /** Athena wants table locations to end with a slash. */
  static String directory(String location) {
    return location.endsWith("/") ? location : location + "/";
  }
}
