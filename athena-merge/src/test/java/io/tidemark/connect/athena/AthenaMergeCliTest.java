package io.tidemark.connect.athena;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's argument and config handling; merging itself is the connector's code, tested by the
 * ITs.
 */
class AthenaMergeCliTest {

  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return AthenaMergeCli.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private Path config() throws Exception {
    Path f = dir.resolve("athena-merge.json");
    Files.writeString(
        f,
        "{\"name\":\"x\",\"config\":{\"engine\":\"trino\",\"trino.jdbc.url\":\"jdbc:trino://127.0.0.1:9\","
            + "\"trino.user\":\"t\",\"trino.schema\":\"lake\",\"tables\":\"users\",\"table.users.landing.location\":\"s3://lake/raw/u/\","
            + "\"table.users.target\":\"users\",\"table.users.columns\":\"id:bigint,__offset:bigint\",\"table.users.keys\":\"id\","
            + "\"table.users.position.column\":\"__offset\"}}");
    return f;
  }

  @Test
  void withoutConfigItPrintsUsage() {
    assertThat(run("--table", "users")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--config <file> is required")
        .contains("usage:");
  }

  @Test
  void anUnknownTableIsNamed() throws Exception {
    assertThat(run("--config", config().toString(), "--table", "nope")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--table nope is not one of [users]");
  }

  @Test
  void aFullRescanDryRunPrintsTheSeedsMerge() throws Exception {
    assertThat(run("--config", config().toString(), "--table", "users", "--full", "--dry-run"))
        .isEqualTo(0);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("MERGE INTO \"iceberg\".\"lake\".\"users\"")
        .contains("WHERE \"id\" IS NOT NULL")
        .doesNotContain("$path\" IN");
  }

  @Test
  void aPrefixOutsideTheLandingLocationIsRefused() throws Exception {
    assertThat(
            run(
                "--config",
                config().toString(),
                "--table",
                "users",
                "--prefix",
                "s3://lake/raw/other/",
                "--dry-run"))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("is not under table.users.landing.location");
  }

  @Test
  void aBadConfigNamesTheKey() throws Exception {
    Path f = dir.resolve("bad.properties");
    Files.writeString(f, "engine=presto\ntables=users\n");
    assertThat(run("--config", f.toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("engine");
  }
}
