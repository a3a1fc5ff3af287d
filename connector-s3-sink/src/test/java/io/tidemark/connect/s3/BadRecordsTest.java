package io.tidemark.connect.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.connect.s3.sink.IncomingRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/**
 * The one place the S3 sink's bad records go: the DLQ and a failed task get the same located
 * reason.
 */
class BadRecordsTest {

  private static final String REASON =
      "Bad record at topic orders, partition 3, offset 42: Field 'name' is bad";

  private final SinkRecord sinkRecord = new SinkRecord("renamed", 0, null, "k", null, "v", 7);
  private final IncomingRecord record =
      new IncomingRecord("orders", 3, 42, 1L, null, "k", null, "v", Map.of(), sinkRecord);

  @Test
  void toleratedRecordsGoToTheReporterWithWhereAndWhat() {
    List<Throwable> reported = new ArrayList<>();
    ErrantRecordReporter reporter =
        (r, e) -> {
          assertThat(r).isSameAs(sinkRecord);
          reported.add(e);
          return CompletableFuture.completedFuture(null);
        };
    new BadRecords(reporter, true).report(record, new DataException("Field 'name' is bad"));
    assertThat(reported).singleElement().satisfies(e -> assertThat(e).hasMessage(REASON));
  }

  @Test
  void otherwiseTheTaskFailsWithTheSameReason() {
    assertThatThrownBy(
            () ->
                new BadRecords(null, false)
                    .report(record, new DataException("Field 'name' is bad")))
        .isInstanceOf(DataException.class)
        .hasMessage(REASON);
  }
}
