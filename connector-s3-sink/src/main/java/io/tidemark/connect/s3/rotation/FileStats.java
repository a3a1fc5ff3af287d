package io.tidemark.connect.s3.rotation;

import java.time.Instant;

/**
 * What rotation policies know about an open file: records and bytes so far (bytes include what the
 * writer still buffers), when it was opened by the wall clock, and the record time of its first
 * record (null when records carry no time).
 */
public record FileStats(long recordCount, long bytes, Instant openedAt, Long firstRecordTimeMs) {}
