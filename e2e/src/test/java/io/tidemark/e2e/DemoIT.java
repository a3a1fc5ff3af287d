package io.tidemark.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.stack.LocalStack;
import io.tidemark.stack.athena.LakeTables;
import io.tidemark.stack.cli.Demo;
import io.tidemark.stack.cli.Tidemark;
import io.tidemark.stack.component.TrinoServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code ./tidemark demo} end to end on its own stack (the demo's: the default one plus Trino and
 * the Athena API stand-in), on the plugin archives this build packaged: MySQL -> Debezium -> Kafka
 * -> S3 sinks (Parquet) -> commit events -> Athena MERGE companion (engine athena) -> Iceberg, and
 * Kafka -> Redshift sink -> Redshift Data API stand-in. The demo must pass its own checks (exit
 * code 0); {@code ./tidemark status} must show every connector running; and the final check must
 * fail once the Iceberg aggregate and a Redshift row are made to disagree with MySQL. Lives in e2e
 * because the reactor packages every plugin archive before this module.
 */
class DemoIT {
  private static final Path WORK_DIR =
      Path.of(System.getProperty("tidemark.stack.dir", "target/tidemark-stack"))
          .resolveSibling("demo-stack");

  @Test
  void theDemoRunsEndToEndAndItsFinalCheckCatchesDisagreeingCopies() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(new Tee(captured, System.out), true, StandardCharsets.UTF_8);
    try (LocalStack stack = Tidemark.demoStack(WORK_DIR).build().start()) {
      long begin = System.nanoTime();
      int exitCode = new Demo(out).run(stack, false);
      System.out.printf(
          "DemoIT: the demo took %.0f s after a %.0f s stack start%n",
          (System.nanoTime() - begin) / 1e9, stack.startTime().toMillis() / 1e3);

      String printed = captured.toString(StandardCharsets.UTF_8);
      assertThat(exitCode).as("the demo's exit code; its output:%n%s", printed).isZero();
      assertThat(printed)
          .contains("Step 6: transaction 2 moves to yesterday")
          .contains("  [S3] s3-landing ", "  [Redshift] users ", "  [Iceberg] users ")
          .contains(
              "s3://tidemark-lake/raw/",
              "s3://tidemark-lake/hive/",
              "/dt=",
              "jdbc:trino://127.0.0.1:",
              "iceberg.lake.user_transactions",
              "tidemark.myschema.transactions",
              "public.tidemark_myschema_users",
              "psql -h 127.0.0.1 -p ")
          .contains(
              "Kafka holds every change",
              "[S3] check passed.",
              "[Redshift] check passed.",
              "[Iceberg] check passed.")
          .contains("= the topics' ends")
          .contains("Final check passed: MySQL = Redshift = Iceberg.")
          .containsPattern("users +\\d+ rows +\\d+ rows, equal +\\d+ rows, equal")
          .containsPattern("user_transactions +\\d+ rows +\\d+ rows, equal +\\d+ rows, equal");

      captured.reset();
      int status =
          Tidemark.run(new String[] {"status", "--work-dir", stack.workDir().toString()}, out, out);
      assertThat(status).as("./tidemark status:%n%s", captured).isZero();
      assertThat(captured.toString(StandardCharsets.UTF_8))
          .containsPattern("mysql-cdc +source +RUNNING +1/1 running +-")
          .containsPattern("s3-landing +sink +RUNNING +1/1 running +\\d+ \\(tidemark\\.myschema\\.")
          .containsPattern(
              "redshift-sink +sink +RUNNING +1/1 running +\\d+ \\(tidemark\\.myschema\\.")
          .containsPattern(
              "athena-merge +sink +RUNNING +1/1 running +\\d+ \\(tidemark\\.s3\\.commits-0");

      // Make Iceberg and Redshift disagree: stop their connectors (so nothing repairs them), change
      // one day's revenue in Iceberg and delete a user in Redshift.
      stack.connect().rest().delete("athena-merge");
      stack.connect().rest().delete("redshift-sink");
      LakeTables.query(
          stack.get(TrinoServer.class),
          "UPDATE iceberg.lake.user_transactions SET total_cost_usd = total_cost_usd + 1 WHERE user_id = 1");
      stack.postgres().execute("dev", "DELETE FROM public.tidemark_myschema_users WHERE id = 1");
      captured.reset();
      assertThat(new Demo(out).check(stack))
          .as("the final check after the Iceberg table was changed")
          .isFalse();
      assertThat(captured.toString(StandardCharsets.UTF_8))
          .containsPattern("users +\\d+ rows +\\d+ rows, DIFFERENT +\\d+ rows, equal")
          .containsPattern(
              "user_transactions +\\d+ rows +\\d+ rows, DIFFERENT +\\d+ rows, DIFFERENT")
          .contains(
              "Redshift users differs from MySQL:",
              "only in MySQL:  1|",
              "only in Iceberg: ",
              "Final check FAILED");
    }
  }

  /** Writes to the captured buffer and to the test's console. */
  private static final class Tee extends OutputStream {
    private final OutputStream first;
    private final OutputStream second;

    Tee(OutputStream first, OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) throws java.io.IOException {
      first.write(b);
      second.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws java.io.IOException {
      first.write(b, off, len);
      second.write(b, off, len);
    }
  }
}
