package io.tidemark.connect.s3.sink;

import java.util.Map;
import org.apache.kafka.connect.data.Schema;

/**
 * A record as the writer sees it: its ORIGINAL Kafka coordinates (before any topic-renaming SMT),
 * the folder it lands in (its topic after the SMTs), timestamp (nullable), key and value with their
 * schemas (null when schemaless), headers as text, and an opaque handle the task uses to report it
 * as a bad record.
 */
public record IncomingRecord(
    String topic,
    String folder,
    int partition,
    long offset,
    Long timestampMs,
    Schema keySchema,
    Object key,
    Schema valueSchema,
    Object value,
    Map<String, String> headers,
    Object handle) {

  /** A record whose topic no SMT renamed: it lands in its topic's folder. */
  public IncomingRecord(
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
    this(
        topic,
        topic,
        partition,
        offset,
        timestampMs,
        keySchema,
        key,
        valueSchema,
        value,
        headers,
        handle);
  }

  public String coordinates() {
    return topic + "-" + partition + "@" + offset;
  }
}
