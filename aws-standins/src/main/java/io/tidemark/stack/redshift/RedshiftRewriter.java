package io.tidemark.stack.redshift;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Rewrites Redshift SQL into PostgreSQL that behaves the same: {@code SUPER} becomes {@code jsonb},
 * {@code VARBYTE}/{@code VARBINARY} become {@code bytea}, {@code VARCHAR(MAX)} becomes {@code
 * VARCHAR(65535)}, {@code SYSDATE} becomes {@code LOCALTIMESTAMP}; in {@code CREATE TABLE},
 * physical design clauses ({@code DISTSTYLE}, {@code DISTKEY}, {@code SORTKEY}, {@code ENCODE},
 * {@code BACKUP}) are dropped, and so are {@code PRIMARY KEY}, {@code UNIQUE} and {@code
 * REFERENCES} constraints, which Redshift declares but never enforces. Character columns declared
 * in {@code CREATE TABLE} or {@code ALTER TABLE ... ADD COLUMN} get a {@code CHECK
 * (octet_length(column) <= n)}: Redshift counts VARCHAR and CHAR lengths in bytes, PostgreSQL in
 * characters; a bare {@code VARCHAR} is {@code VARCHAR(256)} and a bare {@code DECIMAL} or {@code
 * NUMERIC} column is {@code DECIMAL(18,0)}, as in Redshift. Identifiers over PostgreSQL's 63 bytes
 * become their {@link LongIdentifiers} short names (over 127 bytes they are first truncated, as
 * Redshift truncates them); in statements that read a catalog ({@code information_schema}, {@code
 * pg_*}, {@code svv_*}, ...) string literals of 64 to 127 bytes are taken for names and mapped the
 * same way. Other string literals and comments are never touched. Pure apart from remembering long
 * names.
 */
public final class RedshiftRewriter {
  private static final Set<String> TABLE_CONSTRAINTS =
      Set.of("PRIMARY", "UNIQUE", "FOREIGN", "CONSTRAINT");

  private final List<SqlToken> tokens;
  private final String[] out;

  private RedshiftRewriter(String sql) {
    this.tokens = SqlToken.tokenize(sql);
    this.out = new String[tokens.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = tokens.get(i).text();
    }
  }

  public static String rewrite(String sql) {
    RedshiftRewriter r = new RedshiftRewriter(sql);
    r.types();
    if (r.readsCatalog()) {
      r.namesInCatalogLiterals();
    }
    if (r.isCreateTable()) {
      r.byteLengthChecksInCreate();
      r.createTable();
    } else if (r.isAlterAddColumn()) {
      r.byteLengthCheck(r.alterColumnName());
      r.decimalDefault(r.alterColumnName());
    } else if (RedshiftSqlRules.alterColumnTypeIndex(SqlToken.code(r.tokens)) >= 0) {
      return r.widenVarchar();
    }
    return String.join("", r.out);
  }

