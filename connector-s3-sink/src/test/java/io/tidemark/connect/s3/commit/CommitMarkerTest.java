package io.tidemark.connect.s3.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.connect.s3.store.InMemoryObjectStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommitMarkerTest {

  private static final LandedObject A =
      new LandedObject("t/p=a/t+0+00000000000000000010.jsonl", "p=a", 10, 19, 5, 100);
  private static final LandedObject B =
      new LandedObject("t/p=b/t+0+00000000000000000012.jsonl", "p=b", 12, 30, 9, 200);

  @Test
  void jsonRoundTripAndExactShape() throws Exception {
    CommitMarker m = new CommitMarker(1, "t", 0, 10, List.of(A), B);
    assertThat(new String(m.toJson(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"version\":1,\"topic\":\"t\","
                + "\"partition\":0,\"committedOffset\":10,\"landed\":[{\"key\":\"t/p=a/t+0+00000000000000000010.jsonl\","
                + "\"path\":\"p=a\",\"start\":10,\"end\":19,\"records\":5,\"bytes\":100}],"
                + "\"pending\":{\"key\":\"t/p=b/t+0+00000000000000000012.jsonl\",\"path\":\"p=b\",\"start\":12,"
                + "\"end\":30,\"records\":9,\"bytes\":200}}");
    assertThat(CommitMarker.fromJson(m.toJson())).isEqualTo(m);
    assertThatThrownBy(
            () ->
                CommitMarker.fromJson(
                    "{\"version\":2,\"topic\":\"t\"}".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("newer");
  }

  @Test
  void ledgerCommitsOnlyBelowTheOldestOpenFileAndSkipsLandedRecords() {
    PartitionLedger l = PartitionLedger.resume("t", 0, null);
    assertThat(l.preCommitOffset()).isEmpty();
    l.fileOpened("t/p=a", 10);
    l.fileOpened("t/p=b", 12);
    for (long o = 10; o <= 30; o++) {
      l.recordProcessed(o);
    }
    CommitMarker begin = l.beginCommit(B);
    assertThat(begin.pending()).isEqualTo(B);
    assertThat(begin.committedOffset()).isEqualTo(10);
    CommitMarker done = l.completeCommit(B);
    l.markerWritten(done);
    // p=a (from 10) is still open: Kafka may only commit 10, B stays listed for replay filtering.
    assertThat(l.preCommitOffset()).hasValue(10);
    assertThat(done.landed()).containsExactly(B);
    assertThat(l.alreadyLanded(15)).isTrue();
    assertThat(l.alreadyLanded(31)).isFalse();

    l.beginCommit(A);
    CommitMarker after = l.completeCommit(A);
    l.markerWritten(after);
    assertThat(after.committedOffset()).isEqualTo(31);
    assertThat(after.landed()).isEmpty();
    assertThat(l.alreadyLanded(30)).isTrue();
  }

  @Test
  void skippedOnlyRecordsAdvanceThroughAMarker() {
    PartitionLedger l =
        PartitionLedger.resume("t", 0, new CommitMarker(1, "t", 0, 5, List.of(), null));
    assertThat(l.advance()).isNull();
    l.recordProcessed(5);
    l.recordProcessed(6);
    CommitMarker m = l.advance();
    assertThat(m.committedOffset()).isEqualTo(7);
    assertThat(l.preCommitOffset()).hasValue(5);
    l.markerWritten(m);
    assertThat(l.preCommitOffset()).hasValue(7);
  }

  @Test
  void recoveryKeepsACompletePendingObjectAndLeavesAnObjectOfAnotherSizeAlone() throws Exception {
    InMemoryObjectStore store = new InMemoryObjectStore();
    MarkerKeys keys = new MarkerKeys("lake", "c1");
    assertThat(keys.markerKey("t", 0)).isEqualTo("lake/_tidemark/markers/c1/t/0.json");

    store.put(keys.markerKey("t", 0), new CommitMarker(1, "t", 0, 10, List.of(), B).toJson());
    store.put(B.key(), new byte[200]);
    PartitionLedger kept = new MarkerRecovery(store, keys).recover("t", 0);
    assertThat(kept.alreadyLanded(20)).isTrue();
    assertThat(store.get(B.key())).isPresent();
    assertThat(CommitMarker.fromJson(store.get(keys.markerKey("t", 0)).orElseThrow()).landed())
        .containsExactly(B);

    store.put(
        keys.markerKey("t", 1),
        new CommitMarker(1, "t", 1, 10, List.of(), withKey(B, "x")).toJson());
    store.put("x", new byte[7]);
    PartitionLedger dropped = new MarkerRecovery(store, keys).recover("t", 1);
    // Not the pending object: another writer's replay of the same offsets (keys carry no writer).
    assertThat(store.get("x")).isPresent();
    assertThat(dropped.alreadyLanded(20)).isFalse();
    assertThat(dropped.resumeOffset()).hasValue(10);
    assertThat(CommitMarker.fromJson(store.get(keys.markerKey("t", 1)).orElseThrow()).pending())
        .isNull();
  }

  private static LandedObject withKey(LandedObject o, String key) {
    return new LandedObject(
        key, o.partitionPath(), o.startOffset(), o.endOffset(), o.recordCount(), o.bytes());
  }
}
