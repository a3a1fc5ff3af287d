package io.tidemark.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.stack.component.S3Server;
import io.tidemark.stack.junit.LocalStackExtension;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Every component of the shared stack answers as a user would use it. */
@ExtendWith(LocalStackExtension.class)
class LocalStackIT {

  @Test
  void endpointsFileListsEveryComponentAndIsPrivate(LocalStack stack) throws Exception {
    JsonNode endpoints = new ObjectMapper().readTree(stack.endpointsFile().toFile());

    assertThat(endpoints.path("kafka").path("bootstrapServers").asText())
        .isEqualTo(stack.kafka().bootstrapServers());
    assertThat(endpoints.path("connect").path("restUrl").asText())
        .isEqualTo(stack.connect().restUrl());
    assertThat(endpoints.path("mysql").path("password").asText())
        .isEqualTo(stack.mysql().adminPassword());
    assertThat(endpoints.path("s3").path("secretAccessKey").asText())
        .isEqualTo(stack.s3().secretKey());
    assertThat(endpoints.path("postgres").path("jdbcUrl").asText())
        .isEqualTo(stack.postgres().jdbcUrl("dev"));
    assertThat(endpoints.path("redshift").path("endpoint").asText())
        .startsWith("http://127.0.0.1:");
    assertThat(endpoints.path("startSeconds").asDouble()).isPositive();
    assertThat(Files.getPosixFilePermissions(stack.endpointsFile()))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void theConsoleListingMasksEverySecret(LocalStack stack) {
    String listing = stack.describe();

    assertThat(listing)
        .contains(stack.kafka().bootstrapServers(), stack.connect().restUrl(), "tidemark-lake");
    assertThat(stack.secrets().all()).hasSizeGreaterThanOrEqualTo(3);
    stack.secrets().all().values().forEach(secret -> assertThat(listing).doesNotContain(secret));
  }

  @Test
  void kafkaCreatesTopics(LocalStack stack) throws Exception {
    try (Admin admin = stack.kafka().admin()) {
      admin
          .createTopics(List.of(new NewTopic("stack-it-topic", 3, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
      assertThat(
              admin
                  .describeTopics(List.of("stack-it-topic"))
                  .allTopicNames()
                  .get(30, TimeUnit.SECONDS)
                  .get("stack-it-topic")
                  .partitions())
          .hasSize(3);
    }
  }

  @Test
  void connectOffersDebeziumsMariaDbAndMySqlConnectors(LocalStack stack) {
    assertThat(stack.connect().rest().pluginClasses(true))
        .contains(
            "io.debezium.connector.mariadb.MariaDbConnector",
            "io.debezium.connector.mysql.MySqlConnector");
    assertThat(stack.connect().loadedPlugins())
        .contains("debezium-connector-mariadb-3.5.0.Final", "debezium-connector-mysql-3.5.0.Final");
  }

  @Test
  void mysqlWritesARowBasedFullImageBinlogAndTheDebeziumUserMayReadIt(LocalStack stack)
      throws Exception {
    Map<String, String> variables = new java.util.HashMap<>();
    try (Connection connection = stack.mysql().connection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SHOW VARIABLES WHERE Variable_name IN ('log_bin','binlog_format','binlog_row_image')")) {
      while (rows.next()) {
        variables.put(rows.getString(1), rows.getString(2));
      }
    }
    assertThat(variables)
        .containsEntry("log_bin", "ON")
        .containsEntry("binlog_format", "ROW")
        .containsEntry("binlog_row_image", "FULL");

    List<String> grants = new ArrayList<>();
    try (Connection debezium =
            DriverManager.getConnection(
                stack.mysql().jdbcUrl(""), "debezium", stack.mysql().debeziumPassword());
        Statement statement = debezium.createStatement();
        ResultSet rows = statement.executeQuery("SHOW GRANTS")) {
      while (rows.next()) {
        grants.add(rows.getString(1));
      }
    }
    assertThat(String.join("\n", grants))
        .contains("REPLICATION SLAVE", "RELOAD", "SELECT", "LOCK TABLES");
  }

  @Test
  void s3StoresObjectsAndChecksSignatures(LocalStack stack) {
    try (S3Client s3 = stack.s3().client()) {
      s3.putObject(
          b -> b.bucket(S3Server.BUCKET).key("it/hello.txt"), RequestBody.fromString("hello lake"));
      assertThat(
              s3.getObjectAsBytes(b -> b.bucket(S3Server.BUCKET).key("it/hello.txt"))
                  .asUtf8String())
          .isEqualTo("hello lake");
    }
    try (S3Client wrongKey =
        S3Client.builder()
            .endpointOverride(URI.create(stack.s3().endpoint()))
            .region(Region.of(S3Server.REGION))
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(S3Server.ACCESS_KEY, "not-the-secret")))
            .build()) {
      assertThatThrownBy(() -> wrongKey.listObjectsV2(b -> b.bucket(S3Server.BUCKET)))
          .isInstanceOf(S3Exception.class)
          .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
    }
  }

  @Test
  void postgresServesTheRedshiftDefaultDatabase(LocalStack stack) throws Exception {
    try (Connection connection = stack.postgres().connection("dev");
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT current_database(), current_setting('server_version_num')::int")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("dev");
      assertThat(rows.getInt(2)).isGreaterThanOrEqualTo(170000);
    }
  }
}
