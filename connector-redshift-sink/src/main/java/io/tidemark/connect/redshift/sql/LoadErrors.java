package io.tidemark.connect.redshift.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a failed COPY says what it refused: Redshift ends the statement with "Load into table ...
 * failed. Check 'stl_load_errors' system table for details." and logs, per refused line, the file,
 * line number, column and reason (STL_LOAD_ERRORS on provisioned clusters; SYS_LOAD_ERROR_DETAIL,
 * read here, on provisioned clusters and Serverless alike). The log survives the rolled-back
 * transaction. Every staging attempt has its own folder ({@code <batch uuid>/<table index>-...}),
 * so the lines of one attempt are found by that folder, and a staged line {@code n} is the change
 * at index {@code n - 1} of that table (one JSON object per line).
 */
public final class LoadErrors {

  /** The system view read. */
  public static final String VIEW = "sys_load_error_detail";

  private static final Pattern BATCH_ID = Pattern.compile("[0-9a-fA-F-]{36}");

  private LoadErrors() {}

  /** One refused line: the staged table's index in its batch, the line, column and reason. */
  public record Line(int table, long line, String column, String reason) {}

  /** The query for the lines refused in the staging attempt {@code batchId}. */
  public static String query(String batchId) {
    if (!BATCH_ID.matcher(batchId).matches()) {
      throw new IllegalArgumentException("not a staging batch id: " + batchId);
    }
    return "SELECT TRIM(file_name), line_number, TRIM(column_name), TRIM(error_message) FROM "
        + VIEW
        + " WHERE file_name LIKE "
        + SqlLiterals.string("%" + batchId + "/%")
        + " ORDER BY line_number";
  }

  /** The rows of {@link #query}; a row whose file or line cannot be read is left out. */
  public static List<Line> parse(String batchId, List<List<String>> rows) {
    List<Line> lines = new ArrayList<>();
    for (List<String> row : rows) {
      if (row.size() < 4 || row.get(0) == null || row.get(1) == null) {
        continue;
      }
      Optional<Integer> table = tableIndex(batchId, row.get(0).trim());
      long line;
      try {
        line = Long.parseLong(row.get(1).trim());
      } catch (NumberFormatException e) {
        continue;
      }
      if (table.isEmpty() || line < 1) {
        continue;
      }
      lines.add(
          new Line(
              table.get(),
              line,
              row.get(2) == null ? "" : row.get(2).trim(),
              row.get(3) == null ? "" : row.get(3).trim()));
    }
    return lines;
  }

  /** The table index of a staged file {@code .../<batchId>/<index>-<table>.json.gz}. */
  static Optional<Integer> tableIndex(String batchId, String file) {
    int at = file.indexOf(batchId + "/");
    if (at < 0) {
      return Optional.empty();
    }
    int from = at + batchId.length() + 1;
    int to = from;
    while (to < file.length() && Character.isDigit(file.charAt(to))) {
      to++;
    }
    if (to == from || to >= file.length() || file.charAt(to) != '-' || to - from > 4) {
      return Optional.empty();
    }
    return Optional.of(Integer.parseInt(file.substring(from, to)));
  }
}
