package io.tidemark.connect.athena.engine;

/**
 * The statement runner port: Athena (AWS SDK) or Trino (JDBC). Implementations block until the
 * statement is finished and are safe to {@link #cancelAll() cancel} from another thread.
 */
public interface QueryEngine extends AutoCloseable {

  /**
   * Runs one statement.
   *
   * @param requestToken idempotency token (Athena's ClientRequestToken; see {@code RequestTokens});
   *     engines without one ignore it
   * @throws QueryException classified by {@link ErrorClass}
   */
  QueryResult execute(String sql, String requestToken);

  /**
   * Runs a query and returns its rows as text (null stays null), without a header row. For small
   * catalog lookups (schema evolution) and printing; not for MERGE.
   */
  default java.util.List<java.util.List<String>> query(String sql, String requestToken) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot return rows");
  }

  /** Cancels every statement in flight; they end with {@link ErrorClass#CANCELLED}. */
  void cancelAll();

  @Override
  void close();
}
