package io.tidemark.connect.athena.engine;

/**
 * The statement runner port: Athena (AWS SDK) or Trino (JDBC). Implementations block until
 * the statement is finished and are safe to {@link #cancelAll() cancel} from another thread.
 */
public interface QueryEngine extends AutoCloseable {

    /**
     * Runs one statement.
     *
     * @param requestToken idempotency token (Athena's ClientRequestToken; see
     *        {@code RequestTokens}); engines without one ignore it
     * @throws QueryException classified by {@link ErrorClass}
     */
    QueryResult execute(String sql, String requestToken);

    /** Cancels every statement in flight; they end with {@link ErrorClass#CANCELLED}. */
    void cancelAll();

    @Override
    void close();
}
