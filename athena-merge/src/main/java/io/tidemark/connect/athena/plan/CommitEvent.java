package io.tidemark.connect.athena.plan;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One object the S3 sink landed (its commit event, see connector-s3-sink/README.md "Commit
 * events"). Events repeat after a sink crash (same bucket and key): the object identifies
 * the event.
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
        Optional<String> schemaFingerprint) {

    public CommitEvent {
        requireText(bucket, "bucket");
        requireText(key, "key");
        requireText(topic, "topic");
        if (startOffset < 0 || endOffset < startOffset) {
            throw new IllegalArgumentException("commit event for " + key + ": offsets " + startOffset + ".." + endOffset + " are not a range");
        }
        partitionValues = new TreeMap<>(partitionValues);
        Objects.requireNonNull(schemaFingerprint, "schemaFingerprint");
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
     * Reads the event from the map that Connect's JsonConverter (schemas disabled) or
     * {@link CommitEventJson} produces.
     *
     * @throws IllegalArgumentException naming the field that is missing or mistyped
     */
    public static CommitEvent fromMap(Map<String, ?> m) {
        Object values = m.get("partitionValues");
        SortedMap<String, String> partitionValues = new TreeMap<>();
        if (values instanceof Map<?, ?> pv) {
            pv.forEach((k, v) -> partitionValues.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        } else if (values != null) {
            throw new IllegalArgumentException("commit event field 'partitionValues' must be an object");
        }
        Object fingerprint = m.get("schemaFingerprint");
        return new CommitEvent(text(m, "bucket"), text(m, "key"), text(m, "topic"), (int) number(m, "partition"),
                number(m, "startOffset"), number(m, "endOffset"), number(m, "recordCount"), number(m, "bytes"),
                partitionValues, Optional.ofNullable(fingerprint).map(String::valueOf));
    }

    private static String text(Map<String, ?> m, String field) {
        Object v = m.get(field);
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException("commit event field '" + field + "' must be a string, was " + v);
        }
        return s;
    }

    private static long number(Map<String, ?> m, String field) {
        Object v = m.get(field);
        if (v instanceof Number n && n.doubleValue() == n.longValue()) {
            return n.longValue();
        }
        if (v instanceof String s && s.matches("-?\\d{1,19}")) {
            return Long.parseLong(s);
        }
        throw new IllegalArgumentException("commit event field '" + field + "' must be a whole number, was " + v);
    }
}
