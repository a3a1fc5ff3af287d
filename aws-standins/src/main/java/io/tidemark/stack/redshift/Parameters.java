package io.tidemark.stack.redshift;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Data API named parameters ({@code :name}) turned into JDBC placeholders, outside literals. */
final class Parameters {

  /** SQL with {@code ?} placeholders and the values in placeholder order. */
  record Bound(String sql, List<String> values) {}

  private Parameters() {}

  static Bound bind(String sql, Map<String, String> parameters) {
    List<SqlToken> tokens = SqlToken.tokenize(sql);
    StringBuilder out = new StringBuilder(sql.length());
    List<String> values = new ArrayList<>();
    Set<String> used = new TreeSet<>();
    for (int i = 0; i < tokens.size(); i++) {
      SqlToken t = tokens.get(i);
      boolean named =
          t.isSymbol(":")
              && i + 1 < tokens.size()
              && tokens.get(i + 1).kind() == SqlToken.Kind.WORD
              && (i == 0 || !tokens.get(i - 1).isSymbol(":"));
      if (!named) {
        out.append(t.text().equals("?") && t.kind() == SqlToken.Kind.SYMBOL ? "??" : t.text());
        continue;
      }
      String name = tokens.get(i + 1).text();
      if (!parameters.containsKey(name)) {
        throw new IllegalArgumentException("parameter :" + name + " has no value in Parameters");
      }
      used.add(name);
      values.add(parameters.get(name));
      out.append('?');
      i++;
    }
    for (String name : parameters.keySet()) {
      if (!used.contains(name)) {
        throw new IllegalArgumentException(
            "parameter " + name + " is not used in the SQL statement");
      }
    }
    return new Bound(out.toString(), values);
  }
}
