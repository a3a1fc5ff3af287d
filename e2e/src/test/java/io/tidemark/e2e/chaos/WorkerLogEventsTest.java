package io.tidemark.e2e.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.e2e.chaos.WorkerLogEvents.Event;
import io.tidemark.e2e.chaos.WorkerLogEvents.Kind;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerLogEventsTest {
  private static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");

  @Test
  void theSinksAndConnectLinesAreEventsWithTheirConnectorAndTime() {
    List<Event> events =
        WorkerLogEvents.parse(
            List.of(
                "[2026-12-08 10:00:01,250] ERROR WorkerSinkTask{id=chaos-s3-2} RetriableException"
                    + " from SinkTask: (org.apache.kafka.connect.runtime.WorkerSinkTask)",
                "org.apache.kafka.connect.errors.RetriableException: boom",
                "\tat io.tidemark.Something(Something.java:1)",
                "[2026-12-08 10:00:01,300] WARN Connector chaos-s3 chaos.chaos.users-3: rewinding to"
                    + " the last durable offset after: java.io.IOException: reset"
                    + " (io.tidemark.connect.s3.sink.SinkWriter)",
                "[2026-12-08 10:00:02,000] ERROR Connector chaos-s3 chaos.chaos.users-3: another task"
                    + " owns this partition now (its commit marker changed: 412); this task stops"
                    + " writing it until Connect reassigns it (io.tidemark.connect.s3.sink.SinkWriter)",
                "[2026-12-08 10:00:03,000] WARN [chaos-redshift-append task] fenced by another task's"
                    + " commit: rewinding to {t-1=5} (io.tidemark.connect.redshift.RedshiftSinkTask)",
                "[2026-12-08 10:00:04,000] WARN [chaos-redshift task] write failed SERIALIZATION"
                    + " (attempt 1 of 10 in a row): could not serialize (io.tidemark.x.RedshiftWriter)",
                "[2026-12-08 10:00:05,000] INFO [chaos-redshift task] BatchExecuteStatement THROTTLED"
                    + " (attempt 1 of 6), retrying in 200 ms: Rate exceeded (io.tidemark.x.Runner)",
                "[2026-12-08 10:00:06,000] WARN MERGE users failed (try 1 of 5), retrying with a new"
                    + " token in 500 ms: ICEBERG_COMMIT_ERROR (io.tidemark.x.RetryingRunner)",
                "[2026-12-08 10:00:07,000] INFO Connector chaos-s3: opened [t-1], seeking {} (x)",
                "[2026-12-08 10:00:08,000] ERROR WorkerSourceTask{id=chaos-cdc-0} Task threw an"
                    + " uncaught and unrecoverable exception. Task is being killed and will not"
                    + " recover until manually restarted (org.apache.kafka.connect.runtime.WorkerTask)"),
            ZONE);
    assertThat(events)
        .containsExactly(
            new Event(at("2026-12-08T04:30:01.250Z"), Kind.CONNECT_RETRY, "chaos-s3"),
            new Event(at("2026-12-08T04:30:01.300Z"), Kind.S3_REWIND, "chaos-s3"),
            new Event(at("2026-12-08T04:30:02Z"), Kind.S3_FENCED, "chaos-s3"),
            new Event(at("2026-12-08T04:30:03Z"), Kind.REDSHIFT_FENCED, "chaos-redshift-append"),
            new Event(at("2026-12-08T04:30:04Z"), Kind.REDSHIFT_WRITE_FAILED, "chaos-redshift"),
            new Event(at("2026-12-08T04:30:05Z"), Kind.DATA_API_RETRY, "chaos-redshift"),
            new Event(at("2026-12-08T04:30:06Z"), Kind.ATHENA_RETRY, ""),
            new Event(at("2026-12-08T04:30:08Z"), Kind.TASK_FAILED, "chaos-cdc-0"));
  }

  @Test
  void theWorkersZoneIsTheOperatingSystemsNotThisJvmsUserTimezone() {
    assertThat(WorkerLogEvents.workerZone()).isNotNull();
  }

  private static Instant at(String instant) {
    return Instant.parse(instant);
  }
}
