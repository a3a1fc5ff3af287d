package io.tidemark.connect.athena.mapping;

import io.tidemark.connect.athena.sql.Identifier;
import io.tidemark.connect.athena.sql.SqlLiterals;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A partition folder of the S3 sink's layout ({@code name=value}) as an Athena partition-projection
 * column. Syntax: {@code partition:integer(0..63)}, {@code dt:date(2020-01-01..NOW)} (folder values
 * {@code yyyy-MM-dd}), {@code region:injected}.
 */
public record LandingPartition(
    Identifier name, Projection projection, String rangeStart, String rangeEnd) {

  /** Athena projection types we support. */
  public enum Projection {
    INTEGER,
    DATE,
    INJECTED
  }

  private static final Pattern SPEC =
      Pattern.compile("(integer|date|injected)(?:\\(([^.()]+)\\.\\.([^.()]+)\\))?");
  private static final Pattern DATE_END = Pattern.compile("NOW|\\d{4}-\\d{2}-\\d{2}");

  /** Parses a comma-separated list of partition specs. */
  public static List<LandingPartition> parseList(String text, String what) {
    List<LandingPartition> out = new ArrayList<>();
    for (String item : Column.splitTopLevel(text, what)) {
      int colon = item.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException(
            what + ": '" + item.trim() + "' must be name:projection");
      }
      Identifier name = Identifier.of(item.substring(0, colon).trim(), what);
      Matcher m = SPEC.matcher(item.substring(colon + 1).trim().toLowerCase(Locale.ROOT));
      if (!m.matches()) {
        throw new IllegalArgumentException(
            what
                + ": partition "
                + name
                + " must be integer(lo..hi), date(yyyy-MM-dd..NOW|yyyy-MM-dd) or injected, got '"
                + item.substring(colon + 1).trim()
                + "'");
      }
      Projection p = Projection.valueOf(m.group(1).toUpperCase(Locale.ROOT));
      String lo = m.group(2) == null ? null : m.group(2).trim();
      String hi = m.group(3) == null ? null : m.group(3).trim();
      out.add(
          validated(
              name,
              p,
              lo,
              hi == null ? null : hi.toUpperCase(Locale.ROOT).equals("NOW") ? "NOW" : hi,
              what));
    }
    return out;
  }

  private static LandingPartition validated(
      Identifier name, Projection p, String lo, String hi, String what) {
    String prefix = what + ": partition " + name + ": ";
    switch (p) {
      case INJECTED -> {
        if (lo != null) {
          throw new IllegalArgumentException(prefix + "injected takes no range");
        }
      }
      case INTEGER -> {
        if (lo == null) {
          throw new IllegalArgumentException(prefix + "integer needs a range, e.g. integer(0..63)");
        }
        long a = Long.parseLong(SqlLiterals.integer(lo));
        long b = Long.parseLong(SqlLiterals.integer(hi));
        if (a > b) {
          throw new IllegalArgumentException(
              prefix + "range start " + a + " is after its end " + b);
        }
        lo = Long.toString(a);
        hi = Long.toString(b);
      }
      case DATE -> {
        if (lo == null) {
          throw new IllegalArgumentException(
              prefix + "date needs a range, e.g. date(2020-01-01..NOW)");
        }
        try {
          LocalDate.parse(lo);
          if (!DATE_END.matcher(hi).matches()) {
            throw new IllegalArgumentException(prefix + "range end must be NOW or yyyy-MM-dd");
          }
          if (!hi.equals("NOW")) {
            LocalDate.parse(hi);
          }
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException(
              prefix + "dates must be yyyy-MM-dd: " + e.getParsedString(), e);
        }
      }
      default -> throw new IllegalStateException();
    }
    return new LandingPartition(name, p, lo, hi);
  }

  /** The column type in the landing table: integer partitions are bigint, others strings. */
  public ColumnType type() {
    return ColumnType.of(
        projection == Projection.INTEGER ? ColumnType.Kind.BIGINT : ColumnType.Kind.STRING);
  }

  /**
   * Why Athena's partition projection would not list the folder {@code value} (and a query would
   * read none of its rows), or empty when it does: an integer outside the range, a date outside the
   * range, after {@code today} for a range ending at {@code NOW} (Athena evaluates it in UTC) or
   * not {@code yyyy-MM-dd}. Injected values are always listed.
   */
  public java.util.Optional<String> uncovered(String value, LocalDate today) {
    String folder = name + "=" + value;
    switch (projection) {
      case INTEGER -> {
        long v;
        try {
          v = Long.parseLong(value);
        } catch (NumberFormatException e) {
          return java.util.Optional.of(folder + " is not an integer");
        }
        if (v < Long.parseLong(rangeStart) || v > Long.parseLong(rangeEnd)) {
          return java.util.Optional.of(
              folder + " is outside the projection range " + rangeStart + ".." + rangeEnd);
        }
      }
      case DATE -> {
        LocalDate d;
        try {
          d = LocalDate.parse(value);
        } catch (DateTimeParseException e) {
          return java.util.Optional.of(folder + " is not a yyyy-MM-dd date");
        }
        LocalDate end = rangeEnd.equals("NOW") ? today : LocalDate.parse(rangeEnd);
        if (d.isBefore(LocalDate.parse(rangeStart)) || d.isAfter(end)) {
          return java.util.Optional.of(
              folder
                  + " is outside the projection range "
                  + rangeStart
                  + ".."
                  + rangeEnd
                  + (rangeEnd.equals("NOW") ? " (" + today + ")" : ""));
        }
      }
      default -> {}
    }
    return java.util.Optional.empty();
  }

  /** A folder value from a commit event as a literal of this column's type. */
  public String literal(String folderValue) {
    return projection == Projection.INTEGER
        ? SqlLiterals.integer(folderValue)
        : SqlLiterals.string(folderValue);
  }
}
