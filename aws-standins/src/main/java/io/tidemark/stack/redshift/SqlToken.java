package io.tidemark.stack.redshift;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A lexical token of SQL text, enough to check and rewrite statements without touching string
 * literals, quoted identifiers or comments.
 */
public record SqlToken(Kind kind, String text) {

  /** Token kinds. */
  public enum Kind {
    WORD,
    QUOTED_IDENTIFIER,
    STRING,
    NUMBER,
    SYMBOL,
    SPACE,
    COMMENT
  }

  public boolean isWord(String word) {
    return kind == Kind.WORD && text.equalsIgnoreCase(word);
  }

  public boolean isSymbol(String symbol) {
    return kind == Kind.SYMBOL && text.equals(symbol);
  }

  public boolean isCode() {
    return kind != Kind.SPACE && kind != Kind.COMMENT;
  }

  public String upper() {
    return text.toUpperCase(Locale.ROOT);
  }

  /** The identifier's name: unquoted words folded to lower case, quoted ones unescaped. */
  public String identifier() {
    if (kind == Kind.QUOTED_IDENTIFIER) {
      return text.substring(1, text.length() - 1).replace("\"\"", "\"");
    }
    return text.toLowerCase(Locale.ROOT);
  }

  /** The value of a string literal. */
  public String stringValue() {
    return text.substring(1, text.length() - 1).replace("''", "'");
  }

  /** Splits {@code sql} into tokens; concatenating their texts gives {@code sql} back. */
  public static List<SqlToken> tokenize(String sql) {
    List<SqlToken> tokens = new ArrayList<>();
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      int start = i;
      Kind kind;
      if (Character.isWhitespace(c)) {
        while (i < n && Character.isWhitespace(sql.charAt(i))) {
          i++;
        }
        kind = Kind.SPACE;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        while (i < n && sql.charAt(i) != '\n') {
          i++;
        }
        kind = Kind.COMMENT;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
        kind = Kind.COMMENT;
      } else if (c == '\'' || c == '"') {
        i = quotedEnd(sql, i, c);
        kind = c == '\'' ? Kind.STRING : Kind.QUOTED_IDENTIFIER;
      } else if (Character.isDigit(c)) {
        while (i < n && (Character.isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
          i++;
        }
        kind = Kind.NUMBER;
      } else if (Character.isLetter(c) || c == '_' || c > 0x7f) {
        while (i < n && isWordPart(sql.charAt(i))) {
          i++;
        }
        kind = Kind.WORD;
      } else {
        i++;
        kind = Kind.SYMBOL;
      }
      tokens.add(new SqlToken(kind, sql.substring(start, i)));
    }
    return tokens;
  }

  private static boolean isWordPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 0x7f;
  }

  private static int quotedEnd(String sql, int open, char quote) {
    int i = open + 1;
    while (i < sql.length()) {
      if (sql.charAt(i) == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return sql.length();
  }

  /** Only the tokens that are code (no spaces, no comments). */
  public static List<SqlToken> code(List<SqlToken> tokens) {
    return tokens.stream().filter(SqlToken::isCode).toList();
  }
}