  /**
   * {@code ALTER TABLE t ALTER [COLUMN] c TYPE VARCHAR(n)} (RedshiftSqlRules refused every other
   * type and every transaction block): a PostgreSQL block that refuses a column with a DEFAULT or
   * of another type than VARCHAR (a CHAR) as Redshift does, moves the column's byte-length check to
   * the new size (re-checking every row in bytes, so a size below the existing data fails as on
   * Redshift) and changes the type.
   */
  private String widenVarchar() {
    int alter = next(next(-1));
    StringBuilder table = new StringBuilder();
    StringBuilder tableName = new StringBuilder();
    int i = next(alter);
    for (; i >= 0 && !tokens.get(i).isWord("ALTER"); i = next(i)) {
      table.append(out[i]);
      tableName.append(
          tokens.get(i).kind() == SqlToken.Kind.SYMBOL ? "." : tokens.get(i).identifier());
    }
    int column = next(i);
    if (tokens.get(column).isWord("COLUMN")) {
      column = next(column);
    }
    String name = tokens.get(column).identifier();
    String attname =
        LongIdentifiers.bytes(name) > LongIdentifiers.POSTGRES_MAX_BYTES
            ? LongIdentifiers.toPostgres(name)
            : name;
    String length = "256";
    for (int j = next(next(column)); j >= 0; j = next(j)) {
      if (tokens.get(j).isSymbol("(") && next(j) >= 0) {
        length = out[next(j)].trim();
        break;
      }
    }
    if (!length.matches("[0-9]+")) {
      throw new IllegalArgumentException("VARCHAR size '" + length + "' is not a number");
    }
    String t = literal(table.toString());
    String c = literal(attname);
    String col = out[column];
    return "DO $tidemark_widen$ DECLARE r record; BEGIN"
        + " IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = "
        + t
        + "::regclass AND attname = "
        + c
        + " AND atthasdef) THEN RAISE EXCEPTION 'cannot alter column % of %: the column has a"
        + " default value (stand-in text; Redshift refuses ALTER COLUMN TYPE on such a column)',"
        + " "
        + literal(name)
        + ", "
        + literal(tableName.toString())
        + "; END IF;"
        + " IF (SELECT atttypid FROM pg_attribute WHERE attrelid = "
        + t
        + "::regclass AND attname = "
        + c
        + ") <> 'character varying'::regtype THEN RAISE EXCEPTION 'cannot alter column % of %:"
        + " ALTER COLUMN TYPE changes only the size of a VARCHAR column (stand-in text)', "
        + literal(name)
        + ", "
        + literal(tableName.toString())
        + "; END IF;"
        + " FOR r IN SELECT conname FROM pg_constraint WHERE conrelid = "
        + t
        + "::regclass AND contype = 'c' AND conkey = ARRAY[(SELECT attnum FROM pg_attribute"
        + " WHERE attrelid = "
        + t
        + "::regclass AND attname = "
        + c
        + ")]::int2[] AND pg_get_constraintdef(oid) LIKE '%octet_length%' LOOP"
        + " EXECUTE 'ALTER TABLE ' || "
        + literal(table.toString())
        + " || ' DROP CONSTRAINT ' || quote_ident(r.conname); END LOOP;"
        + " ALTER TABLE "
        + table
        + " ALTER COLUMN "
        + col
        + " TYPE VARCHAR("
        + length
        + "), ADD CHECK (octet_length("
        + col
        + ") <= "
        + length
        + "); END $tidemark_widen$";
  }

  private static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  private void types() {
    for (int i = 0; i < tokens.size(); i++) {
      SqlToken t = tokens.get(i);
      if ((t.kind() == SqlToken.Kind.WORD || t.kind() == SqlToken.Kind.QUOTED_IDENTIFIER)
          && t.identifier().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
              > LongIdentifiers.POSTGRES_MAX_BYTES) {
        out[i] = '"' + LongIdentifiers.toPostgres(t.identifier()).replace("\"", "\"\"") + '"';
      } else if ((t.isWord(LoadErrorLog.SYS_VIEW) || t.isWord(LoadErrorLog.STL_VIEW))
          && (previous(i) < 0 || !tokens.get(previous(i)).isSymbol("."))) {
        out[i] = LoadErrorLog.SCHEMA + "." + t.identifier();
      } else if (t.isWord("SUPER")) {
        out[i] = "jsonb";
      } else if (t.isWord("SYSDATE")) {
        out[i] = "LOCALTIMESTAMP";
      } else if (t.isWord("VARBYTE") || t.isWord("VARBINARY") || t.isWord("BINARY_VARYING")) {
        out[i] = "bytea";
        int open = next(i);
        if (open >= 0 && tokens.get(open).isSymbol("(")) {
          removeThroughClose(open);
        }
      } else if (t.isWord("MAX") && i >= 2) {
        int before = previous(i);
        int type = before >= 0 ? previous(before) : -1;
        if (before >= 0
            && tokens.get(before).isSymbol("(")
            && type >= 0
            && (tokens.get(type).isWord("VARCHAR")
                || tokens.get(type).isWord("NVARCHAR")
                || tokens.get(type).isWord("VARYING"))) {
          out[i] = "65535";
        }
      }
    }
  }

