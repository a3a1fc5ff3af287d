package io.tidemark.connect.s3.commit;

import io.tidemark.connect.s3.errors.PreconditionFailedException;
import io.tidemark.connect.s3.errors.Retrier;
import io.tidemark.connect.s3.store.ObjectStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code open()} does for a topic partition: read its marker, settle a pending object (keep it
 * when it is fully there, delete it otherwise), store the settled marker and return the ledger to
 * resume from. Idempotent: a crash in the middle is settled by the next recovery.
 */
public final class MarkerRecovery {

  /**
   * How far apart the writer's clock and this one may be, and how long a request may take to reach
   * S3 after it was sent: a missing pending object is given up only this long after its lease
   * ended.
   */
  public static final Duration CLOCK_SKEW = Duration.ofSeconds(10);

  private final ObjectStore store;
  private final MarkerKeys keys;
  private final Clock clock;
  private final Retrier.Sleeper sleeper;

  public MarkerRecovery(ObjectStore store, MarkerKeys keys) {
    this(store, keys, Clock.systemUTC(), Thread::sleep);
  }

  public MarkerRecovery(ObjectStore store, MarkerKeys keys, Clock clock, Retrier.Sleeper sleeper) {
    this.store = store;
    this.keys = keys;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** The ledger to resume from, and the ETag of the marker it came from (null: no marker). */
  public record Recovered(PartitionLedger ledger, String markerEtag) {}

  public PartitionLedger recover(String topic, int partition) throws IOException {
    return recover(topic, partition, o -> {}, null, false, null).ledger();
  }

  /**
   * Reads the marker and settles its pending object; {@code promoted} sees a pending object that
   * turned out complete before the settled marker is stored (its commit event is published again: a
   * crash between the two repeats the event, never loses it).
   *
   * <p>With {@code claim} the recovery CLAIMS the marker for {@code owner}: it writes it back over
   * exactly the version it read (or only if there is none), so any writer that read an older
   * version (a zombie) fails its next marker write; a {@link PreconditionFailedException} then
   * means another writer wrote in between: recover again. A claim with {@code assignedAt} (epoch
   * ms: when this task was given the partition) refuses a marker claimed more than {@link
   * #CLOCK_SKEW} after that ({@link NewerOwnerException}): a newer owner's, which exists only once
   * this task's consumer session expired, so the session timeout must exceed the allowance
   * (Connect's default is 45 s). Without {@code claim} (a writer that claimed before, recovering
   * after a failure) the marker must still be {@code owner}'s, or this task is fenced.
   */
  public Recovered recover(
      String topic,
      int partition,
      java.util.function.Consumer<LandedObject> promoted,
      String owner,
      boolean claim,
      Long assignedAt)
      throws IOException {
    String markerKey = keys.markerKey(topic, partition);
    Optional<ObjectStore.Versioned> raw = store.getVersioned(markerKey);
    if (claim && assignedAt != null && raw.isPresent()) {
      String current = CommitMarker.fromJson(raw.get().data()).owner();
      Long claimedAt = Owner.claimedAt(current);
      // Our own earlier claim (its reply lost) is not a newer owner's.
      if (claimedAt != null
          && claimedAt > assignedAt + CLOCK_SKEW.toMillis()
          && !current.equals(owner)) {
        throw new NewerOwnerException(
            "the commit marker "
                + markerKey
                + " was claimed by another task after this one was assigned the partition");
      }
    }
    if (owner != null && !claim) {
      String current = raw.isEmpty() ? null : CommitMarker.fromJson(raw.get().data()).owner();
      if (!owner.equals(current)) {
        throw new PreconditionFailedException(
            "the commit marker " + markerKey + " is no longer this task's (owner " + current + ")");
      }
    }
    if (raw.isEmpty()) {
      String etag = null;
      if (claim) {
        CommitMarker bare =
            new CommitMarker(
                CommitMarker.VERSION, topic, partition, -1, List.of(), null, owner, null);
        etag = store.putIfMatch(markerKey, bare.toJson(), null);
      }
      return new Recovered(PartitionLedger.resume(topic, partition, null, owner), etag);
    }
    String etag = raw.get().etag();
    CommitMarker marker = CommitMarker.fromJson(raw.get().data());
    if (!marker.topic().equals(topic) || marker.partition() != partition) {
      throw new IOException(
          "Marker " + markerKey + " belongs to " + marker.topic() + "-" + marker.partition());
    }
    LandedObject pending = marker.pending();
    boolean rewrite = claim;
    if (pending != null) {
      Optional<Long> size = store.size(pending.key());
      if (size.isEmpty() && marker.publishBy() != null) {
        // Its writer (perhaps a task that lost the partition, still running) may make it visible
        // until the lease ends: wait that out, then look again.
        long wait = marker.publishBy() + CLOCK_SKEW.toMillis() - clock.millis();
        if (wait > 0) {
          sleep(wait);
          size = store.size(pending.key());
        }
      }
      List<LandedObject> landed = new ArrayList<>(marker.landed());
      if (size.isPresent() && size.get() == pending.bytes()) {
        landed.add(pending);
        promoted.accept(pending);
      } else {
        // Never delete by key: keys carry no writer, so an object there now (another size) is
        // another writer's replay of these offsets, perhaps the new owner's. Only the upload that
        // never completed is dropped; the lease keeps a late one from landing.
        store.abortUploads(pending.key());
      }
      marker =
          new CommitMarker(
              CommitMarker.VERSION,
              topic,
              partition,
              marker.committedOffset(),
              landed,
              null,
              marker.owner(),
              null);
      rewrite = true;
    }
    if (rewrite) {
      marker = claim ? marker.claimedBy(owner) : marker;
      etag = store.putIfMatch(markerKey, marker.toJson(), etag);
    }
    return new Recovered(PartitionLedger.resume(topic, partition, marker, owner), etag);
  }

  private void sleep(long millis) throws IOException {
    try {
      sleeper.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted waiting out a publish lease");
    }
  }

  /** The marker was claimed by a task assigned the partition after this one. */
  public static final class NewerOwnerException extends PreconditionFailedException {
    private static final long serialVersionUID = 1L;

    NewerOwnerException(String message) {
      super(message);
    }
  }
}
