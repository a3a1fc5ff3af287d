package io.tidemark.stack.athena;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small cursor over DDL text: keywords, identifiers (bare, `backticked`, "quoted"), literals,
 * parentheses.
 */
final class SqlCursor {

  private final String s;
  private int i;

  SqlCursor(String s) {
    this.s = s;
  }

  private void skipSpace() {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
  }

  /** Consumes the words in order (case-insensitive) and returns true, or consumes nothing. */
  boolean keywords(String... words) {
    int start = i;
    for (String w : words) {
      skipSpace();
      if (!s.regionMatches(true, i, w, 0, w.length())
          || (i + w.length() < s.length() && isWordChar(s.charAt(i + w.length())))) {
        i = start;
        return false;
      }
      i += w.length();
    }
    return true;
  }

  void expect(String... words) {
    if (!keywords(words)) {
      throw new IllegalArgumentException(
          "expected " + String.join(" ", words) + " at: " + rest(40));
    }
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  /** An identifier, unquoted, lower-cased when it was bare. */
  String identifier() {
    skipSpace();
    if (i >= s.length()) {
      throw new IllegalArgumentException("expected a name at the end of the statement");
    }
    char q = s.charAt(i);
    if (q == '`' || q == '"') {
      int end = s.indexOf(q, i + 1);
      if (end < 0) {
        throw new IllegalArgumentException("unterminated quoted name at: " + rest(40));
      }
      String name = s.substring(i + 1, end);
      i = end + 1;
      return name;
    }
    int start = i;
    while (i < s.length() && isWordChar(s.charAt(i))) {
      i++;
    }
    if (start == i) {
      throw new IllegalArgumentException("expected a name at: " + rest(40));
    }
    return s.substring(start, i).toLowerCase(Locale.ROOT);
  }

  /** {@code name} or {@code schema.name}; returns [schema or null, name]. */
  String[] qualifiedName() {
    String first = identifier();
    skipSpace();
    if (i < s.length() && s.charAt(i) == '.') {
      i++;
      return new String[] {first, identifier()};
    }
    return new String[] {null, first};
  }

  String stringLiteral() {
    skipSpace();
    if (i >= s.length() || s.charAt(i) != '\'') {
      throw new IllegalArgumentException("expected a string literal at: " + rest(40));
    }
    StringBuilder out = new StringBuilder();
    i++;
    while (i < s.length()) {
      char c = s.charAt(i++);
      if (c == '\'') {
        if (i < s.length() && s.charAt(i) == '\'') {
          out.append('\'');
          i++;
        } else {
          return out.toString();
        }
      } else {
        out.append(c);
      }
    }
    throw new IllegalArgumentException("unterminated string literal");
  }

  boolean peek(char c) {
    skipSpace();
    return i < s.length() && s.charAt(i) == c;
  }

  /** The text inside the next balanced parentheses (string literals respected). */
  String parenthesized() {
    skipSpace();
    if (i >= s.length() || s.charAt(i) != '(') {
      throw new IllegalArgumentException("expected ( at: " + rest(40));
    }
    int depth = 0;
    int start = i + 1;
    boolean quoted = false;
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\'') {
        quoted = !quoted;
      } else if (!quoted && c == '(') {
        depth++;
      } else if (!quoted && c == ')' && --depth == 0) {
        i++;
        return s.substring(start, i - 1);
      }
    }
    throw new IllegalArgumentException("unbalanced parentheses");
  }

  boolean atEnd() {
    skipSpace();
    if (i < s.length() && s.charAt(i) == ';') {
      i++;
      skipSpace();
    }
    return i >= s.length();
  }

  String rest(int max) {
    String r = s.substring(Math.min(i, s.length())).strip();
    return r.length() > max ? r.substring(0, max) + "…" : r;
  }

  /** Splits at top-level commas (outside parentheses and string literals). */
  static List<String> splitTopLevel(String text) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    boolean quoted = false;
    int start = 0;
    for (int k = 0; k < text.length(); k++) {
      char c = text.charAt(k);
      if (c == '\'') {
        quoted = !quoted;
      } else if (!quoted && c == '(') {
        depth++;
      } else if (!quoted && c == ')') {
        depth--;
      } else if (!quoted && depth == 0 && c == ',') {
        out.add(text.substring(start, k).strip());
        start = k + 1;
      }
    }
    if (!text.substring(start).isBlank()) {
      out.add(text.substring(start).strip());
    }
    return out;
  }
}
