package io.tidemark.connect.redshift;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.stack.kit.connect.RecordingSinkContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/**
 * Review finding: a write the insert path splits into several transactions commits, per
 * transaction, the highest offset + 1 of the rows it holds. The rows are in change-position order
 * (PendingBatch), not offset order, so when positions and offsets disagree within one partition
 * (Debezium re-sending a suffix after a restart, as RedshiftSinkCrashIT provokes; CdcUnwrap's
 * position is file, pos, then the Kafka offset) a transaction commits a next offset beyond rows a
 * later transaction still holds, and a later transaction writes a LOWER next offset than an earlier
 * one. The offsets row then goes backwards while the writer keeps the maximum (RedshiftWriter.run:
 * committed.merge(.., Math::max)), so the next transaction's guard expects a value the table no
 * longer holds.
 */
class SplitWriteOffsetsTest {
  private static final Schema VALUE =
      SchemaBuilder.struct()
          .name("v")
          .field("id", Schema.INT64_SCHEMA)
          .field("name", Schema.OPTIONAL_STRING_SCHEMA)
          .field("__position", Schema.OPTIONAL_STRING_SCHEMA)
          .field("__source_ts", Schema.OPTIONAL_INT64_SCHEMA)
          .build();

  private static final Pattern OFFSETS_INSERT =
      Pattern.compile(
          "INSERT INTO \"public\"\\.\"tidemark_offsets\".*'orders', 0, (-?\\d+)(?:, '[^']*')? FROM");
  private static final Pattern GUARD_EXPECTS = Pattern.compile("\"next_offset\" = (-?\\d+)");

  /** CdcUnwrap's binlog position: file 1, {@code pos}, streamed, then the Kafka offset. */
  static String position(long pos, long offset) {
    return String.format("%010d-%019d-1-%019d", 1, pos, offset);
  }

  static SinkRecord record(long offset, long pos) {
    Struct value =
        new Struct(VALUE)
            .put("id", offset)
            .put("name", "x".repeat(2_500))
            .put("__position", position(pos, offset))
            // Its source time: a re-sent change keeps the time it was logged at.
            .put("__source_ts", 1_700_000_000_000L + pos * 10);
    return new SinkRecord("orders", 0, null, null, VALUE, value, offset);
  }

  /**
   * Two MySQL transactions (binlog pos 100: offsets 0-2; pos 200: offsets 3-5), re-sent by Debezium
   * after a restart (offsets 6-8 and 9-11): one put, append mode, three rows per transaction.
   */
  static List<SinkRecord> resentSuffix() {
    List<SinkRecord> records = new ArrayList<>();
    for (long o = 0; o < 12; o++) {
      records.add(record(o, (o / 3) % 2 == 0 ? 100 : 200));
    }
    return records;
  }

  @Test
  void theOffsetsRowNeverGoesBackwardsAndEachTransactionExpectsWhatThePreviousOneWrote() {
    InMemoryRunner runner = new InMemoryRunner();
    runner.columns.addAll(List.of("id", "name", "__position", "__source_ts"));
    RedshiftSinkTask task = new RedshiftSinkTask((config, log) -> runner);
    task.initialize(new RecordingSinkContext().withErrantRecordReporter());
    Map<String, String> props = new HashMap<>();
    props.put("name", "rs");
    props.put(RedshiftSinkConfig.REGION, "us-east-1");
    props.put(RedshiftSinkConfig.WORKGROUP, "wg");
    props.put(RedshiftSinkConfig.MODE, "append");
    props.put(RedshiftSinkConfig.MAX_STATEMENTS, "10");
    props.put(RedshiftSinkConfig.MAX_STATEMENT_BYTES, "4096");
    task.start(props);
    task.open(List.of(new TopicPartition("orders", 0)));

    task.put(resentSuffix());

    List<Long> written = new ArrayList<>();
    List<Long> expected = new ArrayList<>();
    for (List<String> batch : runner.dataBatches()) {
      String sql = String.join("\n", batch);
      Matcher insert = OFFSETS_INSERT.matcher(sql);
      assertThat(insert.find()).as("offsets INSERT in %s", sql).isTrue();
      written.add(Long.parseLong(insert.group(1)));
      Matcher guard = GUARD_EXPECTS.matcher(batch.get(0));
      expected.add(guard.find() ? Long.parseLong(guard.group(1)) : null);
    }
    // On this code: written = [3, 9, 6, 12], expected = [null, 3, 9, 9]: the third transaction
    // moves the offsets row from 9 back to 6, and the fourth expects 9 (fenced by its own task).
    // A crash after the second transaction would also skip offsets 3-5 for good (row = 9).
    assertThat(written).as("next_offset written by each transaction").isSorted();
    for (int i = 1; i < written.size(); i++) {
      assertThat(expected.get(i))
          .as("guard of transaction %d (written so far %s)", i, written.subList(0, i))
          .isEqualTo(written.get(i - 1));
    }
  }
}
