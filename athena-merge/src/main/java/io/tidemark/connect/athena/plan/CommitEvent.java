package io.tidemark.connect.athena.plan;

import io.tidemark.connect.athena.sql.KeyRange;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One object the S3 sink landed (its commit event, see connector-s3-sink/README.md "Commit
 * events"). Events repeat after a sink crash (same bucket and key): the object identifies the
 * event.
 *
 * @param topic the topic the object lands under: the event's {@code folder} (the topic after the
 *     sink's SMTs), or its {@code topic} when it has no folder
 * @param sourceTopic the original Kafka topic of the object's records (the event's {@code topic})
 * @param partition the original Kafka partition of the object's records
 * @param keyRanges per value field the sink was told to track ({@code
 *     commit.events.key.range.fields}), the smallest and largest integer in the object (exact:
 *     integral JSON numbers or decimals of any size, or their text); absent for fields the sink
 *     does not track, for objects with a null or non-integer value there, and in recovered events
 */
public record CommitEvent(
    String bucket,
    String key,
    String topic,
    int partition,
    long startOffset,
    long endOffset,
    long recordCount,
    long bytes,
    SortedMap<String, String> partitionValues,
    Optional<String> schemaFingerprint,
    SortedMap<String, KeyRange> keyRanges,
    String sourceTopic) {

  public CommitEvent {
    requireText(bucket, "bucket");
    requireText(key, "key");
    requireText(topic, "topic");
    if (startOffset < 0 || endOffset < startOffset) {
      throw new IllegalArgumentException(
          "commit event for "
              + key
              + ": offsets "
              + startOffset
              + ".."
              + endOffset
              + " are not a range");
    }
    partitionValues = new TreeMap<>(partitionValues);
    Objects.requireNonNull(schemaFingerprint, "schemaFingerprint");
    keyRanges = new TreeMap<>(keyRanges);
    requireText(sourceTopic, "topic");
  }

  /** An event of a topic no SMT renamed: its folder is its topic. */
  public CommitEvent(
      String bucket,
      String key,
      String topic,
      int partition,
      long startOffset,
      long endOffset,
      long recordCount,
      long bytes,
      SortedMap<String, String> partitionValues,
      Optional<String> schemaFingerprint,
      SortedMap<String, KeyRange> keyRanges) {
    this(
        bucket,
        key,
        topic,
        partition,
        startOffset,
        endOffset,
        recordCount,
        bytes,
        partitionValues,
        schemaFingerprint,
        keyRanges,
        topic);
  }

  /**
   * Whether a table configured with {@code table.<t>.topic=configured} reads this object: the
   * configured name is its folder (the topic after the sink's SMTs) or its original topic.
   */
  public boolean isOf(String configured) {
    return topic.equals(configured) || sourceTopic.equals(configured);
  }

  /** An event without key ranges (an older sink, a recovered object, or none configured). */
  public CommitEvent(
      String bucket,
      String key,
      String topic,
      int partition,
      long startOffset,
      long endOffset,
      long recordCount,
      long bytes,
      SortedMap<String, String> partitionValues,
      Optional<String> schemaFingerprint) {
    this(
        bucket,
        key,
        topic,
        partition,
        startOffset,
        endOffset,
        recordCount,
        bytes,
        partitionValues,
        schemaFingerprint,
        new TreeMap<>());
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("commit event field '" + field + "' is missing or empty");
    }
  }

  /** {@code s3://bucket/key}, what Athena and Trino show in {@code "$path"}. */
  public String uri() {
    return "s3://" + bucket + "/" + key;
  }

  /**
   * Reads the event from the map that Connect's JsonConverter (schemas disabled) or {@link
   * CommitEventJson} produces.
   *
   * @throws IllegalArgumentException naming the field that is missing or mistyped
   */
  public static CommitEvent fromMap(Map<String, ?> m) {
    Object values = m.get("partitionValues");
    SortedMap<String, String> partitionValues = new TreeMap<>();
    if (values instanceof Map<?, ?> pv) {
      pv.forEach(
          (k, v) -> partitionValues.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
    } else if (values != null) {
      throw new IllegalArgumentException("commit event field 'partitionValues' must be an object");
    }
    Object fingerprint = m.get("schemaFingerprint");
    return new CommitEvent(
        text(m, "bucket"),
        text(m, "key"),
        // The folder is the topic after the sink's SMTs (a RegexRouter's output).
        m.get("folder") != null ? text(m, "folder") : text(m, "topic"),
        (int) number(m, "partition"),
        number(m, "startOffset"),
        number(m, "endOffset"),
        number(m, "recordCount"),
        number(m, "bytes"),
        partitionValues,
        Optional.ofNullable(fingerprint).map(String::valueOf),
        keyRanges(m.get("keyRanges")),
        text(m, "topic"));
  }

  private static SortedMap<String, KeyRange> keyRanges(Object value) {
    SortedMap<String, KeyRange> out = new TreeMap<>();
    if (value == null) {
      return out;
    }
    if (!(value instanceof Map<?, ?> ranges)) {
      throw new IllegalArgumentException("commit event field 'keyRanges' must be an object");
    }
    for (Map.Entry<?, ?> e : ranges.entrySet()) {
      String field = "keyRanges." + e.getKey();
      if (!(e.getValue() instanceof Map<?, ?> range)) {
        throw new IllegalArgumentException(
            "commit event field '" + field + "' must be an object with min and max");
      }
      BigInteger min = integer(field + ".min", range.get("min"));
      BigInteger max = integer(field + ".max", range.get("max"));
      if (min.compareTo(max) > 0) {
        throw new IllegalArgumentException(
            "commit event field '" + field + "': min " + min + " is above max " + max);
      }
      out.put(String.valueOf(e.getKey()), new KeyRange(min, max));
    }
    return out;
  }

  private static String text(Map<String, ?> m, String field) {
    Object v = m.get(field);
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException(
          "commit event field '" + field + "' must be a string, was " + v);
    }
    return s;
  }

  private static long number(Map<String, ?> m, String field) {
    return number(field, m.get(field));
  }

  private static long number(String field, Object v) {
    BigInteger i = exactInteger(v);
    if (i != null && i.bitLength() < 64) {
      return i.longValueExact();
    }
    throw new IllegalArgumentException(
        "commit event field '" + field + "' must be a whole number, was " + v);
  }

  /** Any size: key ranges of BIGINT UNSIGNED keys go up to 18446744073709551615. */
  private static BigInteger integer(String field, Object v) {
    BigInteger i = exactInteger(v);
    if (i == null) {
      throw new IllegalArgumentException(
          "commit event field '" + field + "' must be a whole number, was " + v);
    }
    return i;
  }

  /** 2^53: below it a double is exactly the integer it was parsed from; 2^53 may be 2^53+1. */
  private static final double EXACT_DOUBLE = 9007199254740992d;

  /**
   * {@code v} as an exact integer, or null: integral numbers and integral decimals (including
   * {@code 1.8446744073709551615E19} and {@code 5.0}), also as text. A double (a converter that
   * parsed the JSON into one) counts only below 2^53, where it is still exact.
   */
  private static BigInteger exactInteger(Object v) {
    try {
      if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
        return BigInteger.valueOf(((Number) v).longValue());
      }
      if (v instanceof BigInteger b) {
        return b;
      }
      if (v instanceof BigDecimal d) {
        return d.toBigIntegerExact();
      }
      if (v instanceof Double || v instanceof Float) {
        double d = ((Number) v).doubleValue();
        return d == Math.rint(d) && Math.abs(d) < EXACT_DOUBLE
            ? BigInteger.valueOf((long) d)
            : null;
      }
      if (v instanceof String s && s.matches("-?\\d+(\\.\\d*)?([eE][+-]?\\d+)?")) {
        return new BigDecimal(s).toBigIntegerExact();
      }
    } catch (ArithmeticException e) {
      return null; // a fraction
    }
    return null;
  }
}
