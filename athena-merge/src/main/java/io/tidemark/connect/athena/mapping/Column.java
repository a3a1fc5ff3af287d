package io.tidemark.connect.athena.mapping;

import io.tidemark.connect.athena.sql.Identifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A named, typed column. */
public record Column(Identifier name, ColumnType type) {

  public Column {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }

  /**
   * Parses {@code name:type,name:type}; commas inside parentheses belong to the type ({@code
   * cost:decimal(10,2)}).
   *
   * @param what the config key, for messages
   */
  public static List<Column> parseList(String text, String what) {
    List<Column> out = new ArrayList<>();
    for (String item : splitTopLevel(text, what)) {
      int colon = item.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException(what + ": '" + item.trim() + "' must be name:type");
      }
      Identifier name = Identifier.of(item.substring(0, colon).trim(), what);
      ColumnType type;
      try {
        type = ColumnType.parse(item.substring(colon + 1));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(what + ": column " + name + ": " + e.getMessage(), e);
      }
      if (out.stream().anyMatch(c -> c.name().equals(name))) {
        throw new IllegalArgumentException(what + ": column " + name + " is listed twice");
      }
      out.add(new Column(name, type));
    }
    return out;
  }

  /** Splits on commas outside parentheses; blank items are skipped; parentheses must balance. */
  static List<String> splitTopLevel(String text, String what) {
    List<String> items = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : ',';
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
        if (depth < 0) {
          throw new IllegalArgumentException(
              what + ": unbalanced ')' at index " + i + " in '" + text + "'");
        }
      } else if (c == ',' && depth == 0) {
        String item = text.substring(start, i);
        if (!item.isBlank()) {
          items.add(item);
        }
        start = i + 1;
      }
    }
    if (depth != 0) {
      throw new IllegalArgumentException(what + ": unbalanced '(' in '" + text + "'");
    }
    return items;
  }
}
