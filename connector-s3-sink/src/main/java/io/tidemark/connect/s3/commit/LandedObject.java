package io.tidemark.connect.s3.commit;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One data object of a topic partition: its key, the partition path it lives under, the first and
 * last Kafka offset it holds and, when it does not hold every offset of the partition between them
 * (the partition's records went to several folders), exactly which ({@code runs}); its record count
 * and size in bytes, and the folder it landed in (the topic after the connector's SMTs).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LandedObject(
    @JsonProperty("key") String key,
    @JsonProperty("path") String partitionPath,
    @JsonProperty("start") long startOffset,
    @JsonProperty("end") long endOffset,
    @JsonProperty("records") long recordCount,
    @JsonProperty("bytes") long bytes,
    @JsonProperty("folder") String folder,
    @JsonProperty("runs") OffsetRuns runs) {

  @JsonCreator
  public LandedObject {
    if (endOffset < startOffset) {
      throw new IllegalArgumentException(
          "end offset " + endOffset + " < start offset " + startOffset);
    }
  }

  /** An object that holds every offset of its range, of an unnamed folder (tests). */
  public LandedObject(
      String key,
      String partitionPath,
      long startOffset,
      long endOffset,
      long recordCount,
      long bytes) {
    this(key, partitionPath, startOffset, endOffset, recordCount, bytes, null, null);
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
    return startOffset <= offset && offset <= endOffset && (runs == null || runs.contains(offset));
  }
}
