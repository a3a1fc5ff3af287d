package io.tidemark.stack.redshift;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where Amazon Redshift is stricter than PostgreSQL, so that SQL the stand-in accepts also runs on
 * Redshift. Pure: text in, the first violation out. Limits of the Data API itself ({@link
 * #checkRequest}) are reported as ValidationException at submission; SQL rules ({@link #violation})
 * make the statement FAILED, as Redshift does.
 */
public final class RedshiftSqlRules {
  /** Data API: a statement must be smaller than 100 KB. */
  public static final int MAX_STATEMENT_BYTES = 100 * 1024;

  /** Data API: a batch holds at most 40 statements. */
  public static final int MAX_BATCH_STATEMENTS = 40;

  /**
   * Redshift's identifier limit. Longer identifiers are not an error on Redshift: they are
   * truncated to 127 bytes ({@link LongIdentifiers#truncate}).
   */
  public static final int MAX_IDENTIFIER_BYTES = LongIdentifiers.REDSHIFT_MAX_BYTES;

  public static final int MAX_VARCHAR_BYTES = 65535;
  public static final int MAX_CHAR_BYTES = 4096;
  public static final int MAX_DECIMAL_PRECISION = 38;

  private static final Set<String> VARCHAR_TYPES =
      Set.of("VARCHAR", "NVARCHAR", "TEXT", "CHARACTER", "CHAR", "NCHAR", "BPCHAR");

  private RedshiftSqlRules() {}

  /** Data API request limits: statement count, statement size, empty statements. */
  public static Optional<String> checkRequest(List<String> statements, boolean batch) {
    if (statements.isEmpty()) {
      return Optional.of("no SQL statement was given");
    }
    if (batch && statements.size() > MAX_BATCH_STATEMENTS) {
      return Optional.of(
          "a batch may hold at most "
              + MAX_BATCH_STATEMENTS
              + " SQL statements, got "
              + statements.size());
    }
    for (int i = 0; i < statements.size(); i++) {
      String sql = statements.get(i);
      if (sql == null || sql.isBlank()) {
        return Optional.of("SQL statement " + (i + 1) + " is empty");
      }
      int bytes = sql.getBytes(StandardCharsets.UTF_8).length;
      if (bytes >= MAX_STATEMENT_BYTES) {
        return Optional.of(
            "SQL statement "
                + (i + 1)
                + " is "
                + bytes
                + " bytes; the Redshift Data API accepts statements under 100 KB");
      }
    }
    return Optional.empty();
  }

  /** The first Redshift rule {@code sql} breaks, as a Redshift-style error message. */
  public static Optional<String> violation(String sql) {
    return violation(sql, false);
  }

  /**
   * As above, for a statement that runs inside a transaction block ({@code inTransactionBlock}: a
   * statement of a Data API batch, which runs as one transaction), where some DDL is refused.
   */
  public static Optional<String> violation(String sql, boolean inTransactionBlock) {
    List<SqlToken> code = SqlToken.code(SqlToken.tokenize(sql));
    Optional<String> alter = alterColumnType(code, inTransactionBlock);
    if (alter.isPresent()) {
      return alter;
    }
    for (Check check :
        List.<Check>of(
            RedshiftSqlRules::onConflict, RedshiftSqlRules::merge, RedshiftSqlRules::typeLimits)) {
      Optional<String> problem = check.apply(code);
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  /**
   * {@code ALTER TABLE t ALTER [COLUMN] c TYPE x}: Redshift changes only the size of a VARCHAR so,
   * and never inside a transaction block.
   */
  private static Optional<String> alterColumnType(List<SqlToken> code, boolean inBlock) {
    int type = alterColumnTypeIndex(code);
    if (type < 0) {
      return Optional.empty();
    }
    if (inBlock) {
      return Optional.of("ERROR: ALTER TABLE ALTER COLUMN cannot run inside a transaction block");
    }
    SqlToken t = type + 1 < code.size() ? code.get(type + 1) : null;
    boolean varchar =
        t != null
            && (t.isWord("VARCHAR")
                || t.isWord("NVARCHAR")
                || ((t.isWord("CHARACTER") || t.isWord("CHAR"))
                    && type + 2 < code.size()
                    && code.get(type + 2).isWord("VARYING")));
    if (!varchar) {
      return Optional.of(
          "ERROR: ALTER COLUMN TYPE changes only the size of a VARCHAR column (stand-in: Redshift"
              + " rebuilds any other type change)");
    }
    return Optional.empty();
  }

  /** The index of {@code TYPE} in {@code ALTER TABLE t ALTER [COLUMN] c TYPE ...}, or -1. */
  static int alterColumnTypeIndex(List<SqlToken> code) {
    if (code.size() < 6 || !code.get(0).isWord("ALTER") || !code.get(1).isWord("TABLE")) {
      return -1;
    }
    for (int i = 2; i + 2 < code.size(); i++) {
      if (code.get(i).isWord("ALTER")) {
        int column = code.get(i + 1).isWord("COLUMN") ? i + 2 : i + 1;
        int type = column + 1;
        return type < code.size() && code.get(type).isWord("TYPE") ? type : -1;
      }
    }
    return -1;
  }

  private interface Check {
    Optional<String> apply(List<SqlToken> code);
  }

  private static Optional<String> onConflict(List<SqlToken> code) {
    for (int i = 0; i + 1 < code.size(); i++) {
      if (code.get(i).isWord("ON") && code.get(i + 1).isWord("CONFLICT")) {
        return Optional.of(
            "ERROR: syntax error at or near \"CONFLICT\" (Redshift has no INSERT ... ON CONFLICT)");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> merge(List<SqlToken> code) {
    if (code.isEmpty() || !code.get(0).isWord("MERGE")) {
      return Optional.empty();
    }
    int matched = 0;
    int notMatched = 0;
    for (int i = 0; i + 1 < code.size(); i++) {
      if (!code.get(i).isWord("WHEN")) {
        continue;
      }
      boolean not = code.get(i + 1).isWord("NOT");
      int after = not ? i + 3 : i + 2;
      if (not
          ? i + 2 < code.size() && code.get(i + 2).isWord("MATCHED")
          : code.get(i + 1).isWord("MATCHED")) {
        if (not) {
          notMatched++;
        } else {
          matched++;
        }
        if (after < code.size() && code.get(after).isWord("AND")) {
          return Optional.of(
              "ERROR: Redshift MERGE does not allow conditions on WHEN "
                  + (not ? "NOT " : "")
                  + "MATCHED clauses");
        }
      }
    }
    if (matched > 1 || notMatched > 1) {
      return Optional.of(
          "ERROR: Redshift MERGE allows one WHEN MATCHED and one WHEN NOT MATCHED clause");
    }
    return Optional.empty();
  }

  private static Optional<String> typeLimits(List<SqlToken> code) {
    for (int i = 0; i + 3 < code.size(); i++) {
      SqlToken t = code.get(i);
      if (t.kind() != SqlToken.Kind.WORD) {
        continue;
      }
      String word = t.upper();
      int open = i + 1;
      if ((word.equals("CHARACTER") || word.equals("CHAR")) && code.get(i + 1).isWord("VARYING")) {
        word = "VARCHAR";
        open = i + 2;
      }
      if (open + 1 >= code.size()
          || !code.get(open).isSymbol("(")
          || code.get(open + 1).kind() != SqlToken.Kind.NUMBER) {
        continue;
      }
      long size = parse(code.get(open + 1).text());
      boolean fixed =
          word.equals("CHAR")
              || word.equals("CHARACTER")
              || word.equals("NCHAR")
              || word.equals("BPCHAR");
      if (VARCHAR_TYPES.contains(word) && !fixed && size > MAX_VARCHAR_BYTES) {
        return Optional.of("ERROR: length for type varchar cannot exceed " + MAX_VARCHAR_BYTES);
      }
      if (fixed && size > MAX_CHAR_BYTES) {
        return Optional.of("ERROR: length for type char cannot exceed " + MAX_CHAR_BYTES);
      }
      if ((word.equals("DECIMAL") || word.equals("NUMERIC")) && size > MAX_DECIMAL_PRECISION) {
        return Optional.of(
            "ERROR: NUMERIC precision " + size + " must be between 1 and " + MAX_DECIMAL_PRECISION);
      }
    }
    return Optional.empty();
  }

  private static long parse(String number) {
    try {
      return Long.parseLong(number);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  /** Every violation of every statement, for messages listing all problems. */
  public static List<String> violations(List<String> statements) {
    List<String> all = new ArrayList<>();
    statements.forEach(s -> violation(s).ifPresent(all::add));
    return all;
  }
}
