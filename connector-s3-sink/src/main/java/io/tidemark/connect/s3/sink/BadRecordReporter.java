package io.tidemark.connect.s3.sink;

/**
 * Where a record that cannot be written goes: the errant record reporter (DLQ) when the connector
 * tolerates errors; otherwise the implementation throws a {@code DataException} naming the record.
 */
@FunctionalInterface
public interface BadRecordReporter {

  void report(IncomingRecord record, RuntimeException error);
}
