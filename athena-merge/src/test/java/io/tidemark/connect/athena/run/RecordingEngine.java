package io.tidemark.connect.athena.run;

import io.tidemark.connect.athena.engine.ErrorClass;
import io.tidemark.connect.athena.engine.QueryEngine;
import io.tidemark.connect.athena.engine.QueryException;
import io.tidemark.connect.athena.engine.QueryResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** In-memory engine for the pure run layer: records statements and tokens, fails on demand. */
final class RecordingEngine implements QueryEngine {

  final List<String> sql = Collections.synchronizedList(new ArrayList<>());
  final List<String> tokens = Collections.synchronizedList(new ArrayList<>());
  volatile Function<String, ErrorClass> failWhen = s -> null;
  volatile CountDownLatch gate;
  volatile boolean cancelled;

  @Override
  public QueryResult execute(String statement, String requestToken) {
    CountDownLatch g = gate;
    if (g != null) {
      try {
        g.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new QueryException(ErrorClass.CANCELLED, "q", "interrupted", e);
      }
    }
    if (cancelled) {
      throw new QueryException(ErrorClass.CANCELLED, "q", "cancelled", null);
    }
    ErrorClass c = failWhen.apply(statement);
    if (c != null) {
      throw new QueryException(c, "q", "scripted " + c, null);
    }
    sql.add(statement);
    tokens.add(requestToken);
    return new QueryResult("q" + sql.size(), statement.length(), Duration.ofMillis(1));
  }

  /** Read-only queries in order, and the rows each gets. */
  final List<String> queries = Collections.synchronizedList(new ArrayList<>());

  volatile Function<String, List<List<String>>> rows = s -> List.of();

  /**
   * The landing store: rows per object URI, as the test lands them. A per-object count ({@code
   * SELECT "$path", count(*) ... GROUP BY "$path"}) is answered from it like an engine would: one
   * row per listed object that has rows, none for an object it cannot see.
   */
  final Map<String, Long> landed = new ConcurrentHashMap<>();

  private static final Pattern URI = Pattern.compile("'(s3://[^']*)'");

  @Override
  public List<List<String>> query(String statement, String requestToken) {
    queries.add(statement);
    if (statement.startsWith("SELECT \"$path\", count(*)")) {
      String list = statement.substring(statement.indexOf("\"$path\" IN ("));
      list = list.substring(0, list.indexOf(')'));
      List<List<String>> out = new ArrayList<>();
      Matcher m = URI.matcher(list);
      while (m.find()) {
        Long n = landed.get(m.group(1));
        if (n != null && n > 0) {
          out.add(List.of(m.group(1), Long.toString(n)));
        }
      }
      return out;
    }
    return rows.apply(statement);
  }

  @Override
  public void cancelAll() {
    cancelled = true;
  }

  @Override
  public void close() {
    cancelAll();
  }
}