  /**
   * Whether the statement reads a catalog: {@code information_schema}, {@code pg_catalog}, or a
   * {@code pg_*}, {@code svv_*}, {@code svl_*}, {@code stv_*}, {@code stl_*} or {@code sys_*}
   * relation, where string literals compare with names.
   */
  private boolean readsCatalog() {
    for (SqlToken t : tokens) {
      if (t.kind() == SqlToken.Kind.WORD || t.kind() == SqlToken.Kind.QUOTED_IDENTIFIER) {
        String name = t.identifier();
        if (name.equals("information_schema")
            || name.startsWith("pg_")
            || name.startsWith("svv_")
            || name.startsWith("svl_")
            || name.startsWith("stv_")
            || name.startsWith("stl_")
            || name.startsWith("sys_")) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * In a catalog query, a string literal of 64 to 127 bytes (or a dotted {@code 'schema.table'}
   * with such a part) is a long name: it becomes its PostgreSQL stand-in name so that it compares
   * equal to the catalog's row. Literals over 127 bytes stay as they are: on Redshift they match no
   * (truncated) name either.
   */
  private void namesInCatalogLiterals() {
    for (int i = 0; i < tokens.size(); i++) {
      SqlToken t = tokens.get(i);
      if (t.kind() != SqlToken.Kind.STRING || !t.text().startsWith("'")) {
        continue;
      }
      String value = t.stringValue();
      String mapped;
      if (isLongName(value)) {
        mapped = LongIdentifiers.toPostgres(value);
      } else if (value.contains(".")) {
        String[] parts = value.split("\\.", -1);
        boolean any = false;
        for (int p = 0; p < parts.length; p++) {
          if (isLongName(parts[p])) {
            parts[p] = LongIdentifiers.toPostgres(parts[p]);
            any = true;
          }
        }
        mapped = any ? String.join(".", parts) : null;
      } else {
        mapped = null;
      }
      if (mapped != null) {
        out[i] = "'" + mapped.replace("'", "''") + "'";
      }
    }
  }

  private static boolean isLongName(String value) {
    int bytes = LongIdentifiers.bytes(value);
    return bytes > LongIdentifiers.POSTGRES_MAX_BYTES
        && bytes <= LongIdentifiers.REDSHIFT_MAX_BYTES;
  }

  private boolean isCreateTable() {
    int first = next(-1);
    if (first < 0 || !tokens.get(first).isWord("CREATE")) {
      return false;
    }
    for (int i = next(first); i >= 0; i = next(i)) {
      SqlToken t = tokens.get(i);
      if (t.isWord("TABLE")) {
        return true;
      }
      if (!(t.isWord("TEMP") || t.isWord("TEMPORARY") || t.isWord("LOCAL") || t.isWord("GLOBAL"))) {
        return false;
      }
    }
    return false;
  }

  /** The column name after {@code ALTER TABLE t ADD [COLUMN]}, or -1. */
  private int alterColumnName() {
    for (int i = next(-1); i >= 0; i = next(i)) {
      if (tokens.get(i).isWord("ADD")) {
        int name = next(i);
        return name >= 0 && tokens.get(name).isWord("COLUMN") ? next(name) : name;
      }
    }
    return -1;
  }

  private boolean isAlterAddColumn() {
    int first = next(-1);
    int second = first < 0 ? -1 : next(first);
    if (first < 0
        || second < 0
        || !tokens.get(first).isWord("ALTER")
        || !tokens.get(second).isWord("TABLE")) {
      return false;
    }
    int name = alterColumnName();
    return name >= 0
        && !tokens.get(name).isWord("CONSTRAINT")
        && !tokens.get(name).isWord("PRIMARY")
        && !tokens.get(name).isWord("UNIQUE")
        && !tokens.get(name).isWord("FOREIGN");
  }

  /** Adds byte-length checks to every character column of a CREATE TABLE's element list. */
  private void byteLengthChecksInCreate() {
    int depth = 0;
    boolean sawElements = false;
    for (int i = next(-1); i >= 0; i = next(i)) {
      SqlToken t = tokens.get(i);
      if (depth == 0 && !sawElements && t.isWord("AS")) {
        return;
      }
      if (t.isSymbol("(")) {
        depth++;
        if (depth == 1 && !sawElements) {
          sawElements = true;
          byteLengthCheck(next(i));
          decimalDefault(next(i));
        }
      } else if (t.isSymbol(")")) {
        depth--;
        if (depth == 0 && sawElements) {
          return;
        }
      } else if (t.isSymbol(",") && depth == 1) {
        byteLengthCheck(next(i));
        decimalDefault(next(i));
      }
    }
  }

  /**
   * If {@code name} starts a column definition of type {@code DECIMAL} or {@code NUMERIC} without
   * precision, makes it {@code DECIMAL(18,0)}, Redshift's default (PostgreSQL's would be an
   * unconstrained numeric that keeps every digit).
   */
  private void decimalDefault(int name) {
    if (name < 0) {
      return;
    }
    SqlToken column = tokens.get(name);
    if (column.kind() != SqlToken.Kind.QUOTED_IDENTIFIER && column.kind() != SqlToken.Kind.WORD
        || (column.kind() == SqlToken.Kind.WORD && TABLE_CONSTRAINTS.contains(column.upper()))) {
      return;
    }
    int type = next(name);
    if (type < 0 || !(tokens.get(type).isWord("DECIMAL") || tokens.get(type).isWord("NUMERIC"))) {
      return;
    }
    int after = next(type);
    if (after < 0 || !tokens.get(after).isSymbol("(")) {
      out[type] = out[type] + "(18,0)";
    }
  }

  /**
   * If {@code name} starts a column definition of a character type, appends its byte-length check.
   */
  private void byteLengthCheck(int name) {
    if (name < 0) {
      return;
    }
    SqlToken column = tokens.get(name);
    if (column.kind() != SqlToken.Kind.QUOTED_IDENTIFIER && column.kind() != SqlToken.Kind.WORD
        || (column.kind() == SqlToken.Kind.WORD && TABLE_CONSTRAINTS.contains(column.upper()))) {
      return;
    }
    int type = next(name);
    if (type < 0 || tokens.get(type).kind() != SqlToken.Kind.WORD) {
      return;
    }
    String word = tokens.get(type).upper();
    boolean varying = word.equals("VARCHAR") || word.equals("NVARCHAR");
    boolean fixed =
        word.equals("CHAR")
            || word.equals("CHARACTER")
            || word.equals("NCHAR")
            || word.equals("BPCHAR");
    if (!varying && !fixed) {
      return;
    }
    int last = type;
    int after = next(type);
    if (fixed && after >= 0 && tokens.get(after).isWord("VARYING")) {
      varying = true;
      last = after;
      after = next(after);
    }
    String length;
    if (after >= 0 && tokens.get(after).isSymbol("(")) {
      int number = next(after);
      int close = number < 0 ? -1 : next(number);
      if (close < 0 || !out[number].matches("[0-9]+") || !tokens.get(close).isSymbol(")")) {
        return;
      }
      length = out[number];
      last = close;
    } else {
      length = varying ? "256" : "1";
      out[last] = out[last] + "(" + length + ")";
    }
    // out[name]: the column as PostgreSQL names it (a long name's short stand-in name).
    out[last] = out[last] + " CHECK (octet_length(" + out[name] + ") <= " + length + ")";
  }

  private void createTable() {
    int depth = 0;
    for (int i = next(-1); i >= 0; i = next(i)) {
      SqlToken t = tokens.get(i);
      if (t.isSymbol("(")) {
        depth++;
        continue;
      }
      if (t.isSymbol(")")) {
        depth--;
        continue;
      }
      if (depth == 1) {
        i = insideElements(i);
      } else if (depth == 0) {
        i = afterElements(i);
      }
    }
  }

  /** Table options after the column list; returns the last index handled. */
  private int afterElements(int i) {
    SqlToken t = tokens.get(i);
    if (t.isWord("DISTSTYLE") || t.isWord("BACKUP") || (t.isWord("ENCODE") && isWordAt(next(i)))) {
      return remove(i, next(i));
    }
    if (t.isWord("COMPOUND")
        || t.isWord("INTERLEAVED")
        || t.isWord("DISTKEY")
        || t.isWord("SORTKEY")) {
      int key = t.isWord("COMPOUND") || t.isWord("INTERLEAVED") ? next(i) : i;
      int after = next(key);
      if (after >= 0 && tokens.get(after).isSymbol("(")) {
        return remove(i, closeOf(after));
      }
      return remove(i, after >= 0 && tokens.get(after).isWord("AUTO") ? after : key);
    }
    return i;
  }

  /** Inside the column list (paren depth 1); returns the last index handled. */
  private int insideElements(int i) {
    SqlToken t = tokens.get(i);
    int prev = previous(i);
    boolean startsElement =
        prev >= 0 && (tokens.get(prev).isSymbol(",") || tokens.get(prev).isSymbol("("));
    if (startsElement
        && t.kind() == SqlToken.Kind.WORD
        && TABLE_CONSTRAINTS.contains(t.upper())
        && isTableConstraint(i)) {
      int end = elementEnd(i);
      if (tokens.get(prev).isSymbol(",")) {
        return remove(prev, end);
      }
      int comma = next(end);
      return remove(i, comma >= 0 && tokens.get(comma).isSymbol(",") ? comma : end);
    }
    if (t.isWord("PRIMARY") && isWordAt(next(i)) && tokens.get(next(i)).isWord("KEY")) {
      return remove(i, next(i));
    }
    if (t.isWord("UNIQUE") || t.isWord("DISTKEY") || t.isWord("SORTKEY")) {
      return remove(i, i);
    }
    if (t.isWord("ENCODE")) {
      return remove(i, next(i));
    }
    if (t.isWord("REFERENCES")) {
      int end = next(i);
      int open = next(end);
      if (open >= 0 && tokens.get(open).isSymbol(".")) {
        end = next(open);
        open = next(end);
      }
      if (open >= 0 && tokens.get(open).isSymbol("(")) {
        end = closeOf(open);
      }
      return remove(i, end);
    }
    return i;
  }

  private boolean isTableConstraint(int i) {
    SqlToken t = tokens.get(i);
    if (t.isWord("CONSTRAINT") || t.isWord("FOREIGN")) {
      return true;
    }
    int n = next(i);
    if (t.isWord("UNIQUE")) {
      return n >= 0 && tokens.get(n).isSymbol("(");
    }
    // PRIMARY KEY ( ... ) as an element, not a column named "primary".
    int after = n >= 0 ? next(n) : -1;
    return n >= 0 && tokens.get(n).isWord("KEY") && after >= 0 && tokens.get(after).isSymbol("(");
  }

  /**
   * The last code token of the element starting at {@code i} (before its ',' or the closing ')').
   */
  private int elementEnd(int i) {
    int depth = 0;
    int last = i;
    for (int j = i; j >= 0; j = next(j)) {
      SqlToken t = tokens.get(j);
      if (t.isSymbol("(")) {
        depth++;
      } else if (t.isSymbol(")")) {
        if (depth == 0) {
          return last;
        }
        depth--;
      } else if (t.isSymbol(",") && depth == 0) {
        return last;
      }
      last = j;
    }
    return last;
  }

  private int closeOf(int open) {
    int depth = 0;
    for (int j = open; j >= 0; j = next(j)) {
      if (tokens.get(j).isSymbol("(")) {
        depth++;
      } else if (tokens.get(j).isSymbol(")") && --depth == 0) {
        return j;
      }
    }
    return tokens.size() - 1;
  }

  private void removeThroughClose(int open) {
    remove(open, closeOf(open));
  }

  /** Blanks tokens {@code from..to} (inclusive, all kinds); returns {@code to}. */
  private int remove(int from, int to) {
    for (int j = from; j <= to && j < out.length; j++) {
      out[j] = tokens.get(j).kind() == SqlToken.Kind.SPACE ? "" : "";
    }
    return to;
  }

  private boolean isWordAt(int i) {
    return i >= 0 && tokens.get(i).kind() == SqlToken.Kind.WORD;
  }

  private int next(int i) {
    for (int j = i + 1; j < tokens.size(); j++) {
      if (tokens.get(j).isCode()) {
        return j;
      }
    }
    return -1;
  }

  private int previous(int i) {
    for (int j = i - 1; j >= 0; j--) {
      if (tokens.get(j).isCode()) {
        return j;
      }
    }
    return -1;
  }

  /** The statement's tokens, for callers that inspect more than they rewrite. */
  List<SqlToken> tokens() {
    return new ArrayList<>(tokens);
  }
}
