package io.tidemark.connect.athena.sql;

import io.tidemark.connect.athena.mapping.Column;
import io.tidemark.connect.athena.mapping.LandingFormat;
import io.tidemark.connect.athena.mapping.LandingPartition;
import io.tidemark.connect.athena.mapping.PartitionTransform;
import io.tidemark.connect.athena.mapping.TableMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Trino DDL: the landing table in a Hive catalog ({@code external_location}, {@code
 * partitioned_by}, Athena-compatible partition projection as column properties), the target in an
 * Iceberg catalog. Maintenance uses {@code ALTER TABLE ... EXECUTE}.
 */
public final class TrinoDdl implements DdlGenerator {

  private static final Quoting Q = Quoting.DOUBLE_QUOTES;

  private final String retention;

  /**
   * @param retention snapshot/orphan retention for vacuum, e.g. {@code 7d} (Trino's minimum by
   *     default)
   */
  public TrinoDdl(String retention) {
    if (!retention.matches("\\d{1,6}[smhd]")) {
      throw new IllegalArgumentException(
          "retention '" + retention + "' must be a number and a unit s, m, h or d");
    }
    this.retention = retention;
  }

  @Override
  public String createLanding(TableMapping m) {
    List<String> columns = new ArrayList<>();
    for (Column c : m.columns()) {
      columns.add("  " + Q.quote(c.name()) + " " + c.type().trinoHive());
    }
    for (LandingPartition p : m.landingPartitions()) {
      columns.add("  " + Q.quote(p.name()) + " " + p.type().trinoHive() + projection(p));
    }
    List<String> props = new ArrayList<>();
    props.add("  external_location = " + SqlLiterals.string(m.landingLocation()));
    props.add(
        "  format = "
            + SqlLiterals.string(m.landingFormat() == LandingFormat.JSONL ? "JSON" : "PARQUET"));
    if (!m.landingPartitions().isEmpty()) {
      props.add(
          "  partitioned_by = ARRAY["
              + m.landingPartitions().stream()
                  .map(p -> SqlLiterals.string(p.name().name()))
                  .collect(Collectors.joining(", "))
              + "]");
      props.add("  partition_projection_enabled = true");
    }
    return "CREATE TABLE IF NOT EXISTS "
        + Q.withCatalog(m.landing())
        + " (\n"
        + String.join(",\n", columns)
        + "\n)\nWITH (\n"
        + String.join(",\n", props)
        + "\n)";
  }

  private static String projection(LandingPartition p) {
    String type =
        " WITH (partition_projection_type = "
            + SqlLiterals.string(p.projection().name().toLowerCase(Locale.ROOT));
    return switch (p.projection()) {
      case INTEGER ->
          type
              + ", partition_projection_range = ARRAY["
              + SqlLiterals.string(p.rangeStart())
              + ", "
              + SqlLiterals.string(p.rangeEnd())
              + "])";
      case DATE ->
          type
              + ", partition_projection_range = ARRAY["
              + SqlLiterals.string(p.rangeStart())
              + ", "
              + SqlLiterals.string(p.rangeEnd())
              + "], partition_projection_format = 'yyyy-MM-dd'"
              + ", partition_projection_interval = 1, partition_projection_interval_unit = 'DAYS')";
      default -> type + ")";
    };
  }

  @Override
  public String createTarget(TableMapping m) {
    List<String> props = new ArrayList<>();
    props.add("  format = 'PARQUET'");
    if (!m.targetPartitioning().isEmpty()) {
      props.add(
          "  partitioning = ARRAY["
              + m.targetPartitioning().stream()
                  .map(t -> SqlLiterals.string(transform(t)))
                  .collect(Collectors.joining(", "))
              + "]");
    }
    m.targetLocation().ifPresent(l -> props.add("  location = " + SqlLiterals.string(l)));
    return "CREATE TABLE IF NOT EXISTS "
        + Q.withCatalog(m.target())
        + " (\n"
        + m.targetColumns().stream()
            .map(c -> "  " + Q.quote(c.name()) + " " + c.type().trinoIceberg())
            .collect(Collectors.joining(",\n"))
        + "\n)\nWITH (\n"
        + String.join(",\n", props)
        + "\n)";
  }

  @Override
  public String createTombstones(TableMapping m) {
    List<String> props = new ArrayList<>();
    props.add("  format = 'PARQUET'");
    m.targetLocation()
        .ifPresent(
            l ->
                props.add("  location = " + SqlLiterals.string(stripSlash(l) + Tombstones.SUFFIX)));
    return "CREATE TABLE IF NOT EXISTS "
        + Q.withCatalog(Tombstones.table(m))
        + " (\n"
        + Tombstones.columns(m).stream()
            .map(c -> "  " + Q.quote(c.name()) + " " + c.type().trinoIceberg())
            .collect(Collectors.joining(",\n"))
        + "\n)\nWITH (\n"
        + String.join(",\n", props)
        + "\n)";
  }

  static String stripSlash(String location) {
    return location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
  }

  /** Trino's partitioning strings: {@code bucket(col, n)}, column first, unlike Athena. */
  private static String transform(PartitionTransform t) {
    // Inside the string Trino parses the column again: quote only where Athena's rules need it.
    String col = t.column().needsQuoting() ? Q.quote(t.column()) : t.column().name();
    return switch (t.kind()) {
      case IDENTITY -> col;
      case BUCKET, TRUNCATE ->
          t.kind().name().toLowerCase(Locale.ROOT) + "(" + col + ", " + t.width() + ")";
      default -> t.kind().name().toLowerCase(Locale.ROOT) + "(" + col + ")";
    };
  }

  @Override
  public List<String> addLandingColumns(TableMapping m, List<Column> columns) {
    return addColumns(m.landing(), columns, true);
  }

  @Override
  public List<String> addTargetColumns(TableMapping m, List<Column> columns) {
    return addColumns(m.target(), columns, false);
  }

  private static List<String> addColumns(QualifiedName table, List<Column> columns, boolean hive) {
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("no columns to add to " + table);
    }
    return columns.stream()
        .map(
            c ->
                "ALTER TABLE "
                    + Q.withCatalog(table)
                    + " ADD COLUMN IF NOT EXISTS "
                    + Q.quote(c.name())
                    + " "
                    + (hive ? c.type().trinoHive() : c.type().trinoIceberg()))
        .toList();
  }

  @Override
  public String optimize(TableMapping m) {
    return "ALTER TABLE " + Q.withCatalog(m.target()) + " EXECUTE optimize";
  }

  @Override
  public List<String> vacuum(TableMapping m) {
    String table = Q.withCatalog(m.target());
    return List.of(
        "ALTER TABLE "
            + table
            + " EXECUTE expire_snapshots(retention_threshold => "
            + SqlLiterals.string(retention)
            + ")",
        "ALTER TABLE "
            + table
            + " EXECUTE remove_orphan_files(retention_threshold => "
            + SqlLiterals.string(retention)
            + ")");
  }
}
