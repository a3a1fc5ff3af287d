package io.tidemark.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.stack.component.S3Server;
import io.tidemark.stack.component.TrinoServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The Athena stand-in: Trino with Iceberg tables whose data and metastore live in the stack's S3.
 */
class TrinoIT {
  private static LocalStack stack;

  @BeforeAll
  static void start() {
    Path dir =
        Path.of(System.getProperty("tidemark.stack.dir", "target/tidemark-stack"))
            .resolveSibling("trino-it");
    stack = LocalStack.builder(dir).add(new S3Server(0)).add(new TrinoServer(0)).build().start();
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void icebergTablesInS3TakeAMergeThatUpdatesDeletesAndInserts() throws Exception {
    TrinoServer trino = stack.get(TrinoServer.class);
    try (Connection connection =
            DriverManager.getConnection(trino.jdbcUrl(), TrinoServer.USER, null);
        Statement sql = connection.createStatement()) {
      sql.execute(
          "CREATE SCHEMA iceberg.it WITH (location = 's3://" + S3Server.BUCKET + "/warehouse/it')");
      sql.execute(
          "CREATE TABLE iceberg.it.users (id BIGINT, name VARCHAR) WITH (format = 'PARQUET')");
      sql.execute("INSERT INTO iceberg.it.users VALUES (1, 'a'), (2, 'b')");
      sql.execute(
          "MERGE INTO iceberg.it.users t "
              + "USING (VALUES (1, 'a2', false), (2, CAST(NULL AS VARCHAR), true), (3, 'c', false)) AS s (id, name, deleted) "
              + "ON t.id = s.id "
              + "WHEN MATCHED AND s.deleted THEN DELETE "
              + "WHEN MATCHED THEN UPDATE SET name = s.name "
              + "WHEN NOT MATCHED AND NOT s.deleted THEN INSERT VALUES (s.id, s.name)");

      List<String> rows = new ArrayList<>();
      try (ResultSet result =
          sql.executeQuery("SELECT id, name FROM iceberg.it.users ORDER BY id")) {
        while (result.next()) {
          rows.add(result.getLong(1) + "=" + result.getString(2));
        }
      }
      assertThat(rows).containsExactly("1=a2", "3=c");
    }
    try (S3Client s3 = stack.s3().client()) {
      List<String> keys =
          s3
              .listObjectsV2Paginator(b -> b.bucket(S3Server.BUCKET).prefix("warehouse/it/"))
              .contents()
              .stream()
              .map(o -> o.key())
              .toList();
      assertThat(keys)
          .anyMatch(k -> k.endsWith(".parquet"))
          .anyMatch(k -> k.endsWith(".metadata.json"));
    }
  }
}
