package io.tidemark.common.identifiers;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Amazon Athena (Glue catalog) names for databases, tables and columns: lower-case ASCII letters,
 * digits and underscores only, at most {@value #MAX_LENGTH} characters.
 *
 * <p>{@link #normalize}: lower-cases, replaces every other character with {@code _}, truncates to
 * 255 characters, and applies the {@link ReservedWordHandling} to words that are reserved in Athena
 * DDL or in SELECT statements. A name starting with a digit or an underscore is valid but {@link
 * #needsQuoting needs quoting} in queries (Athena's rule); normalize leaves it as is so that names
 * stay recognisable.
 */
public final class AthenaIdentifiers implements IdentifierRules {

  /** Maximum identifier length (Glue catalog limit); names are ASCII, so bytes == characters. */
  public static final int MAX_LENGTH = 255;

  /** Reserved in Athena DDL statements (escape with backticks). */
  static final Set<String> RESERVED_DDL =
      Set.of(
          "all",
          "alter",
          "and",
          "array",
          "as",
          "authorization",
          "between",
          "bigint",
          "binary",
          "boolean",
          "both",
          "by",
          "case",
          "cashe",
          "cast",
          "char",
          "column",
          "conf",
          "constraint",
          "commit",
          "create",
          "cross",
          "cube",
          "current",
          "current_date",
          "current_timestamp",
          "cursor",
          "database",
          "date",
          "dayofweek",
          "decimal",
          "delete",
          "describe",
          "distinct",
          "div",
          "double",
          "drop",
          "else",
          "end",
          "exchange",
          "exists",
          "extended",
          "external",
          "extract",
          "false",
          "fetch",
          "float",
          "floor",
          "following",
          "for",
          "foreign",
          "from",
          "full",
          "function",
          "grant",
          "group",
          "grouping",
          "having",
          "if",
          "import",
          "in",
          "inner",
          "insert",
          "int",
          "integer",
          "intersect",
          "interval",
          "into",
          "is",
          "join",
          "lateral",
          "left",
          "less",
          "like",
          "local",
          "macro",
          "map",
          "more",
          "none",
          "not",
          "null",
          "numeric",
          "of",
          "on",
          "only",
          "or",
          "order",
          "out",
          "outer",
          "over",
          "partialscan",
          "partition",
          "percent",
          "preceding",
          "precision",
          "preserve",
          "primary",
          "procedure",
          "range",
          "reads",
          "reduce",
          "regexp",
          "references",
          "revoke",
          "right",
          "rlike",
          "rollback",
          "rollup",
          "row",
          "rows",
          "select",
          "set",
          "smallint",
          "start",
          "table",
          "tablesample",
          "then",
          "time",
          "timestamp",
          "to",
          "transform",
          "trigger",
          "true",
          "truncate",
          "unbounded",
          "union",
          "uniquejoin",
          "update",
          "user",
          "using",
          "utc_timestamp",
          "values",
          "varchar",
          "views",
          "when",
          "where",
          "window",
          "with");

  /** Reserved in Athena SELECT statements and views (escape with double quotes). */
  static final Set<String> RESERVED_DML =
      Set.of(
          "alter",
          "and",
          "as",
          "between",
          "by",
          "case",
          "cast",
          "constraint",
          "create",
          "cross",
          "cube",
          "current_catalog",
          "current_date",
          "current_path",
          "current_role",
          "current_schema",
          "current_time",
          "current_timestamp",
          "current_user",
          "deallocate",
          "delete",
          "describe",
          "distinct",
          "drop",
          "else",
          "end",
          "escape",
          "except",
          "execute",
          "exists",
          "extract",
          "false",
          "fetch",
          "first",
          "for",
          "from",
          "full",
          "group",
          "grouping",
          "having",
          "in",
          "inner",
          "insert",
          "intersect",
          "into",
          "is",
          "join",
          "json_array",
          "json_exists",
          "json_object",
          "json_query",
          "json_table",
          "json_value",
          "left",
          "like",
          "listagg",
          "localtime",
          "localtimestamp",
          "natural",
          "normalize",
          "not",
          "null",
          "of",
          "on",
          "or",
          "order",
          "outer",
          "prepare",
          "recursive",
          "right",
          "rollup",
          "select",
          "skip",
          "table",
          "then",
          "trim",
          "true",
          "uescape",
          "union",
          "unnest",
          "using",
          "values",
          "when",
          "where",
          "with");

  private final ReservedWordHandling reservedWords;
  private final String suffix;

  public AthenaIdentifiers(ReservedWordHandling reservedWords, String suffix) {
    this.reservedWords = Objects.requireNonNull(reservedWords, "reservedWords");
    this.suffix = Objects.requireNonNull(suffix, "suffix");
    if (suffix.isEmpty() || !suffix.chars().allMatch(AthenaIdentifiers::allowed)) {
      throw new IllegalArgumentException(
          "suffix must be non-empty and made of [a-z0-9_]: '" + suffix + "'");
    }
  }

  /** Reserved words are quoted, suffix {@code _}. */
  public static AthenaIdentifiers defaults() {
    return new AthenaIdentifiers(ReservedWordHandling.QUOTE, "_");
  }

  @Override
  public String target() {
    return "athena";
  }

  @Override
  public String normalize(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    StringBuilder b = new StringBuilder(Math.min(lower.length(), MAX_LENGTH));
    for (int i = 0; i < lower.length() && b.length() < MAX_LENGTH; ) {
      int cp = lower.codePointAt(i);
      b.append(cp < 0x80 && allowed(cp) ? (char) cp : '_');
      i += Character.charCount(cp);
    }
    if (b.length() == 0) {
      b.append('_');
    }
    String s = b.toString();
    if (reservedWords == ReservedWordHandling.SUFFIX && isReserved(s)) {
      s = s.substring(0, Math.min(s.length(), MAX_LENGTH - suffix.length())) + suffix;
    }
    return s;
  }

  private static boolean allowed(int c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  }

  @Override
  public Optional<String> problem(String name) {
    if (name == null || name.isEmpty()) {
      return Optional.of("identifier is empty");
    }
    if (name.length() > MAX_LENGTH) {
      return Optional.of(
          "identifier '"
              + name
              + "' is "
              + name.length()
              + " characters long, Athena allows at most "
              + MAX_LENGTH);
    }
    for (int i = 0; i < name.length(); i++) {
      if (!allowed(name.charAt(i))) {
        return Optional.of(
            "identifier '"
                + name
                + "' contains '"
                + name.charAt(i)
                + "' at index "
                + i
                + "; Athena allows only lower-case letters, digits and underscores");
      }
    }
    return Optional.empty();
  }

  @Override
  public boolean isReserved(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return RESERVED_DDL.contains(lower) || RESERVED_DML.contains(lower);
  }

  @Override
  public boolean needsQuoting(String name) {
    return name.isEmpty()
        || isReserved(name)
        || problem(name).isPresent()
        || Character.isDigit(name.charAt(0))
        || name.charAt(0) == '_';
  }

  /** {@code name} quoted for Athena DDL ({@code CREATE TABLE}, {@code ALTER TABLE}): backticks. */
  public String quoteDdl(String name) {
    return '`' + name.replace("`", "``") + '`';
  }
}
