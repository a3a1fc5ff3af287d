package io.tidemark.connect.s3.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a commit event says about one landed object. {@code topic} and {@code partition} are the
 * record's original Kafka coordinates, {@code folder} the topic after the connector's SMTs (the
 * object's folder; the MERGE companion maps tables by it). {@code schemaFingerprint} is null for an
 * object that crash recovery found complete (the fingerprint is not in the marker); such events
 * also carry {@code recovered=true}. {@code keyRanges} (with {@code
 * commit.events.key.range.fields}) holds per field the smallest and largest integer in the object;
 * absent for recovered objects.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommitEvent(
    @JsonProperty("version") int version,
    @JsonProperty("connector") String connector,
    @JsonProperty("bucket") String bucket,
    @JsonProperty("key") String key,
    @JsonProperty("topic") String topic,
    @JsonProperty("folder") String folder,
    @JsonProperty("partition") int partition,
    @JsonProperty("startOffset") long startOffset,
    @JsonProperty("endOffset") long endOffset,
    @JsonProperty("recordCount") long recordCount,
    @JsonProperty("bytes") long bytes,
    @JsonProperty("partitionPath") String partitionPath,
    @JsonProperty("partitionValues") Map<String, String> partitionValues,
    @JsonProperty("schemaFingerprint") String schemaFingerprint,
    @JsonProperty("format") String format,
    @JsonProperty("recovered") boolean recovered,
    @JsonProperty("keyRanges") Map<String, KeyRanges.Range> keyRanges) {

  public static final int VERSION = 1;

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  public CommitEvent {
    partitionValues = partitionValues == null ? Map.of() : new TreeMap<>(partitionValues);
  }

  /** The record key of the event: the object key, so a compacted topic keeps one per object. */
  public String eventKey() {
    return key;
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
