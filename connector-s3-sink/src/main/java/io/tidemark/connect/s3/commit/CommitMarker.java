package io.tidemark.connect.s3.commit;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;

/**
 * The per topic-partition commit marker object (README "Exactly once"). Every record below {@code
 * committedOffset} has landed in a visible object or was deliberately skipped. {@code landed} lists
 * the visible objects that still reach {@code committedOffset} or beyond (files of other partition
 * paths may have closed while an older file was open), so a replay can skip the records they hold.
 * {@code pending} is the object whose upload is being completed: it is recorded before the object
 * can become visible, so recovery always knows about it. {@code owner} names the task life that
 * wrote it: every recovery claims the marker with a new owner, so the marker's ETag changes and a
 * task that lost the partition (a zombie) fails its next conditional write. A claim written before
 * anything is durable has {@code committedOffset} -1. {@code publishBy} (epoch ms) is the pending
 * object's lease: its writer makes it visible before then or never, so recovery that finds it
 * missing waits until then (and a clock-skew allowance) before deleting its key.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommitMarker(
    @JsonProperty("version") int version,
    @JsonProperty("topic") String topic,
    @JsonProperty("partition") int partition,
    @JsonProperty("committedOffset") long committedOffset,
    @JsonProperty("landed") List<LandedObject> landed,
    @JsonProperty("pending") LandedObject pending,
    @JsonProperty("owner") String owner,
    @JsonProperty("publishBy") Long publishBy) {

  public static final int VERSION = 1;

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  @JsonCreator
  public CommitMarker {
    landed = landed == null ? List.of() : List.copyOf(landed);
  }

  public CommitMarker(
      int version,
      String topic,
      int partition,
      long committedOffset,
      List<LandedObject> landed,
      LandedObject pending) {
    this(version, topic, partition, committedOffset, landed, pending, null, null);
  }

  /** This marker, claimed by {@code newOwner}. */
  public CommitMarker claimedBy(String newOwner) {
    return new CommitMarker(
        version, topic, partition, committedOffset, landed, pending, newOwner, publishBy);
  }

  /** Whether anything is durable yet (a bare claim says nothing about offsets). */
  public boolean hasCommittedOffset() {
    return committedOffset >= 0;
  }

  public byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Parses a marker; a newer version than this code knows is an error, never guessed at. */
  public static CommitMarker fromJson(byte[] json) throws IOException {
    CommitMarker m = JSON.readValue(json, CommitMarker.class);
    if (m.version() > VERSION) {
      throw new IOException(
          "Commit marker version "
              + m.version()
              + " is newer than "
              + VERSION
              + "; upgrade the connector before running it on this data");
    }
    return m;
  }
}
