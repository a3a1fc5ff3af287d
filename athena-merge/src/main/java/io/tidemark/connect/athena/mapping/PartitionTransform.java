package io.tidemark.connect.athena.mapping;

import io.tidemark.connect.athena.sql.Identifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Iceberg partition transform of the target table, written the Athena way: {@code dt}, {@code
 * year(ts)}, {@code month(ts)}, {@code day(ts)}, {@code hour(ts)}, {@code bucket(16, id)}, {@code
 * truncate(4, name)}.
 */
public record PartitionTransform(Kind kind, Identifier column, int width) {

  /** Iceberg transforms. */
  public enum Kind {
    IDENTITY,
    YEAR,
    MONTH,
    DAY,
    HOUR,
    BUCKET,
    TRUNCATE
  }

  private static final Pattern CALL =
      Pattern.compile("([a-z]+)\\(\\s*(?:(\\d{1,9})\\s*,\\s*)?([^,()\\s]+)\\s*\\)");

  /** Parses a comma-separated list; every column must be one of {@code columns}. */
  public static List<PartitionTransform> parseList(String text, List<Column> columns, String what) {
    List<PartitionTransform> out = new ArrayList<>();
    for (String raw : Column.splitTopLevel(text, what)) {
      String item = raw.trim();
      PartitionTransform t = parse(item, what);
      if (columns.stream().noneMatch(c -> c.name().equals(t.column()))) {
        throw new IllegalArgumentException(
            what + ": '" + item + "' uses column " + t.column() + ", which is not a target column");
      }
      out.add(t);
    }
    return out;
  }

  static PartitionTransform parse(String item, String what) {
    Matcher m = CALL.matcher(item.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return new PartitionTransform(Kind.IDENTITY, Identifier.of(item, what), 0);
    }
    Kind kind;
    try {
      kind = Kind.valueOf(m.group(1).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          what
              + ": unknown partition transform '"
              + m.group(1)
              + "' in '"
              + item
              + "'; expected year, month, day, hour, bucket(n, col), truncate(n, col) or a column",
          e);
    }
    boolean takesWidth = kind == Kind.BUCKET || kind == Kind.TRUNCATE;
    if (kind == Kind.IDENTITY || takesWidth != (m.group(2) != null)) {
      throw new IllegalArgumentException(
          what
              + ": '"
              + item
              + "' "
              + (takesWidth ? "needs a width: " + m.group(1) + "(n, column)" : "takes one column"));
    }
    int width = takesWidth ? Integer.parseInt(m.group(2)) : 0;
    if (takesWidth && width < 1) {
      throw new IllegalArgumentException(what + ": '" + item + "' needs a width of at least 1");
    }
    return new PartitionTransform(kind, Identifier.of(m.group(3), what), width);
  }
}
