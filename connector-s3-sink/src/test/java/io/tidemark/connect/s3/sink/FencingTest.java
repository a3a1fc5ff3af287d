package io.tidemark.connect.s3.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.connect.s3.S3SinkConfig;
import io.tidemark.connect.s3.commit.CommitMarker;
import io.tidemark.connect.s3.events.CommitEventSink;
import io.tidemark.connect.s3.metrics.TaskMetrics;
import io.tidemark.connect.s3.model.MutableClock;
import io.tidemark.connect.s3.store.InMemoryObjectStore;
import io.tidemark.connect.s3.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two tasks writing one partition at once: the old owner still running (a zombie) and the new one
 * that Connect gave the partition to. The store is shared and enforces conditional writes as S3
 * does; which writer does what, and when, is decided here.
 */
class FencingTest {

  private static final TopicPartition X = new TopicPartition("orders", 0);
  private static final String MARKER = "raw/_tidemark/markers/it/orders/0.json";
  private static final Pattern ROW = Pattern.compile("\"id\":(\\d+)");

  @TempDir Path spill;

  private final HookedStore store = new HookedStore();
  private final MutableClock clock = new MutableClock();

  @Test
  void aZombiesMarkerWriteAfterTheTakeoverIsRejectedAndItStopsWritingThePartition()
      throws Exception {
    SinkWriter zombie = writer();
    zombie.open(List.of(X));
    assertThat(zombie.write(records(0, 5))).isEmpty(); // an open file: nothing landed yet

    SinkWriter owner = writer();
    assertThat(owner.open(List.of(X))).isEmpty();

    assertThat(zombie.write(records(5, 10))).as("fenced: no rewind, no seek").isEmpty();
    assertThat(zombie.preCommit()).as("commits nothing of X").doesNotContainKey(X);
    assertThat(zombie.write(records(10, 20))).isEmpty();
    assertThat(dataKeys()).as("the zombie landed nothing").isEmpty();

    assertThat(owner.write(records(0, 20))).isEmpty();
    assertThat(landedIds()).containsExactlyElementsOf(range(0, 20));
    assertThat(owner.preCommit()).containsEntry(X, 20L);
    assertThat(markerOwner()).isNotNull();
  }

  /**
   * A zombie whose marker write fails for a passing reason rewinds and recovers: it must find the
   * partition taken, not take it back (the first fencing claimed the marker on every recovery, so
   * the zombie fenced the new owner, whose partition then stalled).
   */
  @Test
  void aZombieThatRewindsAfterTheTakeoverIsFencedAndTheNewOwnerCarriesOn() throws Exception {
    SinkWriter zombie = writer();
    zombie.open(List.of(X));
    assertThat(zombie.write(records(0, 5))).isEmpty();

    SinkWriter owner = writer();
    assertThat(owner.open(List.of(X))).isEmpty();

    store.failNextMarkerWrite(); // a 5xx, not a 412: the zombie rewinds and recovers
    assertThat(zombie.write(records(5, 10))).as("fenced in its recovery: no seek").isEmpty();
    assertThat(zombie.preCommit()).doesNotContainKey(X);

    assertThat(owner.write(records(0, 20))).isEmpty();
    assertThat(landedIds()).containsExactlyElementsOf(range(0, 20));
    assertThat(owner.preCommit()).containsEntry(X, 20L);
  }

