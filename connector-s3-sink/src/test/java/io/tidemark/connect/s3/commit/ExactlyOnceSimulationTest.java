package io.tidemark.connect.s3.commit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.connect.s3.store.InMemoryObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The exactly-once argument of the README, executed: one topic partition, many partition paths,
 * files cut at RANDOM points that differ on every attempt (as wall-clock rotation does), and a
 * crash before a random store mutation on every attempt. Afterwards every offset sits in exactly
 * one visible object, under the path it maps to.
 */
class ExactlyOnceSimulationTest {

  private static final int RECORDS = 400;
  private static final String TOPIC = "t";
  private final MarkerKeys keys = new MarkerKeys("", "sim");

  @ParameterizedTest(name = "seed {0}, deterministic paths {1}")
  @CsvSource({"1,true", "2,true", "3,true", "4,true", "5,false", "6,false", "7,false", "8,false"})
  void everyRecordLandsExactlyOnceWhateverTheCrashTiming(long seed, boolean deterministic)
      throws Exception {
    Random random = new Random(seed);
    InMemoryObjectStore store = new InMemoryObjectStore();
    long kafkaCommitted = 0;
    int attempts = 0;
    boolean finished = false;
    while (!finished) {
      attempts++;
      // The last attempts run without crashes so the run ends.
      if (attempts < 60) {
        store.crashAfter(random.nextInt(40));
      } else {
        store.noCrash();
      }
      Attempt attempt = new Attempt(store, new Random(random.nextLong()), deterministic, attempts);
      try {
        kafkaCommitted = attempt.run(kafkaCommitted);
        finished = true;
      } catch (InMemoryObjectStore.Crash crash) {
        kafkaCommitted = Math.max(kafkaCommitted, attempt.lastPreCommit);
      }
    }
    store.noCrash();

    Map<Long, String> seen = new TreeMap<>();
    for (String key : store.list("t/")) {
      String path = key.substring(2, key.lastIndexOf('/'));
      String body = new String(store.get(key).orElseThrow(), StandardCharsets.UTF_8);
      for (String s : body.split(",")) {
        long offset = Long.parseLong(s);
        String previous = seen.put(offset, key);
        assertThat(previous).as("offset %d in %s and %s", offset, previous, key).isNull();
        if (deterministic) {
          assertThat(path).isEqualTo(Attempt.deterministicPath(offset));
        }
      }
    }
    assertThat(seen.keySet()).hasSize(RECORDS);
    assertThat(seen.keySet()).first().isEqualTo(0L);
    assertThat(seen.keySet()).last().isEqualTo((long) RECORDS - 1);
    assertThat(kafkaCommitted).isEqualTo(RECORDS);
    assertThat(attempts).isGreaterThan(5);
  }

  /** One life of the task: recover, consume from the resume offset to the end, commit. */
  private final class Attempt {
    private final InMemoryObjectStore store;
    private final Random random;
    private final boolean deterministic;
    private final int attempt;
    private final Map<String, List<Long>> open = new HashMap<>();
    private PartitionLedger ledger;
    long lastPreCommit;

    Attempt(InMemoryObjectStore store, Random random, boolean deterministic, int attempt) {
      this.store = store;
      this.random = random;
      this.deterministic = deterministic;
      this.attempt = attempt;
    }

    static String deterministicPath(long offset) {
      return "p=" + (offset * 7919 % 5);
    }

    long run(long kafkaCommitted) throws IOException {
      ledger = new MarkerRecovery(store, keys).recover(TOPIC, 0, deterministic);
      long position = ledger.resumeOffset().orElse(kafkaCommitted);
      for (long offset = position; offset < RECORDS; offset++) {
        // Wall-clock paths: the "hour" depends on the attempt and on time passing within it.
        String path =
            deterministic ? deterministicPath(offset) : "hr=" + (attempt * 10 + offset / 97);
        if (ledger.alreadyLanded(offset, path)) {
          ledger.recordProcessed(offset);
          continue;
        }
        if (!deterministic) {
          for (String other : new ArrayList<>(open.keySet())) {
            if (!other.equals(path)) {
              commit(other);
            }
          }
        }
        if (!open.containsKey(path)) {
          ledger.fileOpened(path, offset);
          open.put(path, new ArrayList<>());
        }
        open.get(path).add(offset);
        ledger.recordProcessed(offset);
        if (random.nextInt(10) == 0) {
          commit(path);
        }
        if (random.nextInt(25) == 0) {
          preCommit();
        }
      }
      for (String path : new ArrayList<>(open.keySet())) {
        commit(path);
      }
      preCommit();
      return lastPreCommit;
    }

    private void preCommit() {
      CommitMarker m = ledger.advance();
      if (m != null) {
        store.put(keys.markerKey(TOPIC, 0), m.toJson());
        ledger.markerWritten(m);
      }
      ledger.preCommitOffset().ifPresent(o -> lastPreCommit = o);
    }

    private void commit(String path) {
      List<Long> offsets = open.remove(path);
      StringBuilder body = new StringBuilder();
      for (long o : offsets) {
        body.append(body.length() == 0 ? "" : ",").append(o);
      }
      byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
      long start = offsets.get(0);
      String key = TOPIC + "/" + path + "/" + String.format("t+0+%020d.txt", start);
      LandedObject object =
          new LandedObject(
              key, path, start, offsets.get(offsets.size() - 1), offsets.size(), bytes.length);
      CommitMarker begin = ledger.beginCommit(object);
      store.put(keys.markerKey(TOPIC, 0), begin.toJson());
      ledger.markerWritten(begin);
      store.put(key, bytes);
      CommitMarker done = ledger.completeCommit(object);
      store.put(keys.markerKey(TOPIC, 0), done.toJson());
      ledger.markerWritten(done);
    }
  }
}
