package io.tidemark.connect.s3.commit;

import io.tidemark.connect.s3.store.ObjectStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code open()} does for a topic partition: read its marker, settle a pending object (keep it
 * when it is fully there, delete it otherwise), store the settled marker and return the ledger to
 * resume from. Idempotent: a crash in the middle is settled by the next recovery.
 */
public final class MarkerRecovery {

  private final ObjectStore store;
  private final MarkerKeys keys;

  public MarkerRecovery(ObjectStore store, MarkerKeys keys) {
    this.store = store;
    this.keys = keys;
  }

  public PartitionLedger recover(String topic, int partition, boolean deterministicPaths)
      throws IOException {
    return recover(topic, partition, deterministicPaths, o -> {});
  }

  /**
   * As {@link #recover(String, int, boolean)}; {@code promoted} sees a pending object that turned
   * out complete before the settled marker is stored (so its commit event can be published again: a
   * crash between the two repeats the event, never loses it).
   */
  public PartitionLedger recover(
      String topic,
      int partition,
      boolean deterministicPaths,
      java.util.function.Consumer<LandedObject> promoted)
      throws IOException {
    String markerKey = keys.markerKey(topic, partition);
    Optional<byte[]> raw = store.get(markerKey);
    if (raw.isEmpty()) {
      return PartitionLedger.resume(topic, partition, deterministicPaths, null);
    }
    CommitMarker marker = CommitMarker.fromJson(raw.get());
    if (!marker.topic().equals(topic) || marker.partition() != partition) {
      throw new IOException(
          "Marker " + markerKey + " belongs to " + marker.topic() + "-" + marker.partition());
    }
    LandedObject pending = marker.pending();
    if (pending != null) {
      Optional<Long> size = store.size(pending.key());
      List<LandedObject> landed = new ArrayList<>(marker.landed());
      if (size.isPresent() && size.get() == pending.bytes()) {
        landed.add(pending);
        promoted.accept(pending);
      } else {
        store.delete(pending.key());
      }
      marker =
          new CommitMarker(
              CommitMarker.VERSION, topic, partition, marker.committedOffset(), landed, null);
      store.put(markerKey, marker.toJson());
    }
    return PartitionLedger.resume(topic, partition, deterministicPaths, marker);
  }
}
