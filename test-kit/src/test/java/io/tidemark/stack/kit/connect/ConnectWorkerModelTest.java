package io.tidemark.stack.kit.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.stack.kit.connect.ConnectWorkerModel.Poll;
import io.tidemark.stack.kit.connect.ConnectWorkerModel.Stats;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.junit.jupiter.api.Test;

/**
 * The model keeps {@code WorkerSinkTask}'s contract: each case is what Connect does that a sink
 * task's exactly-once argument relies on, checked on a scripted task that records every call.
 */
class ConnectWorkerModelTest {
  private static final TopicPartition P0 = new TopicPartition("t", 0);
  private static final TopicPartition P1 = new TopicPartition("t", 1);

  private final Map<TopicPartition, NavigableMap<Long, SinkRecord>> log = new HashMap<>();
  private final Map<TopicPartition, Long> group = new HashMap<>();
  private final Stats stats = new Stats();
  private final List<String> calls = new ArrayList<>();
  private final List<List<SinkRecord>> puts = new ArrayList<>();
  private Consumer<Collection<SinkRecord>> onPut = records -> {};
  private Map<TopicPartition, OffsetAndMetadata> durable = new HashMap<>();
  private Map<TopicPartition, OffsetAndMetadata> lastCurrent;
  private Runnable onOpen = () -> {};

  ConnectWorkerModelTest() {
    for (TopicPartition tp : List.of(P0, P1)) {
      List<SinkRecord> records = new ArrayList<>();
      for (long o = 0; o < 5; o++) {
        records.add(new SinkRecord(tp.topic(), tp.partition(), null, null, null, "v" + o, o));
      }
      log.put(tp, ConnectWorkerModel.byOffset(records));
    }
  }

  private final class Scripted extends SinkTask {
    @Override
    public String version() {
      return "test";
    }

    @Override
    public void start(Map<String, String> props) {
      calls.add("start");
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
      calls.add("open " + partitions);
      onOpen.run();
    }

    @Override
    public void put(Collection<SinkRecord> records) {
      puts.add(new ArrayList<>(records));
      onPut.accept(records);
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(
        Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
      lastCurrent = currentOffsets;
      calls.add("preCommit " + currentOffsets.keySet());
      return durable;
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
      calls.add("close " + partitions);
    }

    @Override
    public void stop() {
      calls.add("stop");
    }

    RecordingSinkContext recording() {
      return (RecordingSinkContext) context;
    }
  }

  private ConnectWorkerModel<Scripted> worker(int maxPoll) {
    return new ConnectWorkerModel<>(log, group, Scripted::new, Map.of(), Poll.upTo(maxPoll), stats);
  }

  @Test
  void aBatchThatFailsIsDeliveredAgainAsTheSameObjectsAndNothingNewIsFetched() {
    ConnectWorkerModel<Scripted> worker = worker(2);
    worker.startTask(List.of(P0));
    int[] failures = {2};
    onPut =
        records -> {
          if (!records.isEmpty() && failures[0]-- > 0) {
            throw new RetriableException("try again");
          }
        };
    for (int i = 0; i < 4; i++) {
      worker.iteration();
    }
    assertThat(puts.get(0)).extracting(SinkRecord::kafkaOffset).containsExactly(0L, 1L);
    for (int i = 1; i < 3; i++) {
      assertThat(puts.get(i)).hasSize(2);
      for (int r = 0; r < 2; r++) {
        assertThat(puts.get(i).get(r)).isSameAs(puts.get(0).get(r));
      }
    }
    assertThat(puts.get(3)).extracting(SinkRecord::kafkaOffset).containsExactly(2L, 3L);
    assertThat(puts.get(3).get(0)).isNotSameAs(log.get(P0).get(2L)); // converted anew
    assertThat(stats.failedPuts).isEqualTo(2);
    assertThat(stats.longestFailedRun).isEqualTo(2);
  }

