package io.tidemark.connect.s3.partition;

import io.tidemark.connect.s3.format.Row;
import io.tidemark.connect.s3.format.RowSchema;

/**
 * What a partitioner may look at: the record's original Kafka coordinates, its timestamp (null when
 * the record has none) and its converted value.
 */
public record RecordContext(
    String topic, int kafkaPartition, long offset, Long timestampMs, RowSchema schema, Row row) {}
