package io.tidemark.connect.smt.util;

import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/** Helpers that describe a record in error messages (never its values). */
public final class Records {

  private Records() {}

  /**
   * Where a record came from: {@code topic=orders partition=3 offset=42} for sink records (the
   * original coordinates, before any topic renaming), {@code topic=orders partition=3} on the
   * source side, where there is no offset yet.
   */
  public static String location(ConnectRecord<?> record) {
    if (record instanceof SinkRecord sink) {
      return "topic="
          + sink.originalTopic()
          + " partition="
          + sink.originalKafkaPartition()
          + " offset="
          + sink.originalKafkaOffset();
    }
    return "topic=" + record.topic() + " partition=" + record.kafkaPartition();
  }

  /**
   * A {@link DataException} whose message starts with the transform name and the record location.
   */
  public static DataException error(
      String transform, ConnectRecord<?> record, String message, Throwable cause) {
    return new DataException(transform + ": " + message + " (" + location(record) + ")", cause);
  }
}