  /**
   * The zombie has written its pending marker and is about to make the file visible when the new
   * owner recovers: the owner waits out the file's publish lease before deleting its key and
   * replaying, and the zombie, resuming after the lease, does not publish (it would be an orphan
   * duplicating records the owner writes again).
   */
  @Test
  void aZombiesFileCannotLandAfterItsLeaseSoTheNewOwnersReplayIsTheOnlyCopy() throws Exception {
    SinkWriter zombie = writer();
    zombie.open(List.of(X));
    assertThat(zombie.write(records(0, 5))).isEmpty();

    SinkWriter owner = writer();
    store.afterNextMarkerWrite(
        () -> {
          Instant before = clock.instant();
          try {
            assertThat(owner.open(List.of(X))).as("the marker's offset").containsEntry(X, 0L);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          assertThat(Duration.between(before, clock.instant()))
              .as("the owner waited out the zombie's lease")
              .isGreaterThanOrEqualTo(Duration.ofSeconds(60));
        });
    assertThat(zombie.write(records(5, 10))).as("fenced after its lease: no seek").isEmpty();
    assertThat(dataKeys()).as("the zombie's file never landed").isEmpty();

    assertThat(owner.write(records(0, 10))).isEmpty();
    assertThat(landedIds()).containsExactlyElementsOf(range(0, 10));
    assertThat(owner.preCommit()).containsEntry(X, 10L);
  }

  /**
   * The second reader's loss: a zombie whose publish failed recovers, and while it does, the new
   * owner claims and lands a file of the same offsets under the same key (keys carry no writer).
   * The zombie's recovery must not delete it (it deleted every pending key that did not hold the
   * pending object's size).
   */
  @Test
  void aZombiesRecoveryLeavesTheNewOwnersObjectUnderTheSameKeyAlone() throws Exception {
    SinkWriter zombie = writer();
    zombie.open(List.of(X));
    SinkWriter owner = writer(Map.of(S3SinkConfig.ROTATE_SCHEDULE_INTERVAL_MS, "60000"));
    store.failNextDataPut(); // the zombie's file 0-9: its pending marker is in, its PUT fails
    store.afterNextMarkerRead(
        () -> {
          try {
            owner.open(List.of(X)); // waits out the zombie's lease
            assertThat(owner.write(records(0, 5))).isEmpty();
            clock.advance(61_000);
            assertThat(owner.write(List.of())).isEmpty(); // lands 0-4 at the same key
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
    assertThat(zombie.write(records(0, 10))).as("fenced in its recovery").isEmpty();

    assertThat(landedIds()).containsExactlyElementsOf(range(0, 5));
    assertThat(owner.preCommit()).containsEntry(X, 5L);
  }

  /**
   * A task paused in {@code open} before it read the marker (or slowed by earlier partitions'
   * leases) wakes after a newer task claimed and wrote: it must not claim over it (the second
   * reader: the first claim was never checked, and the newer owner was fenced and stalled).
   */
  @Test
  void aTaskPausedInOpenDoesNotClaimOverTheNewerOwner() throws Exception {
    SinkWriter late = writer();
    SinkWriter owner = writer();
    store.beforeNextMarkerRead(
        () -> {
          try {
            clock.advance(46_000); // past the late task's session: the group reassigned X
            owner.open(List.of(X));
            assertThat(owner.write(records(0, 10))).isEmpty();
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
    assertThat(late.open(List.of(X))).as("fenced in open: no seek").isEmpty();
    late.close(List.of(X));

    assertThat(owner.write(records(10, 20))).isEmpty();
    assertThat(landedIds()).containsExactlyElementsOf(range(0, 20));
    assertThat(owner.preCommit()).containsEntry(X, 20L);
  }

  /**
   * Claims are ordered by the workers' clocks within an allowance: a previous owner whose clock
   * runs 5 s ahead does not make the rightful new owner's later claim look late.
   */
  @Test
  void aPreviousOwnersClockAheadDoesNotFenceTheNewOwner() throws Exception {
    MutableClock ahead = new MutableClock();
    ahead.advance(5_000);
    SinkWriter previous = writer(Map.of(), ahead);
    previous.open(List.of(X));
    assertThat(previous.write(records(0, 10))).isEmpty();
    previous.close(List.of(X));

    clock.advance(2_000);
    SinkWriter owner = writer();
    store.failNextMarkerRead(); // its claim at open fails and is made at the first record
    assertThat(owner.open(List.of(X))).isEmpty();
    assertThat(owner.write(records(0, 20))).isEmpty();
    assertThat(landedIds()).containsExactlyElementsOf(range(0, 20));
    assertThat(owner.preCommit()).containsEntry(X, 20L);
  }

  @Test
  void aNewOwnerWhoseClaimLosesARaceWithTheZombieRecoversAgainAndCarriesOn() throws Exception {
    SinkWriter zombie = writer();
    zombie.open(List.of(X));
    assertThat(zombie.write(records(0, 10))).isEmpty(); // lands 0-9: the marker moves

    SinkWriter owner = writer();
    // Between the new owner's read of the marker and its claim, the zombie lands another file.
    store.afterNextMarkerRead(() -> assertThat(zombie.write(records(10, 20))).isEmpty());
    assertThat(owner.open(List.of(X))).as("recovery deferred").isEmpty();
    assertThat(landedIds()).containsExactlyElementsOf(range(0, 20));

    // Connect positions the new owner at the group's offset (0): the marker says what landed.
    assertThat(owner.write(records(0, 30))).isEmpty();
    assertThat(zombie.write(records(20, 30))).as("the zombie is fenced now").isEmpty();
    assertThat(landedIds()).containsExactlyElementsOf(range(0, 30));
    assertThat(owner.preCommit()).containsEntry(X, 30L);
  }

  @Test
  void aMarkerWriteWhoseReplyWasLostIsNotMistakenForAFence() throws Exception {
    SinkWriter w = writer();
    w.open(List.of(X));
    assertThat(w.write(records(0, 10))).isEmpty(); // lands 0-9
    assertThat(w.write(tombstones(10, 13))).isEmpty(); // skipped: only a marker can move past them
    store.loseNextMarkerReply();
    assertThat(w.preCommit())
        .as("the advance landed, its reply did not: nothing to commit")
        .isEmpty();

    // The next marker write finds the marker changed, by this writer itself: not a fence.
    assertThat(w.write(records(13, 23))).isEmpty();
    assertThat(landedIds()).containsExactlyElementsOf(concat(range(0, 10), range(13, 23)));
    assertThat(w.preCommit()).containsEntry(X, 23L);
  }

  private static List<IncomingRecord> tombstones(long from, long to) {
    List<IncomingRecord> out = new ArrayList<>();
    for (long o = from; o < to; o++) {
      out.add(
          new IncomingRecord(
              X.topic(), X.partition(), o, 0L, null, "k", null, null, Map.of(), null));
    }
    return out;
  }

  private static List<Long> concat(List<Long> a, List<Long> b) {
    List<Long> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private SinkWriter writer() {
    return writer(Map.of());
  }

  private SinkWriter writer(Map<String, String> overrides) {
    return writer(overrides, clock);
  }

  private SinkWriter writer(Map<String, String> overrides, MutableClock clock) {
    Map<String, String> props = new HashMap<>();
    props.put(S3SinkConfig.S3_BUCKET_NAME, "lake");
    props.put(S3SinkConfig.S3_PREFIX, "raw");
    props.put(S3SinkConfig.FORMAT_TYPE, "JSONL");
    props.put(S3SinkConfig.FORMAT_COMPRESSION, "NONE");
    props.put(S3SinkConfig.ROTATE_RECORD_COUNT, "10");
    // Cuts must not depend on when the test runs (the schedule is on by default).
    props.put(S3SinkConfig.ROTATE_SCHEDULE_INTERVAL_MS, "0");
    props.put(S3SinkConfig.BUFFER_SPILL_DIR, spill.toString());
    props.putAll(overrides);
    WriterSetup setup =
        WriterSetup.fromConfig(
            new S3SinkConfig(props),
            "it",
            store,
            CommitEventSink.NONE,
            clock,
            clock::advance,
            new TaskMetrics());
    return new SinkWriter(setup, (r, e) -> {});
  }

  private static List<IncomingRecord> records(long from, long to) {
    List<IncomingRecord> out = new ArrayList<>();
    for (long o = from; o < to; o++) {
      out.add(
          new IncomingRecord(
              X.topic(), X.partition(), o, 0L, null, null, null, Map.of("id", o), Map.of(), null));
    }
    return out;
  }

  private static List<Long> range(long from, long to) {
    return java.util.stream.LongStream.range(from, to).boxed().toList();
  }

  private List<String> dataKeys() {
    return store.inner.list("raw/orders/");
  }

  private List<Long> landedIds() {
    List<Long> ids = new ArrayList<>();
    for (String key : dataKeys()) {
      Matcher m =
          ROW.matcher(new String(store.inner.get(key).orElseThrow(), StandardCharsets.UTF_8));
      while (m.find()) {
        ids.add(Long.parseLong(m.group(1)));
      }
    }
    ids.sort(null);
    return ids;
  }

  private String markerOwner() throws IOException {
    return CommitMarker.fromJson(store.inner.get(MARKER).orElseThrow()).owner();
  }

  /** The shared store, with two hooks into marker calls. */
  private static final class HookedStore implements ObjectStore {
    final InMemoryObjectStore inner = new InMemoryObjectStore();
    private Runnable afterMarkerRead;
    private boolean loseMarkerReply;
    private boolean failMarkerWrite;
    private Runnable afterMarkerWrite;
    private boolean failDataPut;
    private Runnable beforeMarkerRead;
    private boolean failMarkerRead;

    void afterNextMarkerRead(Runnable hook) {
      afterMarkerRead = hook;
    }

    void loseNextMarkerReply() {
      loseMarkerReply = true;
    }

    void failNextMarkerWrite() {
      failMarkerWrite = true;
    }

    void afterNextMarkerWrite(Runnable hook) {
      afterMarkerWrite = hook;
    }

    void failNextDataPut() {
      failDataPut = true;
    }

    void beforeNextMarkerRead(Runnable hook) {
      beforeMarkerRead = hook;
    }

    void failNextMarkerRead() {
      failMarkerRead = true;
    }

    @Override
    public String bucket() {
      return inner.bucket();
    }

    @Override
    public void put(String key, byte[] data) {
      if (!key.equals(MARKER) && failDataPut) {
        failDataPut = false;
        throw new RetriableException("injected: PUT " + key + " failed (HTTP 503)");
      }
      inner.put(key, data);
    }

    @Override
    public Optional<byte[]> get(String key) {
      return inner.get(key);
    }

    @Override
    public Optional<Versioned> getVersioned(String key) {
      if (key.equals(MARKER) && beforeMarkerRead != null) {
        Runnable hook = beforeMarkerRead;
        beforeMarkerRead = null;
        hook.run();
      }
      if (key.equals(MARKER) && failMarkerRead) {
        failMarkerRead = false;
        throw new RetriableException("injected: GET " + key + " failed (HTTP 503)");
      }
      Optional<Versioned> read = inner.getVersioned(key);
      if (key.equals(MARKER) && afterMarkerRead != null) {
        Runnable hook = afterMarkerRead;
        afterMarkerRead = null;
        hook.run();
      }
      return read;
    }

    @Override
    public String putIfMatch(String key, byte[] data, String expectedEtag) {
      if (key.equals(MARKER) && failMarkerWrite) {
        failMarkerWrite = false;
        throw new RetriableException("injected: marker write failed (HTTP 503)");
      }
      String etag = inner.putIfMatch(key, data, expectedEtag);
      if (key.equals(MARKER) && afterMarkerWrite != null) {
        Runnable hook = afterMarkerWrite;
        afterMarkerWrite = null;
        hook.run();
      }
      if (key.equals(MARKER) && loseMarkerReply) {
        loseMarkerReply = false;
        throw new RetriableException("injected: marker written, reply lost");
      }
      return etag;
    }

    @Override
    public Optional<Long> size(String key) {
      return inner.size(key);
    }

    @Override
    public void delete(String key) {
      inner.delete(key);
    }

    @Override
    public List<String> list(String prefix) {
      return inner.list(prefix);
    }

    @Override
    public MultipartUpload startMultipart(String key) {
      MultipartUpload upload = inner.startMultipart(key);
      return new MultipartUpload() {
        @Override
        public String key() {
          return key;
        }

        @Override
        public void uploadPart(InputStream data, long length) throws IOException {
          upload.uploadPart(data, length);
        }

        @Override
        public void complete() throws IOException {
          upload.complete();
        }

        @Override
        public void abort() throws IOException {
          upload.abort();
        }
      };
    }
  }
}
