package io.tidemark.connect.s3.commit;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One data object of a topic partition: its key, the partition path it lives under, the first and
 * last Kafka offset it holds (it holds every record of its location between them, and no other),
 * its record count and size in bytes.
 */
public record LandedObject(
    @JsonProperty("key") String key,
    @JsonProperty("path") String partitionPath,
    @JsonProperty("start") long startOffset,
    @JsonProperty("end") long endOffset,
    @JsonProperty("records") long recordCount,
    @JsonProperty("bytes") long bytes) {

  @JsonCreator
  public LandedObject {
    if (endOffset < startOffset) {
      throw new IllegalArgumentException(
          "end offset " + endOffset + " < start offset " + startOffset);
    }
  }

  /**
   * The folder the object sits in (its key without the file name): one topic partition has at most
   * one open file per location.
   */
  public String location() {
    int slash = key.lastIndexOf('/');
    return slash < 0 ? "" : key.substring(0, slash);
  }

  boolean holds(long offset) {
    return startOffset <= offset && offset <= endOffset;
  }
}
