package io.tidemark.stack.kit;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The type-fidelity matrix: every MySQL/MariaDB column type with its edge values, and per sink the
 * documented representation of each value with the decoder a test applies to the sink's value
 * before comparing it with the database's own value. One list for the pipeline tests (e2e's {@code
 * FidelityIT} runs the {@link Column#quick()} cells in {@code ./mvnw verify}, {@code
 * e2e/fidelity.sh} every cell) and the root README's "Type fidelity" table ({@code
 * FidelityMatrixReadmeTest}).
 *
 * <p>The list holds no expected values: each column says how to read its value back from the
 * database over JDBC ({@link Column#truthSql()}, e.g. {@code HEX(v)}), and both that text and the
 * sink's value go through the same {@link Repr} decoder into one canonical text. A test compares
 * the two canonical texts; the decoders only undo a documented encoding (base64, days since epoch,
 * microseconds), they never round or fill in.
 *
 * <p>The local stack's database is MariaDB 11.4 (its {@code JSON} is an alias of {@code LONGTEXT}
 * with a {@code JSON_VALID} check, so Debezium sends it as a plain string there, unlike MySQL's
 * binary JSON, which it sends as {@code io.debezium.data.Json} with MySQL's own spelling).
 */
public final class FidelityMatrix {

  private FidelityMatrix() {}

  /** The sinks and formats a cell is compared in. */
  public enum Sink {
    S3_JSONL("S3 JSONL"),
    S3_CSV("S3 CSV"),
    S3_PARQUET("S3 Parquet"),
    S3_AVRO("S3 Avro"),
    REDSHIFT("Redshift");

    private final String label;

    Sink(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /**
   * A documented representation: what the README says a value becomes, and the decoder from the
   * value a reader gets (a JSON/CSV/Redshift text, or the Java value of a Parquet/Avro logical
   * type: {@link Number}, {@link Boolean}, {@link Instant}, {@link LocalDate}, {@link Duration} of
   * a time of day, {@code byte[]}, {@link List}) to the canonical text. {@code null} stays {@code
   * null}.
   */
  public enum Repr {
    INTEGER("the integer", FidelityMatrix::integer),
    DECIMAL("the exact decimal (plain, scale kept)", FidelityMatrix::decimal),
    DECIMAL_TEXT("exact plain decimal text", FidelityMatrix::decimal),
    FLOAT32("float (32-bit)", v -> Float.toString((float) Double.parseDouble(text(v)))),
    FLOAT64("double", v -> Double.toString(Double.parseDouble(text(v)))),
    BOOLEAN("boolean", FidelityMatrix::bool),
    BITS_INT64(
        "int64 of the bits (two's complement: BIT(64) with the top bit set is negative)",
        v -> Long.toUnsignedString(new BigDecimal(text(v)).longValueExact())),
    BITS_VARBYTE(
        "VARBYTE, the bits in MySQL's byte order (big-endian, as `HEX(v)`)",
        FidelityMatrix::bitsBe),
    DATE("date", FidelityMatrix::date),
    TIMESTAMP_UTC(
        "timestamp, UTC (DATETIME: the wall-clock value as UTC)", FidelityMatrix::timestamp),
    TIME_TEXT("text `[-]HH:MM:SS.ffffff` (a duration)", FidelityMatrix::duration),
    YEAR("the year as an integer", FidelityMatrix::integer),
    TEXT("the string (UTF-8)", v -> hex(text(v).getBytes(StandardCharsets.UTF_8))),
    BYTES("the bytes", v -> hex((byte[]) v)),
    BYTES_BASE64("base64 text", v -> hex(Base64.getDecoder().decode(text(v)))),
    VARBYTE_HEX("VARBYTE", FidelityMatrix::varbyte),
    SET_ARRAY("array of the members", FidelityMatrix::setMembers),
    SET_TEXT(
        "text `a,b` (comma-separated members)", v -> hex(text(v).getBytes(StandardCharsets.UTF_8))),
    SET_JSON(
        "JSON array text `[\"a\",\"b\"]` (CSV writes nested values as JSON)",
        FidelityMatrix::setJson),
    /** The database's own read-back of a column's value: canonical by definition. */
    DB_TEXT("(the database's text)", v -> text(v));

    private final String doc;
    private final Function<Object, String> decoder;

    Repr(String doc, Function<Object, String> decoder) {
      this.doc = doc;
      this.decoder = decoder;
    }

    public String doc() {
      return doc;
    }

    /** The canonical text of a sink's (or the database's) value; null for null. */
    public String decode(Object value) {
      return value == null ? null : decoder.apply(value);
    }
  }

  /**
   * One value: the SQL literal inserted (an expression in {@code VALUES (...)}: {@code NULL} and
   * {@code DEFAULT} are values too) and the literal a second row is updated to (by default the next
   * value of the column).
   */
  public record Value(String insert, String update) {
    static Value of(String insert) {
      return new Value(insert, null);
    }
  }

  /**
   * One column type.
   *
   * @param id short stable name, also the table name's tail
   * @param ddl the column's type as in {@code CREATE TABLE}
   * @param truthSql the SQL expression ({@code v} is the column) whose text is the database's value
   * @param truth how that text becomes the canonical text
   * @param values the edge values
   * @param reprs per sink, the documented representation
   * @param note what the README says besides (MariaDB specifics, why)
   * @param quick whether {@code ./mvnw verify}'s {@code FidelityIT} runs it
   */
  public record Column(
      String id,
      String ddl,
      String truthSql,
      Repr truth,
      List<Value> values,
      Map<Sink, Repr> reprs,
      String note,
      boolean quick) {

    /** The update literal for value {@code i}: its own, else the next value's insert literal. */
    public String updateOf(int i) {
      Value v = values.get(i);
      return v.update() != null ? v.update() : values.get((i + 1) % values.size()).insert();
    }

    public Repr repr(Sink sink) {
      return reprs.get(sink);
    }
  }

  /** Every column of the matrix. */
  public static List<Column> columns() {
    return COLUMNS;
  }

  /** The columns {@code FidelityIT} runs in {@code ./mvnw verify}. */
  public static List<Column> quick() {
    return COLUMNS.stream().filter(Column::quick).toList();
  }

  public static Column byId(String id) {
    return COLUMNS.stream()
        .filter(c -> c.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no column " + id));
  }

  /** Number of cells: values summed over columns. */
  public static int cells() {
    return COLUMNS.stream().mapToInt(c -> c.values().size()).sum();
  }

  // ---------------------------------------------------------------------------------------------
  // The list.

  private static final String CAST = "CAST(v AS CHAR)";
  private static final String HEX = "HEX(v)";
  private static final String DATETIME_TEXT = "DATE_FORMAT(v, '%Y-%m-%d %H:%i:%s.%f')";
  private static final String TIME_TEXT = "TIME_FORMAT(v, '%H:%i:%s.%f')";

  private static final List<Column> COLUMNS = build();

  private static List<Column> build() {
    List<Column> out = new ArrayList<>();
    integer(out, "tinyint", "TINYINT", false, "-128", "127", "0");
    integer(out, "tinyint_u", "TINYINT UNSIGNED", false, "0", "255");
    integer(out, "smallint", "SMALLINT", false, "-32768", "32767");
    integer(out, "smallint_u", "SMALLINT UNSIGNED", false, "0", "65535");
    integer(out, "mediumint", "MEDIUMINT", false, "-8388608", "8388607");
    integer(out, "mediumint_u", "MEDIUMINT UNSIGNED", false, "0", "16777215");
    integer(out, "int", "INT", false, "-2147483648", "2147483647");
    integer(out, "int_u", "INT UNSIGNED", false, "0", "4294967295");
    integer(out, "bigint", "BIGINT", false, "-9223372036854775808", "9223372036854775807");
    out.add(
        column(
            "bigint_u",
            "BIGINT UNSIGNED",
            CAST,
            Repr.DB_TEXT,
            values("0", "9223372036854775808", "18446744073709551615"),
            all(Repr.DECIMAL),
            "`bigint.unsigned.handling.mode=precise`: a Decimal of scale 0 (Parquet/Redshift"
                + " `DECIMAL(20,0)`)",
            true));
    integer(out, "boolean", "BOOLEAN", false, "0", "1", "-128");
    out.add(
        column(
            "bit1",
            "BIT(1)",
            "CAST(v AS UNSIGNED)",
            Repr.INTEGER,
            values("b'0'", "b'1'"),
            all(Repr.BOOLEAN),
            "Debezium sends BIT(1) as a boolean",
            false));
    for (int n : new int[] {8, 64}) {
      Map<Sink, Repr> bits = all(Repr.BITS_INT64);
      bits.put(Sink.REDSHIFT, Repr.BITS_VARBYTE);
      out.add(
          column(
              "bit" + n,
              "BIT(" + n + ")",
              "CAST(v AS UNSIGNED)",
              Repr.INTEGER,
              values("b'0'", "b'1" + "0".repeat(n - 1) + "'", "b'" + "1".repeat(n) + "'"),
              bits,
              "S3: NormalizeTypes `bits.target=long`; Redshift: Debezium's little-endian bytes"
                  + " reversed back",
              false));
    }
    out.add(
        column(
            "decimal_10_2",
            "DECIMAL(10,2)",
            CAST,
            Repr.DECIMAL,
            values("-99999999.99", "99999999.99", "0.00", "-0.01"),
            all(Repr.DECIMAL),
            "`decimal.handling.mode=precise`",
            false));
    String big = "9".repeat(35) + "." + "9".repeat(30);
    Map<Sink, Repr> wide = all(Repr.DECIMAL_TEXT);
    out.add(
        column(
            "decimal_65_30",
            "DECIMAL(65,30)",
            CAST,
            Repr.DECIMAL,
            values(big, "-" + big, "-0." + "0".repeat(29) + "1", "0E0"),
            wide,
            "precision over 38: exact text (Parquet STRING, Redshift `VARCHAR(67)`)",
            false));
    out.add(
        column(
            "float",
            "FLOAT",
            "CAST(v AS DOUBLE)",
            Repr.FLOAT32,
            values("-3.40282e38", "3.40282e38", "1.17549e-38", "-0.0", "0.1"),
            all(Repr.FLOAT32),
            "",
            false));
    out.add(
        column(
            "double",
            "DOUBLE",
            CAST,
            Repr.FLOAT64,
            values("-1.7976931348623157e308", "1.7976931348623157e308", "4.9e-324", "-0.0", "0.1"),
            all(Repr.FLOAT64),
            "",
            false));
    out.add(
        column(
            "date",
            "DATE",
            CAST,
            Repr.DATE,
            values("'1000-01-01'", "'9999-12-31'", "'2024-02-29'", "'1969-12-31'"),
            all(Repr.DATE),
            "",
            false));
    for (int p = 0; p <= 6; p++) {
      out.add(
          column(
              "datetime" + p,
              "DATETIME" + (p == 0 ? "" : "(" + p + ")"),
              DATETIME_TEXT,
              Repr.TIMESTAMP_UTC,
              values(
                  "'1000-01-01 00:00:00'",
                  "'9999-12-31 23:59:59" + fraction("999999", p) + "'",
                  "'2024-02-29 12:34:56" + fraction("123456", p) + "'",
                  "'1969-12-31 23:59:59" + fraction("999999", p) + "'"),
              all(Repr.TIMESTAMP_UTC),
              "a wall-clock time without zone, landed as if UTC",
              p == 6));
      out.add(
          column(
              "timestamp" + p,
              "TIMESTAMP" + (p == 0 ? "" : "(" + p + ")") + " NULL",
              DATETIME_TEXT,
              Repr.TIMESTAMP_UTC,
              values(
                  "'1970-01-01 00:00:01'",
                  "'2038-01-19 03:14:07" + fraction("999999", p) + "'",
                  "'2024-02-29 12:34:56" + fraction("123456", p) + "'"),
              all(Repr.TIMESTAMP_UTC),
              "an instant (values written and read in UTC); Debezium's `ZonedTimestamp`",
              p == 6));
      out.add(
          column(
              "time" + p,
              "TIME" + (p == 0 ? "" : "(" + p + ")"),
              TIME_TEXT,
              Repr.TIME_TEXT,
              values(
                  "'838:59:59'",
                  "'-838:59:59'",
                  "'00:00:00'",
                  "'23:59:59" + fraction("999999", p) + "'",
                  "'24:00:00'",
                  "'-00:00:01" + fraction("500000", p) + "'"),
              all(Repr.TIME_TEXT),
              "a duration, -838:59:59 to 838:59:59: text as MySQL writes it"
                  + " (S3: NormalizeTypes `time.target=string`)",
              p == 0 || p == 6));
    }
    out.add(
        column(
            "year",
            "YEAR",
            CAST,
            Repr.YEAR,
            values("1901", "2155", "2000"),
            all(Repr.YEAR),
            "YEAR 0000 is not in the list: Debezium 3.5.0's snapshot fails on it for good"
                + " (IllegalArgumentException reading it over JDBC), the connector stops",
            false));
    String emoji = "'\uD83D\uDE00 4-byte \uD835\uDD0A UTF-8 \u00e9'";
    text(out, "char", "CHAR(20)", emoji, "'abc'", "''");
    text(out, "varchar", "VARCHAR(100)", emoji, "'quote '' backslash \\\\ tab \t end'", "''");
    text(out, "text", "TEXT", emoji, "REPEAT('\uD83D\uDE00', 1000)");
    text(out, "longtext", "LONGTEXT", emoji, "REPEAT('x\uD83D\uDE00', 10000)");
    bytes(out, "binary", "BINARY(4)", "x'00FF00FF'", "x'01'");
    bytes(out, "varbinary", "VARBINARY(16)", "x''", "x'DEADBEEF00'");
    bytes(out, "blob", "BLOB", "x'00'", "x'FFFEFD'");
    bytes(out, "longblob", "LONGBLOB", "REPEAT(x'00FF', 5000)");
    out.add(
        column(
            "json",
            "JSON",
            HEX,
            Repr.DB_TEXT,
            values(
                "'{\"a\": [1, 2.50, {\"b\": null}], \"u\": \"\uD83D\uDE00\"}'",
                "'[]'",
                "CONCAT('[', REPEAT('\"long\",', 2000), '0]')"),
            all(Repr.TEXT),
            "MariaDB: `JSON` is `LONGTEXT` with a `JSON_VALID` check; the text arrives as written",
            false));
    out.add(
        column(
            "enum",
            "ENUM('a','b c','\u00e9\u20ac')",
            HEX,
            Repr.DB_TEXT,
            values("'a'", "'b c'", "'\u00e9\u20ac'"),
            all(Repr.TEXT),
            "a member with a 4-byte UTF-8 character (an emoji) is not in the list: MariaDB's"
                + " `SHOW CREATE TABLE` prints it as `?` and Debezium's snapshot takes members from"
                + " there, so streamed values of it arrive as `?` (CdcUnwrap logs a warning naming"
                + " the column) until the column is restated with `ALTER TABLE ... MODIFY` while"
                + " Debezium streams (smt's `EnumMembersIT`); the same holds for SET",
            false));
    Map<Sink, Repr> set = all(Repr.SET_ARRAY);
    set.put(Sink.S3_CSV, Repr.SET_JSON);
    set.put(Sink.REDSHIFT, Repr.SET_TEXT);
    out.add(
        column(
            "set",
            "SET('x','y','z')",
            HEX,
            Repr.DB_TEXT,
            values("''", "'x,z'", "'x,y,z'"),
            set,
            "S3: NormalizeTypes `set.target=array`",
            false));
    out.add(
        column(
            "default_varchar",
            "VARCHAR(20) DEFAULT 'the default'",
            HEX,
            Repr.DB_TEXT,
            List.of(
                new Value("NULL", "'set'"),
                Value.of("DEFAULT"),
                new Value("'given'", "NULL"),
                new Value("NULL", "DEFAULT")),
            all(Repr.TEXT),
            "NULL stays NULL: `replace.null.with.default=false` on every converter",
            true));
    out.add(
        column(
            "default_int",
            "INT DEFAULT 42",
            CAST,
            Repr.INTEGER,
            List.of(new Value("NULL", "7"), Value.of("DEFAULT"), new Value("7", "NULL")),
            all(Repr.INTEGER),
            "",
            false));
    out.add(
        column(
            "default_time",
            "TIME(6) DEFAULT '-838:59:59.000000'",
            TIME_TEXT,
            Repr.TIME_TEXT,
            List.of(
                new Value("NULL", "'01:00:00'"), Value.of("DEFAULT"), new Value("'1:0:0'", "NULL")),
            all(Repr.TIME_TEXT),
            "",
            false));
    return List.copyOf(out);
  }

  private static void integer(List<Column> out, String id, String ddl, boolean quick, String... v) {
    out.add(column(id, ddl, CAST, Repr.INTEGER, values(v), all(Repr.INTEGER), "", quick));
  }

  private static void text(List<Column> out, String id, String ddl, String... v) {
    out.add(column(id, ddl, HEX, Repr.DB_TEXT, values(v), all(Repr.TEXT), "", false));
  }

  private static void bytes(List<Column> out, String id, String ddl, String... v) {
    Map<Sink, Repr> reprs = all(Repr.BYTES);
    reprs.put(Sink.S3_JSONL, Repr.BYTES_BASE64);
    reprs.put(Sink.S3_CSV, Repr.BYTES_BASE64);
    reprs.put(Sink.REDSHIFT, Repr.VARBYTE_HEX);
    out.add(column(id, ddl, HEX, Repr.DB_TEXT, values(v), reprs, "", false));
  }

  private static Column column(
      String id,
      String ddl,
      String truthSql,
      Repr truth,
      List<Value> values,
      Map<Sink, Repr> reprs,
      String note,
      boolean quick) {
    return new Column(id, ddl, truthSql, truth, values, Map.copyOf(reprs), note, quick);
  }

  private static List<Value> values(String... literals) {
    List<Value> out = new ArrayList<>();
    for (String l : literals) {
      out.add(Value.of(l));
    }
    return out;
  }

  private static Map<Sink, Repr> all(Repr repr) {
    Map<Sink, Repr> out = new EnumMap<>(Sink.class);
    for (Sink s : Sink.values()) {
      out.put(s, repr);
    }
    return out;
  }

  private static String fraction(String digits, int p) {
    return p == 0 ? "" : "." + digits.substring(0, p);
  }

  // ---------------------------------------------------------------------------------------------
  // The README table.

  public static final String README_HEADING = "## Type fidelity: what each MySQL type becomes";

  /** The README section, from the list. */
  public static String readmeSection() {
    List<String> lines = new ArrayList<>();
    lines.add(README_HEADING);
    lines.add("");
    lines.add(
        "Each MySQL/MariaDB column type and the representation each sink lands it in, with the"
            + " shipped");
    lines.add(
        "`connect-configs` (Debezium: `decimal.handling.mode=precise`,"
            + " `bigint.unsigned.handling.mode=precise`,");
    lines.add(
        "`datatype.propagate.source.type` for VARCHAR and CHAR (the Redshift sink sizes"
            + " `VARCHAR(4n)` and widens it when MySQL does),");
    lines.add(
        "`time.precision.mode=adaptive_time_microseconds`, `skipped.operations=none`; every"
            + " JsonConverter with");
    lines.add(
        "`replace.null.with.default=false`). Rendered from `test-kit`'s"
            + " `io.tidemark.stack.kit.FidelityMatrix`,");
    lines.add(
        "the list the fidelity tests run: e2e's `FidelityIT` (in `./mvnw verify`: the cells"
            + " marked quick) and");
    lines.add(
        "`e2e/fidelity.sh` (every cell) insert each value into MariaDB, update it and delete it,"
            + " read MariaDB's");
    lines.add(
        "own value back over JDBC (the \"read back\" column), decode each sink's value per the"
            + " representation");
    lines.add(
        "below and compare. `FidelityMatrixReadmeTest` fails when this table and the list"
            + " differ. NULL is NULL");
    lines.add("everywhere, also in a column with a DEFAULT.");
    lines.add("");
    lines.add(
        "| MySQL type | values | read back | S3 JSONL | S3 CSV | S3 Parquet | S3 Avro | Redshift"
            + " | notes |");
    lines.add("|---|---|---|---|---|---|---|---|---|");
    for (Column c : COLUMNS) {
      StringBuilder row = new StringBuilder("| `").append(c.ddl()).append('`');
      row.append(c.quick() ? " (quick)" : "");
      row.append(" | ").append(c.values().size());
      row.append(" | `").append(c.truthSql()).append('`');
      for (Sink s : Sink.values()) {
        row.append(" | ").append(c.repr(s).doc());
      }
      row.append(" | ").append(c.note()).append(" |");
      lines.add(row.toString());
    }
    lines.add("");
    lines.add(
        "Besides the types: a 64-character table name and a `TRUNCATE` (the shipped sinks stop"
            + " with");
    lines.add(
        "`CdcUnwrap`'s message naming the table: no sink applies a TRUNCATE) run in"
            + " `FidelityIT` too.");
    return String.join("\n", lines) + "\n";
  }

  // ---------------------------------------------------------------------------------------------
  // Decoders.

  private static String text(Object v) {
    if (v instanceof byte[] b) {
      return new String(b, StandardCharsets.UTF_8);
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    return v.toString();
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().withUpperCase().formatHex(bytes);
  }

  private static String integer(Object v) {
    return new BigDecimal(text(v).trim()).toBigIntegerExact().toString();
  }

  private static String decimal(Object v) {
    BigDecimal d = v instanceof BigDecimal b ? b : new BigDecimal(text(v).trim());
    return d.toPlainString();
  }

  private static String bool(Object v) {
    String t = text(v);
    return switch (t) {
      case "true", "t", "1" -> "1";
      case "false", "f", "0" -> "0";
      default -> throw new IllegalArgumentException("not a boolean: " + t);
    };
  }

  private static String bitsBe(Object v) {
    return new BigInteger(1, v instanceof byte[] b ? b : varbyteBytes(text(v))).toString();
  }

  private static String varbyte(Object v) {
    return hex(v instanceof byte[] b ? b : varbyteBytes(text(v)));
  }

  /** PostgreSQL/Redshift VARBYTE text: {@code \x0a0b} (PostgreSQL) or bare hex (Redshift). */
  private static byte[] varbyteBytes(String t) {
    return HexFormat.of().parseHex(t.startsWith("\\x") ? t.substring(2) : t);
  }

  private static String date(Object v) {
    if (v instanceof LocalDate d) {
      return d.toString();
    }
    if (v instanceof Number n) {
      return LocalDate.ofEpochDay(n.longValue()).toString();
    }
    return LocalDate.parse(text(v).substring(0, 10)).toString();
  }

  private static final DateTimeFormatter CANONICAL_TS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");
  private static final DateTimeFormatter LENIENT_TS =
      new DateTimeFormatterBuilder()
          .appendPattern("uuuu-MM-dd")
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .appendPattern("HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH:MM", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH", "Z")
          .optionalEnd()
          .toFormatter();

  private static String timestamp(Object v) {
    if (v instanceof Instant i) {
      return CANONICAL_TS.format(i.atOffset(ZoneOffset.UTC));
    }
    String t = text(v).trim();
    var parsed = LENIENT_TS.parse(t);
    LocalDateTime local = LocalDateTime.from(parsed);
    if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
      local =
          OffsetDateTime.of(
                  local, ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS)))
              .withOffsetSameInstant(ZoneOffset.UTC)
              .toLocalDateTime();
    }
    return CANONICAL_TS.format(local);
  }

  private static final Pattern DURATION =
      Pattern.compile("(-?)(\\d+):(\\d{1,2}):(\\d{1,2})(?:\\.(\\d{1,9}))?");

  /** A MySQL TIME (a duration): canonical {@code [-]HH:MM:SS.ffffff}, hours at least 2 digits. */
  private static String duration(Object v) {
    long micros;
    if (v instanceof Duration d) {
      micros = d.toNanos() / 1000;
    } else {
      String t = text(v).trim();
      Matcher m = DURATION.matcher(t);
      if (!m.matches()) {
        throw new IllegalArgumentException("not a duration text: " + t);
      }
      String frac = m.group(5) == null ? "" : m.group(5);
      long fracMicros = Long.parseLong((frac + "000000").substring(0, 6));
      if (frac.length() > 6 && Long.parseLong(frac.substring(6)) != 0) {
        throw new IllegalArgumentException("finer than microseconds: " + t);
      }
      micros =
          ((Long.parseLong(m.group(2)) * 60 + Long.parseLong(m.group(3))) * 60
                      + Long.parseLong(m.group(4)))
                  * 1_000_000L
              + fracMicros;
      if (!m.group(1).isEmpty()) {
        micros = -micros;
      }
    }
    long abs = Math.abs(micros);
    long seconds = abs / 1_000_000L;
    return String.format(
        "%s%02d:%02d:%02d.%06d",
        micros < 0 ? "-" : "", seconds / 3600, (seconds / 60) % 60, seconds % 60, abs % 1_000_000L);
  }

  private static String setJson(Object v) {
    try {
      List<?> members =
          new com.fasterxml.jackson.databind.ObjectMapper().readValue(text(v), List.class);
      return setMembers(members);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON array: " + v, e);
    }
  }

  private static String setMembers(Object v) {
    String joined =
        v instanceof List<?> l
            ? l.stream().map(FidelityMatrix::text).collect(Collectors.joining(","))
            : text(v);
    return hex(joined.getBytes(StandardCharsets.UTF_8));
  }
}
