package io.tidemark.connect.s3;

import io.tidemark.connect.s3.sink.BadRecordReporter;
import io.tidemark.connect.s3.sink.IncomingRecord;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bad records with {@code errors.tolerance=all} go to the errant record reporter (DLQ / error log)
 * with a reason naming topic, partition, offset and the field, or, when the worker gives none, are
 * skipped with a warning; otherwise the task fails with a {@link DataException} carrying that
 * reason. Record values are never logged.
 */
final class BadRecords implements BadRecordReporter {

  private static final Logger LOG = LoggerFactory.getLogger(BadRecords.class);

  private final ErrantRecordReporter reporter;
  private final boolean tolerate;

  BadRecords(ErrantRecordReporter reporter, boolean tolerate) {
    this.reporter = reporter;
    this.tolerate = tolerate;
  }

  @Override
  public void report(IncomingRecord record, RuntimeException error) {
    String where =
        "topic "
            + record.topic()
            + ", partition "
            + record.partition()
            + ", offset "
            + record.offset();
    // The same message for the DLQ (its exception header) and for a failed task: where, and the
    // field.
    DataException located =
        new DataException("Bad record at " + where + ": " + error.getMessage(), error);
    if (!tolerate) {
      throw located;
    }
    if (reporter != null && record.handle() instanceof SinkRecord) {
      reporter.report((SinkRecord) record.handle(), located);
    } else {
      LOG.warn("Skipping bad record at {}: {}", where, error.getMessage());
    }
  }
}
