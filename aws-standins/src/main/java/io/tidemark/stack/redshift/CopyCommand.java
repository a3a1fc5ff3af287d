package io.tidemark.stack.redshift;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A parsed {@code COPY table [(columns)] FROM 's3://bucket/key' options} statement. Supported
 * options: {@code IAM_ROLE} or {@code CREDENTIALS} (required, not checked), {@code [FORMAT [AS]]
 * JSON 'auto' | 'auto ignorecase'}, {@code GZIP}, {@code MANIFEST}, {@code REGION}, {@code
 * TIMEFORMAT}/{@code DATEFORMAT 'auto'}, {@code ACCEPTINVCHARS}, {@code TRUNCATECOLUMNS}, {@code
 * BLANKSASNULL}, {@code EMPTYASNULL}; anything else fails, so a test never passes on an option the
 * stand-in ignores silently.
 */
public record CopyCommand(
    String table,
    List<String> columns,
    String bucket,
    String key,
    boolean gzip,
    boolean manifest,
    boolean ignoreCase) {

  /** Whether {@code sql} is a COPY statement (its first word). */
  public static boolean isCopy(String sql) {
    List<SqlToken> code = SqlToken.code(SqlToken.tokenize(sql));
    return !code.isEmpty() && code.get(0).isWord("COPY");
  }

  /** Parses {@code sql}; throws {@link IllegalArgumentException} with a Redshift-style message. */
  public static CopyCommand parse(String sql) {
    List<SqlToken> code = new ArrayList<>(SqlToken.code(SqlToken.tokenize(sql)));
    while (!code.isEmpty() && code.get(code.size() - 1).isSymbol(";")) {
      code.remove(code.size() - 1);
    }
    Cursor c = new Cursor(code);
    c.expectWord("COPY");
    StringBuilder table = new StringBuilder(c.identifierText());
    while (c.peekSymbol(".")) {
      c.next();
      table.append('.').append(c.identifierText());
    }
    List<String> columns = new ArrayList<>();
    if (c.peekSymbol("(")) {
      c.next();
      do {
        columns.add(c.next().identifier());
      } while (c.acceptSymbol(","));
      c.expectSymbol(")");
    }
    c.expectWord("FROM");
    String from = c.string();
    if (!from.startsWith("s3://") || from.indexOf('/', 5) < 0) {
      throw new IllegalArgumentException(
          "ERROR: the stand-in emulates COPY from s3://bucket/key only, got '" + from + "'");
    }
    String bucket = from.substring(5, from.indexOf('/', 5));
    String key = from.substring(from.indexOf('/', 5) + 1);
    boolean gzip = false;
    boolean manifest = false;
    boolean json = false;
    boolean ignoreCase = false;
    boolean credentials = false;
    while (c.hasNext()) {
      String option = c.next().upper();
      switch (option) {
        case "IAM_ROLE", "CREDENTIALS", "REGION", "TIMEFORMAT", "DATEFORMAT" -> {
          c.acceptWord("AS");
          String value = c.string();
          credentials |= option.equals("IAM_ROLE") || option.equals("CREDENTIALS");
          if ((option.equals("TIMEFORMAT") || option.equals("DATEFORMAT"))
              && !value.equalsIgnoreCase("auto")) {
            throw new IllegalArgumentException(
                "ERROR: the stand-in supports " + option + " 'auto' only");
          }
        }
        case "FORMAT" -> {
          c.acceptWord("AS");
          c.expectWord("JSON");
          String mode = jsonMode(c);
          json = true;
          ignoreCase = mode.equals("auto ignorecase");
        }
        case "JSON" -> {
          ignoreCase = jsonMode(c).equals("auto ignorecase");
          json = true;
        }
        case "GZIP" -> gzip = true;
        case "MANIFEST" -> manifest = true;
        case "ACCEPTINVCHARS", "TRUNCATECOLUMNS", "BLANKSASNULL", "EMPTYASNULL" -> {
          // Accepted: no effect on well-formed JSON input.
        }
        default ->
            throw new IllegalArgumentException(
                "ERROR: the stand-in does not emulate COPY option " + option);
      }
    }
    if (!credentials) {
      throw new IllegalArgumentException("ERROR: COPY needs IAM_ROLE or CREDENTIALS");
    }
    if (!json) {
      throw new IllegalArgumentException(
          "ERROR: the stand-in emulates COPY ... FORMAT AS JSON 'auto' only");
    }
    return new CopyCommand(
        table.toString(), List.copyOf(columns), bucket, key, gzip, manifest, ignoreCase);
  }

  private static String jsonMode(Cursor c) {
    String mode = c.string().toLowerCase(Locale.ROOT);
    if (!mode.equals("auto") && !mode.equals("auto ignorecase")) {
      throw new IllegalArgumentException(
          "ERROR: the stand-in supports JSON 'auto' and 'auto ignorecase' only, not '"
              + mode
              + "'");
    }
    return mode;
  }

  /** Reads code tokens in order. */
  private static final class Cursor {
    private final List<SqlToken> code;
    private int i;

    Cursor(List<SqlToken> code) {
      this.code = code;
    }

    boolean hasNext() {
      return i < code.size();
    }

    SqlToken next() {
      if (!hasNext()) {
        throw new IllegalArgumentException("ERROR: COPY statement ends too early");
      }
      return code.get(i++);
    }

    Optional<SqlToken> peek() {
      return hasNext() ? Optional.of(code.get(i)) : Optional.empty();
    }

    boolean peekSymbol(String s) {
      return peek().map(t -> t.isSymbol(s)).orElse(false);
    }

    boolean acceptSymbol(String s) {
      if (peekSymbol(s)) {
        i++;
        return true;
      }
      return false;
    }

    void acceptWord(String w) {
      if (peek().map(t -> t.isWord(w)).orElse(false)) {
        i++;
      }
    }

    void expectWord(String w) {
      SqlToken t = next();
      if (!t.isWord(w)) {
        throw new IllegalArgumentException(
            "ERROR: syntax error at or near \"" + t.text() + "\" (expected " + w + ")");
      }
    }

    void expectSymbol(String s) {
      SqlToken t = next();
      if (!t.isSymbol(s)) {
        throw new IllegalArgumentException(
            "ERROR: syntax error at or near \"" + t.text() + "\" (expected " + s + ")");
      }
    }

    String identifierText() {
      SqlToken t = next();
      if (t.kind() != SqlToken.Kind.WORD && t.kind() != SqlToken.Kind.QUOTED_IDENTIFIER) {
        throw new IllegalArgumentException("ERROR: syntax error at or near \"" + t.text() + "\"");
      }
      return t.text();
    }

    String string() {
      SqlToken t = next();
      if (t.kind() != SqlToken.Kind.STRING) {
        throw new IllegalArgumentException(
            "ERROR: syntax error at or near \"" + t.text() + "\" (expected a string)");
      }
      return t.stringValue();
    }
  }
}
