package io.tidemark.connect.athena.engine;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where Athena queries run.
 *
 * @param outputLocation {@code s3://...} for results; empty when the workgroup enforces one
 * @param poll backoff between GetQueryExecution calls
 * @param timeout how long one query may take before it is cancelled
 */
public record AthenaSettings(
    String workgroup,
    Optional<String> outputLocation,
    String catalog,
    String database,
    Backoff poll,
    Duration timeout) {

  public AthenaSettings {
    Objects.requireNonNull(workgroup, "workgroup");
    Objects.requireNonNull(outputLocation, "outputLocation");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(poll, "poll");
    Objects.requireNonNull(timeout, "timeout");
  }
}
