package io.tidemark.connect.s3.partition;

import io.tidemark.connect.s3.format.DataType;
import io.tidemark.connect.s3.format.Field;
import io.tidemark.connect.s3.format.Row;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.apache.kafka.connect.errors.DataException;

/**
 * Folders by time in a configured zone (never the JVM's): the record's Kafka timestamp, a field of
 * the record, or the wall clock. A late record goes to the folder of its own time. Only the
 * wall-clock source is not {@link #deterministic()}.
 */
public final class TimePartitioner implements Partitioner {

  /** Where the time comes from. */
  public enum Source {
    RECORD,
    FIELD,
    WALL_CLOCK;

    public static Source parse(String s) {
      try {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new IllegalArgumentException(
            "Unknown time source '"
                + s
                + "'; expected one of "
                + java.util.Arrays.toString(values()));
      }
    }
  }

  private final Source source;
  private final String field;
  private final ZoneId zone;
  private final PathFormat format;
  private final Clock clock;

  public TimePartitioner(Source source, String field, ZoneId zone, PathFormat format, Clock clock) {
    if (source == Source.FIELD && (field == null || field.isBlank())) {
      throw new IllegalArgumentException("time source FIELD needs a field");
    }
    this.source = source;
    this.field = field;
    this.zone = zone;
    this.format = format;
    this.clock = clock;
  }

  @Override
  public boolean deterministic() {
    return source != Source.WALL_CLOCK;
  }

  @Override
  public Partition partition(RecordContext record) {
    return format.format(time(record).atZone(zone));
  }

  /** The instant that places {@code record}. */
  public Instant time(RecordContext record) {
    switch (source) {
      case WALL_CLOCK:
        return clock.instant();
      case RECORD:
        if (record.timestampMs() == null || record.timestampMs() < 0) {
          throw new DataException(
              "Record "
                  + record.topic()
                  + "-"
                  + record.kafkaPartition()
                  + "@"
                  + record.offset()
                  + " has no timestamp to partition by");
        }
        return Instant.ofEpochMilli(record.timestampMs());
      default:
        return fieldTime(record);
    }
  }

  private Instant fieldTime(RecordContext record) {
    DataType type = record.schema().asStruct();
    Object value = record.row();
    for (String part : field.split("\\.")) {
      Field f = type.kind() == DataType.Kind.STRUCT ? type.field(part) : null;
      if (f == null || value == null) {
        value = null;
        break;
      }
      type = f.type();
      value = ((Row) value).get(part);
    }
    if (value == null) {
      throw new DataException("Partition time field '" + field + "' is missing or null");
    }
    switch (type.kind()) {
      case TIMESTAMP_MILLIS:
      case INT64:
      case INT32:
        return Instant.ofEpochMilli(((Number) value).longValue());
      case TIMESTAMP_MICROS:
        {
          long us = ((Number) value).longValue();
          return Instant.ofEpochSecond(
              Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1000);
        }
      case DATE:
        // A calendar day, not an instant: the start of that day in the folders' zone (midnight
        // UTC would be the day before west of UTC).
        return LocalDate.ofEpochDay(((Number) value).longValue()).atStartOfDay(zone).toInstant();
      case STRING:
        try {
          return OffsetDateTime.parse(value.toString()).toInstant();
        } catch (DateTimeParseException e) {
          throw new DataException(
              "Partition time field '" + field + "' is not an ISO-8601 timestamp", e);
        }
      default:
        throw new DataException(
            "Partition time field '" + field + "' has type " + type + ", which is not a time");
    }
  }
}
