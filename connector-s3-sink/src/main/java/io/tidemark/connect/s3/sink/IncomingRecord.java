package io.tidemark.connect.s3.sink;

import java.util.Map;
import org.apache.kafka.connect.data.Schema;

/**
 * A record as the writer sees it: its ORIGINAL Kafka coordinates (before any topic-renaming SMT),
 * timestamp (nullable), key and value with their schemas (null when schemaless), headers as text,
 * and an opaque handle the task uses to report it as a bad record.
 */
public record IncomingRecord(
    String topic,
    int partition,
    long offset,
    Long timestampMs,
    Schema keySchema,
    Object key,
    Schema valueSchema,
    Object value,
    Map<String, String> headers,
    Object handle) {

  public String coordinates() {
    return topic + "-" + partition + "@" + offset;
  }
}
