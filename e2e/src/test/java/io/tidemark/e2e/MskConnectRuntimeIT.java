package io.tidemark.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.configs.ConnectorConfig;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.component.KafkaBroker;
import io.tidemark.stack.component.MariaDb;
import io.tidemark.stack.component.MskConnectRuntime;
import io.tidemark.stack.component.S3Server;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Amazon MSK Connect runtime, Kafka Connect 3.7.2 on Java 17, loads our plugin archives and
 * runs the pipeline end to end: MySQL -> Debezium -> CdcUnwrap + NormalizeTypes -> the S3 sink ->
 * objects in S3, deployed from the configs connect-configs ships. Its own small stack (a broker,
 * the 3.7.2 worker, MariaDB, S3), so the shared stack's 4.x worker is not involved.
 */
class MskConnectRuntimeIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static LocalStack stack;

  @BeforeAll
  static void startStack() {
    Path dir =
        Path.of(System.getProperty("tidemark.stack.dir", "target/tidemark-stack") + "-msk-runtime");
    stack =
        LocalStack.builder(dir)
            .add(new KafkaBroker(0))
            .add(MskConnectRuntime.worker(0))
            .add(new MariaDb(0))
            .add(new S3Server(0))
            .build()
            .start();
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void theWorkerIsConnect372OnJava17() throws Exception {
    JsonNode root = JSON.readTree(get(stack.connect().restUrl() + "/"));
    assertThat(root.get("version").asText()).isEqualTo(MskConnectRuntime.KAFKA_VERSION);
    assertThat(stack.connect().endpoints().get("javaHome").toString())
        .isEqualTo(MskConnectRuntime.javaHome().toString());
    assertThat(stack.connect().rest().pluginClasses(false))
        .contains(
            "io.tidemark.connect.s3.S3SinkConnector",
            "io.tidemark.connect.smt.CdcUnwrap",
            "io.tidemark.connect.smt.NormalizeTypes$Value",
            "io.debezium.connector.mysql.MySqlConnector");
  }

  @Test
  void mysqlChangesLandInS3ThroughDebeziumOurSmtsAndTheS3Sink() throws Exception {
    stack
        .mysql()
        .execute(
            "CREATE DATABASE compat",
            "CREATE TABLE compat.items (id BIGINT PRIMARY KEY, name VARCHAR(40), price DECIMAL(10,2), added DATE)",
            "INSERT INTO compat.items VALUES (1, 'anchor', 12.50, '2026-11-20'), (2, 'buoy', 7.25, '2026-11-21'),"
                + " (3, 'cleat', 3.10, '2026-11-21')");
    stack.deploy(
        ConnectorConfig.load("local/debezium-mysql.json"),
        Map.of("MYSQL_DATABASES", "compat", "TOPIC_PREFIX", "compat"),
        WAIT);
    String topic = "compat.compat.items";
    stack.deploy(
        ConnectorConfig.load("local/s3-sink.json"),
        Map.of(
            "CONNECTOR_NAME",
            "compat-s3",
            "TOPICS",
            topic,
            "S3_PREFIX",
            "compat",
            "FORMAT",
            "JSONL",
            "COMPRESSION",
            "NONE",
            "ROTATE_RECORDS",
            "5"),
        WAIT);
    // Streaming changes after the snapshot: 3 snapshot reads + 1 update + 1 delete = one object of
    // 5.
    stack
        .mysql()
        .execute(
            "UPDATE compat.items SET price = 13.75 WHERE id = 1",
            "DELETE FROM compat.items WHERE id = 2");

    String key = "compat/" + topic + "/partition=0/" + topic + "+0+" + "0".repeat(20) + ".jsonl";
    List<JsonNode> rows = new ArrayList<>();
    for (String line : S3Objects.await(stack, "compat/", key, WAIT).split("\n")) {
      rows.add(JSON.readTree(line));
    }
    assertThat(rows)
        .extracting(r -> r.get("__op").asText())
        .containsExactly("r", "r", "r", "u", "d");
    Map<Long, JsonNode> last = new TreeMap<>();
    rows.forEach(r -> last.put(r.get("id").asLong(), r));
    assertThat(last.get(1L).get("price").asText()).isEqualTo("13.75");
    assertThat(last.get(2L).get("__deleted").asBoolean()).isTrue();
    assertThat(last.get(3L).get("name").asText()).isEqualTo("cleat");
    assertThat(rows).allSatisfy(r -> assertThat(r.get("__position").asText()).isNotEmpty());
  }

  private static String get(String url) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    return response.body();
  }
}
