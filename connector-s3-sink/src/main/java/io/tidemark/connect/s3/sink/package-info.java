/**
 * The task's writing logic, free of the Connect task API: records in their original Kafka
 * coordinates go through row mapping, partitioning and rotation into files, and files land through
 * the commit protocol. {@code S3SinkTask} is the thin shell around {@link
 * io.tidemark.connect.s3.sink.SinkWriter}.
 */
package io.tidemark.connect.s3.sink;