  @Test
  void aSeekAppliesAtTheNextPollAndASeekOfAPartitionNotOwnedKillsTheTask() {
    ConnectWorkerModel<Scripted> worker = worker(10);
    worker.startTask(List.of(P0));
    onPut = records -> worker.task().recording().offset(P0, 3L);
    worker.iteration(); // offsets 0..4, then seeks to 3
    onPut = records -> {};
    worker.iteration();
    assertThat(puts.get(1)).extracting(SinkRecord::kafkaOffset).containsExactly(3L, 4L);

    onPut = records -> worker.task().recording().offset(P1, 0L);
    worker.iteration();
    assertThatThrownBy(worker::iteration)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("No current assignment for partition t-1");
    assertThat(calls).endsWith("preCommit [t-0]", "close [t-0]", "stop");
    assertThat(worker.task()).isNull();
    assertThat(stats.failedTasks).isEqualTo(1);
  }

  @Test
  void preCommitGetsWhatWasDeliveredAndOnlyOffsetsUpToThatAreCommitted() {
    ConnectWorkerModel<Scripted> worker = worker(3);
    worker.startTask(List.of(P0));
    onPut =
        records -> {
          if (!records.isEmpty()) {
            throw new RetriableException("not yet");
          }
        };
    worker.iteration(); // fetched 0..2, not delivered
    durable = Map.of(P0, new OffsetAndMetadata(2));
    worker.commitOffsets();
    assertThat(lastCurrent).containsEntry(P0, new OffsetAndMetadata(0));
    assertThat(group).doesNotContainKey(P0);
    assertThat(stats.ignoredPreCommitOffsets).isEqualTo(1);
    assertThat(stats.preCommitsWhilePaused).isEqualTo(1);

    onPut = records -> {};
    worker.iteration(); // delivered 0..2
    worker.commitOffsets();
    assertThat(lastCurrent).containsEntry(P0, new OffsetAndMetadata(3));
    assertThat(group).containsEntry(P0, 2L);
  }

  @Test
  void aRevokeCommitsAndClosesOnlyTheRevokedPartitionsAndDropsTheirRecordsFromTheBatch() {
    ConnectWorkerModel<Scripted> worker = worker(10);
    worker.startTask(List.of(P0, P1));
    onPut =
        records -> {
          if (!records.isEmpty()) {
            throw new RetriableException("not yet");
          }
        };
    worker.iteration();
    assertThat(puts.get(0)).hasSize(10);
    calls.clear();
    worker.rebalance(List.of(P1), List.of());
    assertThat(calls).containsExactly("preCommit [t-1]", "close [t-1]");
    worker.iteration();
    assertThat(puts.get(1)).hasSize(5).allMatch(r -> r.kafkaPartition() == 0);
    assertThat(stats.rebalancesWhilePaused).isEqualTo(1);
  }

  @Test
  void aZombiesCommitsAreRejectedAndLosingPartitionsClosesWithoutACommit() {
    ConnectWorkerModel<Scripted> worker = worker(10);
    worker.startTask(List.of(P0));
    worker.iteration();
    worker.becomeZombie();
    durable = Map.of(P0, new OffsetAndMetadata(5));
    worker.commitOffsets();
    assertThat(group).isEmpty();
    calls.clear();
    worker.losePartitions();
    assertThat(calls).containsExactly("close [t-0]", "stop");
  }

  @Test
  void aTaskWhoseOpenFailsIsClosedAndStoppedAndTheNextStartsFromTheGroupsOffsets() {
    group.put(P0, 2L);
    onOpen =
        () -> {
          throw new org.apache.kafka.connect.errors.ConnectException("open failed");
        };
    ConnectWorkerModel<Scripted> worker = worker(10);
    assertThatThrownBy(() -> worker.startTask(List.of(P0))).hasMessage("open failed");
    assertThat(calls)
        .containsExactly("start", "open [t-0]", "preCommit [t-0]", "close [t-0]", "stop");
    onOpen = () -> {};
    worker.startTask(List.of(P0));
    worker.iteration();
    assertThat(puts.get(0)).extracting(SinkRecord::kafkaOffset).containsExactly(2L, 3L, 4L);
  }

  @Test
  void aKilledWorkerCallsNothing() {
    ConnectWorkerModel<Scripted> worker = worker(10);
    worker.startTask(List.of(P0));
    calls.clear();
    worker.crash();
    assertThat(calls).isEmpty();
    assertThat(stats.crashes).isEqualTo(1);
  }
}
