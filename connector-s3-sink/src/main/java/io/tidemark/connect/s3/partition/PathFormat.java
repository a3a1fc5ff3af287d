package io.tidemark.connect.s3.partition;

import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A time path template such as {@code dt=YYYY-MM-dd/hr=HH}. Tokens: {@code YYYY} year, {@code MM}
 * month, {@code dd} day of month, {@code HH} hour (00-23), {@code mm} minute; every other character
 * is literal, and text in single quotes is always literal ({@code 'added'=dd}). (These are not
 * {@code DateTimeFormatter} letters, whose {@code YYYY} is the week-based year and silently wrong
 * around New Year.) A segment {@code name=...} also yields the partition value {@code name}.
 */
public final class PathFormat {

  private enum Token {
    YEAR,
    MONTH,
    DAY,
    HOUR,
    MINUTE
  }

  private final String pattern;
  private final List<Object> parts = new ArrayList<>();

  public PathFormat(String pattern) {
    if (pattern == null || pattern.isBlank()) {
      throw new IllegalArgumentException("path format is empty");
    }
    if (pattern.startsWith("/") || pattern.endsWith("/") || pattern.contains("//")) {
      throw new IllegalArgumentException("path format '" + pattern + "' has an empty segment");
    }
    this.pattern = pattern;
    StringBuilder literal = new StringBuilder();
    boolean anyToken = false;
    for (int i = 0; i < pattern.length(); ) {
      if (pattern.charAt(i) == '\'') {
        int end = pattern.indexOf('\'', i + 1);
        if (end < 0) {
          throw new IllegalArgumentException("path format '" + pattern + "' has an unclosed quote");
        }
        literal.append(pattern, i + 1, end);
        i = end + 1;
        continue;
      }
      Token t =
          pattern.startsWith("YYYY", i)
              ? Token.YEAR
              : pattern.startsWith("MM", i)
                  ? Token.MONTH
                  : pattern.startsWith("dd", i)
                      ? Token.DAY
                      : pattern.startsWith("HH", i)
                          ? Token.HOUR
                          : pattern.startsWith("mm", i) ? Token.MINUTE : null;
      if (t == null) {
        literal.append(pattern.charAt(i++));
        continue;
      }
      if (literal.length() > 0) {
        parts.add(literal.toString());
        literal.setLength(0);
      }
      parts.add(t);
      anyToken = true;
      i += t == Token.YEAR ? 4 : 2;
    }
    if (literal.length() > 0) {
      parts.add(literal.toString());
    }
    if (!anyToken) {
      throw new IllegalArgumentException(
          "path format '" + pattern + "' has no time token (YYYY, MM, dd, HH, mm)");
    }
  }

  public String pattern() {
    return pattern;
  }

  public Partition format(ZonedDateTime t) {
    StringBuilder sb = new StringBuilder();
    for (Object p : parts) {
      if (p instanceof String) {
        sb.append((String) p);
        continue;
      }
      switch ((Token) p) {
        case YEAR:
          sb.append(String.format("%04d", t.getYear()));
          break;
        case MONTH:
          sb.append(String.format("%02d", t.getMonthValue()));
          break;
        case DAY:
          sb.append(String.format("%02d", t.getDayOfMonth()));
          break;
        case HOUR:
          sb.append(String.format("%02d", t.getHour()));
          break;
        default:
          sb.append(String.format("%02d", t.getMinute()));
      }
    }
    String path = sb.toString();
    Map<String, String> values = new LinkedHashMap<>();
    for (String segment : path.split("/")) {
      int eq = segment.indexOf('=');
      if (eq > 0) {
        values.put(segment.substring(0, eq), segment.substring(eq + 1));
      }
    }
    return new Partition(path, values);
  }
}
