package io.tidemark.stack.athena;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one Athena statement into the Trino statements that do the same on the stand-in's Trino.
 * DML (SELECT, WITH, MERGE, INSERT, UPDATE, DELETE, SHOW, DESCRIBE, EXPLAIN) is shared by the
 * engines and runs unchanged, except that the Athena catalog name becomes the Hive catalog (which
 * redirects Iceberg tables to the Iceberg catalog). Only these DDL forms, the ones Tidemark's
 * AthenaDdl emits, are translated:
 *
 * <ul>
 *   <li>{@code CREATE EXTERNAL TABLE [IF NOT EXISTS] t (cols) [PARTITIONED BY (p type, ...)] ROW
 *       FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' | STORED AS PARQUET LOCATION '...'
 *       [TBLPROPERTIES ('projection.*' ...)]} → a Hive table with partition projection;
 *   <li>{@code CREATE TABLE [IF NOT EXISTS] t (cols) [PARTITIONED BY (transforms)] LOCATION '...'
 *       TBLPROPERTIES ('table_type'='ICEBERG', ...)} → an Iceberg table;
 *   <li>{@code ALTER TABLE t ADD COLUMNS (c type, ...)} → {@code ADD COLUMN IF NOT EXISTS} per
 *       column;
 *   <li>{@code OPTIMIZE t REWRITE DATA USING BIN_PACK} and {@code VACUUM t} → {@code ALTER TABLE
 *       ... EXECUTE}.
 * </ul>
 *
 * Anything else is refused with a message saying so (a user would otherwise get Trino's behaviour,
 * not Athena's).
 */
public final class AthenaSqlTranslator {

  private static final Pattern FIRST_WORD =
      Pattern.compile("^\\s*(?:--[^\\n]*\\n\\s*)*([A-Za-z]+)");
  private static final List<String> DML =
      List.of(
          "SELECT",
          "WITH",
          "MERGE",
          "INSERT",
          "UPDATE",
          "DELETE",
          "VALUES",
          "SHOW",
          "DESCRIBE",
          "EXPLAIN",
          "TABLE");

  private final String athenaCatalog;
  private final String hiveCatalog;
  private final String icebergCatalog;
  private final Pattern catalogReference;
  private final Pattern qualifiedReference;

  /**
   * @param athenaCatalog the Athena data catalog the stand-in serves, e.g. {@code AwsDataCatalog}
   */
  public AthenaSqlTranslator(String athenaCatalog, String hiveCatalog, String icebergCatalog) {
    this.athenaCatalog = athenaCatalog;
    this.hiveCatalog = hiveCatalog;
    this.icebergCatalog = icebergCatalog;
    this.qualifiedReference =
        Pattern.compile(
            "(?i)\""
                + Pattern.quote(athenaCatalog)
                + "\"\\s*\\.\\s*\"([^\"]+)\"\\s*\\.\\s*\"([^\"]+)\"");
    this.catalogReference =
        Pattern.compile(
            "(?i)(\""
                + Pattern.quote(athenaCatalog)
                + "\"|\\b"
                + Pattern.quote(athenaCatalog)
                + ")\\s*\\.");
  }

  /** What a statement becomes: Trino statements, and Athena's statement type. */
  public record Translation(List<String> statements, String statementType) {}

  /**
   * @param database the query execution context's database (for unqualified names)
   * @param isIceberg whether {@code (schema, table)} is an Iceberg table (for column types)
   * @throws IllegalArgumentException for statements the stand-in does not run, saying why
   */
  public Translation translate(String sql, String database, BiPredicate<String, String> isIceberg) {
    Matcher m = FIRST_WORD.matcher(sql);
    if (!m.find()) {
      throw new IllegalArgumentException("empty or unreadable statement");
    }
    String first = m.group(1).toUpperCase(Locale.ROOT);
    if (DML.contains(first)) {
      return new Translation(
          List.of(rewriteCatalog(sql, isIceberg)),
          first.equals("SELECT")
                  || first.equals("WITH")
                  || first.equals("VALUES")
                  || first.equals("TABLE")
              ? "DML"
              : first.equals("SHOW") || first.equals("DESCRIBE") || first.equals("EXPLAIN")
                  ? "UTILITY"
                  : "DML");
    }
    SqlCursor c = new SqlCursor(sql);
    if (c.keywords("CREATE", "EXTERNAL", "TABLE")) {
      return new Translation(List.of(createExternal(c, database)), "DDL");
    }
    if (c.keywords("CREATE", "TABLE")) {
      return new Translation(List.of(createIceberg(c, database)), "DDL");
    }
    if (c.keywords("ALTER", "TABLE")) {
      return new Translation(addColumns(c, database, isIceberg), "DDL");
    }
    if (c.keywords("OPTIMIZE")) {
      String table = table(c.qualifiedName(), database, icebergCatalog);
      c.expect("REWRITE", "DATA", "USING", "BIN_PACK");
      String where =
          c.keywords("WHERE")
              ? " WHERE " + rewriteCatalog(c.rest(Integer.MAX_VALUE), isIceberg)
              : "";
      return new Translation(List.of("ALTER TABLE " + table + " EXECUTE optimize" + where), "DML");
    }
    if (c.keywords("VACUUM")) {
      String table = table(c.qualifiedName(), database, icebergCatalog);
      requireEnd(c, "VACUUM");
      return new Translation(
          List.of(
              "ALTER TABLE " + table + " EXECUTE expire_snapshots(retention_threshold => '7d')",
              "ALTER TABLE " + table + " EXECUTE remove_orphan_files(retention_threshold => '7d')"),
          "DML");
    }
    throw new IllegalArgumentException(
        "the Athena stand-in does not run "
            + first
            + " statements: it runs DML unchanged and "
            + "translates only CREATE EXTERNAL TABLE, CREATE TABLE ... 'table_type'='ICEBERG', ALTER TABLE ... ADD COLUMNS, "
            + "OPTIMIZE and VACUUM as Tidemark generates them");
  }

  /**
   * Outside string literals (a location such as 's3://AwsDataCatalog.x/' stays as it is): a fully
   * quoted {@code "AwsDataCatalog"."schema"."table"} goes to the catalog that holds the table
   * (Iceberg or Hive); other references go to Hive, which redirects Iceberg tables.
   */
  String rewriteCatalog(String sql, BiPredicate<String, String> isIceberg) {
    StringBuilder out = new StringBuilder();
    String[] parts = sql.split("'", -1);
    for (int k = 0; k < parts.length; k++) {
      if (k > 0) {
        out.append('\'');
      }
      if (k % 2 == 1) {
        out.append(parts[k]);
        continue;
      }
      Matcher full = qualifiedReference.matcher(parts[k]);
      StringBuilder part = new StringBuilder();
      while (full.find()) {
        if (full.group(1).equalsIgnoreCase("information_schema")) {
          // Athena's one catalog lists Hive and Iceberg tables; on Trino they live in two.
          String view = quote(full.group(2));
          full.appendReplacement(
              part,
              Matcher.quoteReplacement(
                  "(SELECT * FROM "
                      + quote(hiveCatalog)
                      + ".\"information_schema\"."
                      + view
                      + " UNION ALL SELECT * FROM "
                      + quote(icebergCatalog)
                      + ".\"information_schema\"."
                      + view
                      + ") AS "
                      + view));
          continue;
        }
        String catalog =
            isIceberg.test(full.group(1), full.group(2)) ? icebergCatalog : hiveCatalog;
        full.appendReplacement(
            part,
            Matcher.quoteReplacement(
                "\"" + catalog + "\".\"" + full.group(1) + "\".\"" + full.group(2) + "\""));
      }
      full.appendTail(part);
      out.append(
          catalogReference
              .matcher(part)
              .replaceAll(Matcher.quoteReplacement("\"" + hiveCatalog + "\".")));
    }
    return out.toString();
  }

  private String createExternal(SqlCursor c, String database) {
    c.keywords("IF", "NOT", "EXISTS");
    String table = table(c.qualifiedName(), database, hiveCatalog);
    List<String[]> columns = columns(c.parenthesized(), true);
    List<String[]> partitions = List.of();
    if (c.keywords("PARTITIONED", "BY")) {
      partitions = columns(c.parenthesized(), true);
    }
    String format;
    if (c.keywords("ROW", "FORMAT", "SERDE")) {
      String serde = c.stringLiteral();
      if (!serde.equals("org.openx.data.jsonserde.JsonSerDe")
          && !serde.equals("org.apache.hive.hcatalog.data.JsonSerDe")) {
        throw new IllegalArgumentException(
            "the Athena stand-in reads JSON SerDes and Parquet only, not " + serde);
      }
      format = "JSON";
    } else {
      c.expect("STORED", "AS");
      format = c.identifier().toUpperCase(Locale.ROOT);
      if (!format.equals("PARQUET")) {
        throw new IllegalArgumentException(
            "the Athena stand-in reads JSON SerDes and Parquet only, not STORED AS " + format);
      }
    }
    c.expect("LOCATION");
    String location = c.stringLiteral();
    Map<String, String> props =
        c.keywords("TBLPROPERTIES") ? properties(c.parenthesized()) : Map.of();
    requireEnd(c, "CREATE EXTERNAL TABLE");
    List<String> defs = new ArrayList<>();
    columns.forEach(col -> defs.add(quote(col[0]) + " " + col[1]));
    boolean projection = "true".equalsIgnoreCase(props.get("projection.enabled"));
    for (String[] p : partitions) {
      defs.add(quote(p[0]) + " " + p[1] + (projection ? projection(p[0], props) : ""));
    }
    List<String> with = new ArrayList<>();
    with.add("external_location = " + literal(location));
    with.add("format = " + literal(format));
    if (!partitions.isEmpty()) {
      with.add(
          "partitioned_by = ARRAY["
              + String.join(", ", partitions.stream().map(p -> literal(p[0])).toList())
              + "]");
      if (projection) {
        with.add("partition_projection_enabled = true");
      }
    }
    return "CREATE TABLE IF NOT EXISTS "
        + table
        + " ("
        + String.join(", ", defs)
        + ") WITH ("
        + String.join(", ", with)
        + ")";
  }

  private static String projection(String column, Map<String, String> props) {
    String prefix = "projection." + column + ".";
    String type = props.get(prefix + "type");
    if (type == null) {
      throw new IllegalArgumentException(
          "partition column " + column + " has no " + prefix + "type");
    }
    List<String> out = new ArrayList<>();
    out.add("partition_projection_type = " + literal(type));
    if (props.containsKey(prefix + "range")) {
      String[] range = props.get(prefix + "range").split(",", 2);
      out.add(
          "partition_projection_range = ARRAY["
              + literal(range[0].strip())
              + ", "
              + literal(range[1].strip())
              + "]");
    }
    if (props.containsKey(prefix + "format")) {
      out.add("partition_projection_format = " + literal(props.get(prefix + "format")));
    }
    if (props.containsKey(prefix + "interval")) {
      out.add(
          "partition_projection_interval = " + Integer.parseInt(props.get(prefix + "interval")));
    }
    if (props.containsKey(prefix + "interval.unit")) {
      out.add(
          "partition_projection_interval_unit = " + literal(props.get(prefix + "interval.unit")));
    }
    return " WITH (" + String.join(", ", out) + ")";
  }

  private String createIceberg(SqlCursor c, String database) {
    c.keywords("IF", "NOT", "EXISTS");
    String table = table(c.qualifiedName(), database, icebergCatalog);
    if (!c.peek('(')) {
      throw new IllegalArgumentException(
          "the Athena stand-in does not run CREATE TABLE AS SELECT or CREATE TABLE without columns");
    }
    List<String[]> columns = columns(c.parenthesized(), false);
    List<String> partitioning = new ArrayList<>();
    if (c.keywords("PARTITIONED", "BY")) {
      for (String t : SqlCursor.splitTopLevel(c.parenthesized())) {
        partitioning.add(literal(transform(t)));
      }
    }
    c.expect("LOCATION");
    String location = c.stringLiteral();
    c.expect("TBLPROPERTIES");
    Map<String, String> props = properties(c.parenthesized());
    requireEnd(c, "CREATE TABLE");
    if (!"ICEBERG".equalsIgnoreCase(props.get("table_type"))) {
      throw new IllegalArgumentException(
          "the Athena stand-in creates Iceberg tables only ('table_type'='ICEBERG'); "
              + "use CREATE EXTERNAL TABLE for Hive tables");
    }
    String format = props.getOrDefault("format", "parquet").toUpperCase(Locale.ROOT);
    List<String> with = new ArrayList<>();
    with.add("format = " + literal(format));
    if (!partitioning.isEmpty()) {
      with.add("partitioning = ARRAY[" + String.join(", ", partitioning) + "]");
    }
    with.add("location = " + literal(location));
    return "CREATE TABLE IF NOT EXISTS "
        + table
        + " ("
        + String.join(", ", columns.stream().map(col -> quote(col[0]) + " " + col[1]).toList())
        + ") WITH ("
        + String.join(", ", with)
        + ")";
  }

  /**
   * Athena's {@code bucket(16, c)} / {@code truncate(4, c)} put the width first; Trino puts the
   * column first.
   */
  private static String transform(String athena) {
    SqlCursor t = new SqlCursor(athena);
    String first = t.identifier();
    if (!t.peek('(')) {
      requireEnd(t, "PARTITIONED BY");
      return first;
    }
    List<String> args = SqlCursor.splitTopLevel(t.parenthesized());
    requireEnd(t, "PARTITIONED BY");
    String fn = first.toLowerCase(Locale.ROOT);
    return switch (fn) {
      case "year", "month", "day", "hour" ->
          fn + "(" + new SqlCursor(args.get(0)).identifier() + ")";
      case "bucket", "truncate" ->
          fn
              + "("
              + new SqlCursor(args.get(1)).identifier()
              + ", "
              + Integer.parseInt(args.get(0).strip())
              + ")";
      default -> throw new IllegalArgumentException("unknown partition transform " + first);
    };
  }

  private List<String> addColumns(
      SqlCursor c, String database, BiPredicate<String, String> isIceberg) {
    String[] name = c.qualifiedName();
    c.expect("ADD", "COLUMNS");
    String schema = name[0] == null ? database : name[0];
    boolean iceberg = isIceberg.test(schema, name[1]);
    List<String[]> columns = columns(c.parenthesized(), !iceberg);
    requireEnd(c, "ALTER TABLE ... ADD COLUMNS");
    String table = table(name, database, iceberg ? icebergCatalog : hiveCatalog);
    return columns.stream()
        .map(
            col ->
                "ALTER TABLE "
                    + table
                    + " ADD COLUMN IF NOT EXISTS "
                    + quote(col[0])
                    + " "
                    + col[1])
        .toList();
  }

  /** {@code name type} pairs with Athena types mapped to Trino's. */
  private static List<String[]> columns(String list, boolean hive) {
    List<String[]> out = new ArrayList<>();
    for (String def : SqlCursor.splitTopLevel(list)) {
      SqlCursor c = new SqlCursor(def);
      String name = c.identifier();
      String type = c.rest(Integer.MAX_VALUE).strip();
      if (type.isEmpty()) {
        throw new IllegalArgumentException("column " + name + " has no type");
      }
      out.add(new String[] {name, type(type, hive)});
    }
    return out;
  }

  static String type(String athena, boolean hive) {
    String t = athena.toLowerCase(Locale.ROOT).replace(" ", "");
    return switch (t) {
      case "string" -> "varchar";
      case "int" -> "integer";
      case "float" -> "real";
      case "timestamp" -> hive ? "timestamp(3)" : "timestamp(6)";
      case "boolean",
          "tinyint",
          "smallint",
          "integer",
          "bigint",
          "double",
          "date",
          "varchar",
          "real" ->
          t;
      default -> {
        if (t.matches("decimal\\(\\d{1,2},\\d{1,2}\\)")
            || t.matches("varchar\\(\\d+\\)")
            || t.matches("char\\(\\d+\\)")) {
          yield t;
        }
        throw new IllegalArgumentException(
            "the Athena stand-in does not map column type " + athena);
      }
    };
  }

  private static Map<String, String> properties(String list) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String p : SqlCursor.splitTopLevel(list)) {
      SqlCursor c = new SqlCursor(p);
      String key = c.stringLiteral();
      if (!c.peek('=')) {
        throw new IllegalArgumentException("expected 'key'='value' in TBLPROPERTIES, got " + p);
      }
      String value = new SqlCursor(c.rest(Integer.MAX_VALUE).substring(1)).stringLiteral();
      out.put(key, value);
    }
    return out;
  }

  private String table(String[] name, String database, String catalog) {
    String schema = name[0] == null ? database : name[0];
    if (schema == null || schema.isEmpty()) {
      throw new IllegalArgumentException(
          "table "
              + name[1]
              + " has no database: qualify it or set QueryExecutionContext.Database");
    }
    return quote(catalog) + "." + quote(schema) + "." + quote(name[1]);
  }

  private static void requireEnd(SqlCursor c, String what) {
    if (!c.atEnd()) {
      throw new IllegalArgumentException(
          "the Athena stand-in does not understand the end of this " + what + ": " + c.rest(60));
    }
  }

  private static String quote(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  private static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  /** The Athena catalog name this translator maps. */
  public String athenaCatalog() {
    return athenaCatalog;
  }
}
