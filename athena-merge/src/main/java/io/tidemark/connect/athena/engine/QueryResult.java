package io.tidemark.connect.athena.engine;

import java.time.Duration;

/**
 * A finished statement.
 *
 * @param bytesScanned data scanned (Athena: what is billed) or physical input bytes (Trino); -1 if
 *     unknown
 */
public record QueryResult(String queryId, long bytesScanned, Duration elapsed) {}
