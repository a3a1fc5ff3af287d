package io.tidemark.connect.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.configs.ConnectorConfig;
import io.tidemark.connect.s3.format.ParquetFiles;
import io.tidemark.connect.s3.store.ObjectStore;
import io.tidemark.connect.s3.store.S3ObjectStore;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.component.S3Server;
import io.tidemark.stack.junit.LocalStackExtension;
import io.tidemark.stack.kit.FaultyProxy;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 sink on the real local stack: Kafka, a Connect worker loading the built plugin archive,
 * S3Proxy. Connectors are deployed from the shipped example config (src/main/etc), with the S3
 * secret coming through the worker's FileConfigProvider. Assertions are on the bytes that landed.
 */
@ExtendWith(LocalStackExtension.class)
class S3SinkIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(150);

  @Test
  void jsonLinesLandExactlyOnceAcrossAWorkerCrashAndPublishCommitEvents(LocalStack stack)
      throws Exception {
    String topic = "s3it.orders";
    String events = "s3it.commits";
    createTopics(stack, Map.of(topic, 2, events, 1));
    produceSchemaless(stack, topic, 0, 0, 10);
    produceSchemaless(stack, topic, 1, 0, 5);

    ConnectorConfig deployed =
        stack.deploy(
            template(),
            Map.of(
                "CONNECTOR_NAME",
                "s3it-jsonl",
                "TOPICS",
                topic,
                "S3_PREFIX",
                "it-jsonl",
                "FORMAT",
                "JSONL",
                "COMPRESSION",
                "NONE",
                "ROTATE_RECORDS",
                "5",
                "VALUE_SCHEMAS_ENABLE",
                "false",
                "COMMIT_EVENTS_TOPIC",
                events),
            Duration.ofSeconds(90));

    String p0 = "it-jsonl/" + topic + "/partition=0/" + topic + "+0+";
    String p1 = "it-jsonl/" + topic + "/partition=1/" + topic + "+1+";
    awaitKeys(
        stack,
        "it-jsonl/",
        keys ->
            keys.containsAll(
                List.of(p0 + pad(0) + ".jsonl", p0 + pad(5) + ".jsonl", p1 + pad(0) + ".jsonl")));
    assertThat(read(stack, p1 + pad(0) + ".jsonl"))
        .isEqualTo(
            "{\"id\":0,\"note\":\"row 0 \\\"q\\\" é\"}\n{\"id\":1,\"note\":\"row 1 \\\"q\\\" é\"}\n"
                + "{\"id\":2,\"note\":\"row 2 \\\"q\\\" é\"}\n{\"id\":3,\"note\":\"row 3 \\\"q\\\" é\"}\n"
                + "{\"id\":4,\"note\":\"row 4 \\\"q\\\" é\"}\n");

    // Mid-stream crash: 10..14 land, 15..16 sit in an open file when the worker is SIGKILLed.
    produceSchemaless(stack, topic, 0, 10, 17);
    awaitKeys(stack, "it-jsonl/", keys -> keys.contains(p0 + pad(10) + ".jsonl"));
    stack.connect().kill();
    produceSchemaless(stack, topic, 0, 17, 20);
    stack.connect().restart();
    stack.connect().rest().awaitRunning(deployed.name(), 1, Duration.ofSeconds(90));
    awaitKeys(stack, "it-jsonl/", keys -> keys.contains(p0 + pad(15) + ".jsonl"));

    // Every record of partition 0 in exactly one object, none missing.
    Map<Long, Integer> seen = new TreeMap<>();
    List<String> dataKeys = keys(stack, "it-jsonl/" + topic + "/");
    for (String key : dataKeys) {
      for (String line : read(stack, key).split("\n")) {
        if (key.startsWith(p0)) {
          seen.merge(JSON.readTree(line).get("id").asLong(), 1, Integer::sum);
        }
      }
    }
    assertThat(seen.keySet()).containsExactlyElementsOf(range(0, 20));
    assertThat(seen.values()).containsOnly(1);
    assertThat(dataKeys)
        .containsExactlyInAnyOrder(
            p0 + pad(0) + ".jsonl",
            p0 + pad(5) + ".jsonl",
            p0 + pad(10) + ".jsonl",
            p0 + pad(15) + ".jsonl",
            p1 + pad(0) + ".jsonl");

    // A commit event for every object (repeats allowed), with what landed.
    List<JsonNode> commits = readEvents(stack, events, dataKeys);
    JsonNode first =
        commits.stream()
            .filter(e -> e.get("key").asText().equals(p0 + pad(5) + ".jsonl"))
            .findFirst()
            .orElseThrow();
    assertThat(first.get("bucket").asText()).isEqualTo(S3Server.BUCKET);
    assertThat(first.get("topic").asText()).isEqualTo(topic);
    assertThat(first.get("partition").asInt()).isZero();
    assertThat(first.get("startOffset").asLong()).isEqualTo(5);
    assertThat(first.get("endOffset").asLong()).isEqualTo(9);
    assertThat(first.get("recordCount").asLong()).isEqualTo(5);
    assertThat(first.get("bytes").asLong())
        .isEqualTo(read(stack, p0 + pad(5) + ".jsonl").getBytes(StandardCharsets.UTF_8).length);
    assertThat(first.get("partitionValues").get("partition").asText()).isEqualTo("0");
    assertThat(first.get("schemaFingerprint").asText()).hasSize(16);

    // The secret only ever travels as a config provider reference.
    assertThat(deployed.config().get("s3.secret.access.key")).startsWith("${file:");
    assertThat(stack.connect().rest().status(deployed.name()).toString())
        .doesNotContain(stack.s3().secretKey());
    stack.connect().rest().delete(deployed.name());
  }

  @Test
  void parquetKeepsLogicalTypesUnderFieldPartitions(LocalStack stack) throws Exception {
    String topic = "s3it.payments";
    createTopics(stack, Map.of(topic, 1));
    LocalDate day = LocalDate.of(2026, 11, 21);
    long created = 1_763_710_200_123L;
    try (KafkaProducer<String, String> producer = producer(stack)) {
      String[] countries = {"FR", "DE", "FR", "FR"};
      for (int i = 0; i < countries.length; i++) {
        producer.send(
            new ProducerRecord<>(
                topic, 0, "k" + i, payment(i, countries[i], 1025 + i, created + i, day)));
      }
    }
    ConnectorConfig deployed =
        stack.deploy(
            template(),
            Map.of(
                "CONNECTOR_NAME",
                "s3it-parquet",
                "TOPICS",
                topic,
                "S3_PREFIX",
                "it-parquet",
                "PARTITIONER",
                "FIELD",
                "PARTITION_FIELDS",
                "country",
                "ROTATE_RECORDS",
                "3",
                "ROTATE_SCHEDULE_MS",
                "3000"),
            Duration.ofSeconds(90));

    String fr = "it-parquet/" + topic + "/country=FR/" + topic + "+0+" + pad(0) + ".parquet";
    String de = "it-parquet/" + topic + "/country=DE/" + topic + "+0+" + pad(1) + ".parquet";
    awaitKeys(stack, "it-parquet/", keys -> keys.containsAll(List.of(fr, de)));

    ParquetFiles.Contents contents = ParquetFiles.read(bytes(stack, fr));
    MessageType schema = contents.schema();
    assertThat(schema.getType("amount").getLogicalTypeAnnotation())
        .isEqualTo(LogicalTypeAnnotation.decimalType(2, 10));
    assertThat(schema.getType("amount").asPrimitiveType().getPrimitiveTypeName())
        .isEqualTo(PrimitiveTypeName.INT64);
    assertThat(schema.getType("created").getLogicalTypeAnnotation())
        .isEqualTo(
            LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS));
    assertThat(schema.getType("day").getLogicalTypeAnnotation())
        .isEqualTo(LogicalTypeAnnotation.dateType());
    assertThat(contents.rows()).hasSize(3);
    Group g = contents.rows().get(1);
    assertThat(g.getLong("id", 0)).isEqualTo(2);
    assertThat(g.getString("country", 0)).isEqualTo("FR");
    assertThat(g.getLong("amount", 0)).isEqualTo(1027);
    assertThat(g.getLong("created", 0)).isEqualTo(created + 2);
    assertThat(g.getInteger("day", 0)).isEqualTo((int) day.toEpochDay());
    assertThat(contents.footer().getFileMetaData().getKeyValueMetaData())
        .containsKey("tidemark.schema.fingerprint");
    assertThat(ParquetFiles.read(bytes(stack, de)).rows())
        .singleElement()
        .satisfies(row -> assertThat(row.getLong("id", 0)).isEqualTo(1));
    // The marker records both objects and the offset every record below which is durable.
    JsonNode marker =
        JSON.readTree(
            bytes(stack, "it-parquet/_tidemark/markers/s3it-parquet/" + topic + "/0.json"));
    assertThat(marker.get("committedOffset").asLong()).isEqualTo(4);

    // Connector restart (delete, more records, deploy again): it resumes from the marker.
    stack.connect().rest().delete(deployed.name());
    try (KafkaProducer<String, String> producer = producer(stack)) {
      String[] countries = {"FR", "DE", "DE"};
      for (int i = 0; i < countries.length; i++) {
        producer.send(
            new ProducerRecord<>(
                topic,
                0,
                "k" + (4 + i),
                payment(4 + i, countries[i], 1029 + i, created + 4 + i, day)));
      }
    }
    stack.deploy(
        template(),
        Map.of(
            "CONNECTOR_NAME",
            "s3it-parquet",
            "TOPICS",
            topic,
            "S3_PREFIX",
            "it-parquet",
            "PARTITIONER",
            "FIELD",
            "PARTITION_FIELDS",
            "country",
            "ROTATE_RECORDS",
            "3",
            "ROTATE_SCHEDULE_MS",
            "3000"),
        Duration.ofSeconds(90));
    String fr4 = "it-parquet/" + topic + "/country=FR/" + topic + "+0+" + pad(4) + ".parquet";
    String de5 = "it-parquet/" + topic + "/country=DE/" + topic + "+0+" + pad(5) + ".parquet";
    awaitKeys(stack, "it-parquet/" + topic, keys -> keys.containsAll(List.of(fr4, de5)));
    List<Long> ids = new ArrayList<>();
    for (String key : keys(stack, "it-parquet/" + topic + "/")) {
      for (Group row : ParquetFiles.read(bytes(stack, key)).rows()) {
        ids.add(row.getLong("id", 0));
      }
    }
    assertThat(ids).containsExactlyInAnyOrderElementsOf(range(0, 7));
    stack.connect().rest().delete(deployed.name());
  }

  @Test
  void validateReportsCrossFieldErrorsOnTheirKeys(LocalStack stack) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("connector.class", S3SinkConnector.class.getName());
    config.put("name", "s3it-invalid");
    config.put("topics", "t");
    config.put("s3.bucket.name", S3Server.BUCKET);
    config.put("s3.credentials.provider", "STATIC");
    config.put("format.type", "CSV");
    config.put("format.compression", "SNAPPY");
    JsonNode result = stack.connect().rest().validate(S3SinkConnector.class.getName(), config);
    Map<String, String> errors = new TreeMap<>();
    for (JsonNode c : result.get("configs")) {
      JsonNode errs = c.get("value").get("errors");
      if (errs.size() > 0) {
        errors.put(c.get("value").get("name").asText(), errs.get(0).asText());
      }
    }
    assertThat(errors)
        .containsOnlyKeys("s3.access.key.id", "s3.secret.access.key", "format.compression");
    assertThat(errors.get("format.compression")).contains("CSV does not support SNAPPY");
  }

  @Test
  void anS3OutageRewindsAndTheDataStillLandsExactlyOnce(LocalStack stack) throws Exception {
    String topic = "s3it.flaky";
    createTopics(stack, Map.of(topic, 1));
    try (FaultyProxy proxy = new FaultyProxy(stack.s3().port())) {
      produceSchemaless(stack, topic, 0, 0, 10);
      ConnectorConfig deployed =
          stack.deploy(
              template()
                  .with(
                      Map.of(
                          "retry.max.attempts",
                          "2",
                          "retry.backoff.initial.ms",
                          "50",
                          "retry.backoff.max.ms",
                          "100")),
              Map.of(
                  "CONNECTOR_NAME",
                  "s3it-flaky",
                  "TOPICS",
                  topic,
                  "S3_PREFIX",
                  "it-flaky",
                  "FORMAT",
                  "JSONL",
                  "COMPRESSION",
                  "NONE",
                  "ROTATE_RECORDS",
                  "5",
                  "VALUE_SCHEMAS_ENABLE",
                  "false",
                  "S3_ENDPOINT",
                  proxy.endpoint()),
              Duration.ofSeconds(90));
      String p0 = "it-flaky/" + topic + "/partition=0/" + topic + "+0+";
      awaitKeys(stack, "it-flaky/", keys -> keys.contains(p0 + pad(5) + ".jsonl"));

      proxy.down();
      produceSchemaless(stack, topic, 0, 10, 25);
      long until = System.nanoTime() + Duration.ofSeconds(8).toNanos();
      while (System.nanoTime() < until && proxy.refused() < 10) {
        Thread.sleep(200);
      }
      assertThat(proxy.refused()).as("the task kept trying while S3 was unreachable").isPositive();
      assertThat(keys(stack, "it-flaky/" + topic)).hasSize(2);
      proxy.up();

      awaitKeys(stack, "it-flaky/", keys -> keys.contains(p0 + pad(20) + ".jsonl"));
      Map<Long, Integer> seen = new TreeMap<>();
      for (String key : keys(stack, "it-flaky/" + topic + "/")) {
        for (String line : read(stack, key).split("\n")) {
          seen.merge(JSON.readTree(line).get("id").asLong(), 1, Integer::sum);
        }
      }
      assertThat(seen.keySet()).containsExactlyElementsOf(range(0, 25));
      assertThat(seen.values()).containsOnly(1);
      JsonNode status = stack.connect().rest().status(deployed.name());
      assertThat(status.get("tasks").get(0).get("state").asText()).isEqualTo("RUNNING");
      stack.connect().rest().delete(deployed.name());
    }
  }

  @Test
  void badRecordsGoToTheDeadLetterQueueWhenTolerated(LocalStack stack) throws Exception {
    String topic = "s3it.customers";
    String dlq = "s3it.customers.dlq";
    createTopics(stack, Map.of(topic, 1));
    try (KafkaProducer<String, String> producer = producer(stack)) {
      producer.send(new ProducerRecord<>(topic, 0, "a", "{\"id\":0,\"country\":\"FR\"}"));
      producer.send(
          new ProducerRecord<>(topic, 0, "b", "{\"id\":1,\"country\":{\"nested\":true}}"));
      producer.send(new ProducerRecord<>(topic, 0, "c", "{\"id\":2,\"country\":\"FR\"}")).get();
    }
    ConnectorConfig deployed =
        stack.deploy(
            template()
                .with(
                    Map.of(
                        "errors.deadletterqueue.topic.name", dlq,
                        "errors.deadletterqueue.topic.replication.factor", "1",
                        "errors.deadletterqueue.context.headers.enable", "true")),
            Map.of(
                "CONNECTOR_NAME",
                "s3it-dlq",
                "TOPICS",
                topic,
                "S3_PREFIX",
                "it-dlq",
                "FORMAT",
                "JSONL",
                "COMPRESSION",
                "GZIP",
                "PARTITIONER",
                "FIELD",
                "PARTITION_FIELDS",
                "country",
                "ROTATE_RECORDS",
                "2",
                "VALUE_SCHEMAS_ENABLE",
                "false",
                "ERRORS_TOLERANCE",
                "all"),
            Duration.ofSeconds(90));

    String fr = "it-dlq/" + topic + "/country=FR/" + topic + "+0+" + pad(0) + ".jsonl.gz";
    awaitKeys(stack, "it-dlq/" + topic, keys -> keys.contains(fr));
    try (var in =
        new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes(stack, fr)))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("{\"country\":\"FR\",\"id\":0}\n{\"country\":\"FR\",\"id\":2}\n");
    }
    List<ConsumerRecord<String, String>> dead = readTopic(stack, dlq, 1);
    assertThat(dead)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.key()).isEqualTo("b");
              assertThat(
                      new String(
                          r.headers().lastHeader("__connect.errors.offset").value(),
                          StandardCharsets.UTF_8))
                  .isEqualTo("1");
            });
    stack.connect().rest().delete(deployed.name());
  }

  /**
   * The bad-input cases a real worker can carry to the S3 sink (BadInput, the README table):
   * records the JsonConverter rejects and records the sink cannot write go to the DLQ with their
   * reasons, the good ones land, and without tolerance the task fails naming where and the field.
   */
  @Test
  void badInputGoesToTheDeadLetterQueueWithItsReasonAndTheRestLands(LocalStack stack)
      throws Exception {
    String topic = "s3it.bad";
    String none = "s3it.bad.none";
    String dlq = "s3it.bad.dlq";
    createTopics(stack, Map.of(none, 1));
    try (Admin admin = stack.kafka().admin()) { // room for a 10 MB record
      admin
          .createTopics(
              List.of(
                  new NewTopic(topic, 1, (short) 1)
                      .configs(Map.of("max.message.bytes", "12582912"))))
          .all()
          .get();
    }
    String huge = "0123456789".repeat(1024 * 1024);
    String notUtf8 = row(1, "X", "1.00");
    byte[] notUtf8Bytes = notUtf8.getBytes(StandardCharsets.UTF_8);
    notUtf8Bytes[notUtf8.indexOf("\"X\"") + 1] = (byte) 0xC3; // a lead byte followed by a quote
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                "12582912"),
            new StringSerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      List<byte[]> values =
          List.of(
              utf8(row(0, "ok", "1.50")),
              notUtf8Bytes, // 1: converter rejects
              utf8(
                  row(2, "ok", "1.00")
                      .replace(
                          "\"id\":2", "\"id\":null")), // 2: required field null: converter rejects
              utf8(row(3, "lone \\ud800 surrogate", "1.00")), // 3: bad record, field 'name'
              utf8(row(4, "nul \\u0000 kept", "1.00")), // 4: lands
              utf8(row(5, "ok", "123456.00")), // 5: more digits than DECIMAL(5,2): bad record
              utf8(row(6, huge, "2.00")), // 6: a 10 MB value lands
              utf8(row(7, "ok", "3.00")));
      for (int i = 0; i < values.size(); i++) {
        producer.send(new ProducerRecord<>(topic, 0, "k" + i, values.get(i)));
      }
      producer.send(new ProducerRecord<>(none, 0, "a", utf8(row(0, "ok", "1.00"))));
      producer.send(new ProducerRecord<>(none, 0, "b", utf8(row(1, "lone \\udc00", "1.00")))).get();
    }
    ConnectorConfig deployed =
        stack.deploy(
            template()
                .with(
                    Map.of(
                        "errors.deadletterqueue.topic.name", dlq,
                        "errors.deadletterqueue.topic.replication.factor", "1",
                        "errors.deadletterqueue.context.headers.enable", "true")),
            Map.of(
                "CONNECTOR_NAME",
                "s3it-bad",
                "TOPICS",
                topic,
                "S3_PREFIX",
                "it-bad",
                "FORMAT",
                "JSONL",
                "COMPRESSION",
                "NONE",
                "ROTATE_RECORDS",
                "4",
                "ERRORS_TOLERANCE",
                "all"),
            Duration.ofSeconds(90));

    String landed = "it-bad/" + topic + "/partition=0/" + topic + "+0+" + pad(0) + ".jsonl";
    awaitKeys(stack, "it-bad/" + topic, keys -> keys.contains(landed));
    assertThat(keys(stack, "it-bad/" + topic)).containsExactly(landed);
    assertThat(read(stack, landed).split("\n"))
        .extracting(line -> parse(line).get("id").asLong())
        .containsExactly(0L, 4L, 6L, 7L);
    assertThat(read(stack, landed)).contains("\"nul \\u0000 kept\"");
    assertThat(parse(read(stack, landed).split("\n")[2]).get("name").asText()).isEqualTo(huge);
    Map<String, Map<String, String>> dead = new TreeMap<>();
    for (ConsumerRecord<String, String> r : readTopic(stack, dlq, 4)) {
      Map<String, String> headers = new TreeMap<>();
      r.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
      dead.put(headers.get("__connect.errors.offset"), headers);
    }
    assertThat(dead).containsOnlyKeys("1", "2", "3", "5");
    assertThat(dead.get("1")).containsEntry("__connect.errors.stage", "VALUE_CONVERTER");
    assertThat(dead.get("2")).containsEntry("__connect.errors.stage", "VALUE_CONVERTER");
    assertThat(dead.get("3"))
        .containsEntry("__connect.errors.stage", "TASK_PUT")
        .containsEntry("__connect.errors.topic", topic)
        .containsEntry("__connect.errors.partition", "0");
    assertThat(dead.get("3").get("__connect.errors.exception.message"))
        .contains("topic " + topic + ", partition 0, offset 3")
        .contains("Field 'name'")
        .contains("lone UTF-16 surrogate");
    assertThat(dead.get("5").get("__connect.errors.exception.message"))
        .contains("offset 5")
        .contains("Field 'amount'")
        .contains("digits");
    stack.connect().rest().delete(deployed.name());

    // Without tolerance the first bad record fails the task, saying where and which field.
    String trace =
        stack.deployAndAwaitTaskFailure(
            template(),
            Map.of(
                "CONNECTOR_NAME",
                "s3it-bad-none",
                "TOPICS",
                none,
                "S3_PREFIX",
                "it-bad-none",
                "FORMAT",
                "JSONL",
                "COMPRESSION",
                "NONE",
                "ROTATE_RECORDS",
                "1"),
            WAIT);
    assertThat(trace)
        .contains("Bad record at topic " + none + ", partition 0, offset 1")
        .contains("Field 'name'");
    stack.connect().rest().delete("s3it-bad-none");
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A JSON-with-schema row {id, name, amount DECIMAL(5,2) as a plain number}; {@code name} is JSON
   * string content.
   */
  private static String row(int id, String name, String amount) {
    String schema =
        "{\"type\":\"struct\",\"name\":\"bad\",\"optional\":false,\"fields\":["
            + "{\"field\":\"id\",\"type\":\"int64\",\"optional\":false},"
            + "{\"field\":\"name\",\"type\":\"string\",\"optional\":true},"
            + "{\"field\":\"amount\",\"type\":\"bytes\",\"optional\":true,\"name\":\"org.apache.kafka.connect.data.Decimal\","
            + "\"version\":1,\"parameters\":{\"scale\":\"2\",\"connect.decimal.precision\":\"5\"}}]}";
    String unscaled =
        Base64.getEncoder()
            .encodeToString(new java.math.BigDecimal(amount).unscaledValue().toByteArray());
    return "{\"schema\":"
        + schema
        + ",\"payload\":{\"id\":"
        + id
        + ",\"name\":\""
        + name
        + "\",\"amount\":\""
        + unscaled
        + "\"}}";
  }

  @Test
  void theS3AdapterSpeaksS3IncludingMultipartAndMapsErrors(LocalStack stack) throws Exception {
    Map<String, String> props = new LinkedHashMap<>();
    props.put(S3SinkConfig.S3_BUCKET_NAME, S3Server.BUCKET);
    props.put(S3SinkConfig.S3_ENDPOINT_URL, stack.s3().endpoint());
    props.put(S3SinkConfig.S3_PATH_STYLE_ACCESS_ENABLED, "true");
    props.put(S3SinkConfig.S3_CREDENTIALS_PROVIDER, "STATIC");
    props.put(S3SinkConfig.S3_ACCESS_KEY_ID, S3Server.ACCESS_KEY);
    props.put(S3SinkConfig.S3_SECRET_ACCESS_KEY, stack.s3().secretKey());
    props.put(S3SinkConfig.RETRY_MAX_ATTEMPTS, "2");
    props.put(S3SinkConfig.RETRY_BACKOFF_INITIAL_MS, "10");
    props.put(S3SinkConfig.RETRY_BACKOFF_MAX_MS, "20");
    byte[] part1 = new byte[5 * 1024 * 1024];
    new java.util.Random(7).nextBytes(part1);
    byte[] part2 = "the last part".getBytes(StandardCharsets.UTF_8);
    try (S3ObjectStore store = S3ObjectStore.fromConfig(new S3SinkConfig(props))) {
      store.put("it-store/a.txt", "hello".getBytes(StandardCharsets.UTF_8));
      assertThat(store.get("it-store/a.txt"))
          .hasValueSatisfying(
              b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("hello"));
      assertThat(store.size("it-store/a.txt")).contains(5L);
      assertThat(store.size("it-store/missing")).isEmpty();
      assertThat(store.get("it-store/missing")).isEmpty();

      ObjectStore.MultipartUpload upload = store.startMultipart("it-store/big.bin");
      upload.uploadPart(new java.io.ByteArrayInputStream(part1), part1.length);
      upload.uploadPart(new java.io.ByteArrayInputStream(part2), part2.length);
      assertThat(store.size("it-store/big.bin")).as("parts are invisible").isEmpty();
      upload.complete();
      byte[] whole = store.get("it-store/big.bin").orElseThrow();
      assertThat(whole).hasSize(part1.length + part2.length);
      assertThat(java.util.Arrays.copyOfRange(whole, part1.length, whole.length)).isEqualTo(part2);
      assertThat(java.util.Arrays.copyOfRange(whole, 0, 64))
          .isEqualTo(java.util.Arrays.copyOfRange(part1, 0, 64));

      ObjectStore.MultipartUpload dropped = store.startMultipart("it-store/dropped.bin");
      dropped.uploadPart(new java.io.ByteArrayInputStream(part1), part1.length);
      dropped.abort();
      store.delete("it-store/dropped.bin");
      assertThat(store.list("it-store/")).containsExactly("it-store/a.txt", "it-store/big.bin");
      store.delete("it-store/a.txt");
      store.delete("it-store/a.txt");
      assertThat(store.list("it-store/")).containsExactly("it-store/big.bin");
    }

    String wrongSecret = "wrong-secret-" + System.nanoTime();
    props.put(S3SinkConfig.S3_SECRET_ACCESS_KEY, wrongSecret);
    try (S3ObjectStore store = S3ObjectStore.fromConfig(new S3SinkConfig(props))) {
      assertThatThrownBy(() -> store.put("it-store/x", new byte[1]))
          .isInstanceOf(ConnectException.class)
          .isNotInstanceOf(RetriableException.class)
          .hasMessageContaining("HTTP 403")
          .hasMessageContaining("s3.credentials.provider")
          .satisfies(
              e ->
                  assertThat(e.getMessage())
                      .doesNotContain(wrongSecret)
                      .doesNotContain(stack.s3().secretKey()));
    }
    props.put(S3SinkConfig.S3_SECRET_ACCESS_KEY, stack.s3().secretKey());
    props.put(S3SinkConfig.S3_BUCKET_NAME, "no-such-bucket");
    try (S3ObjectStore store = S3ObjectStore.fromConfig(new S3SinkConfig(props))) {
      assertThatThrownBy(() -> store.put("x", new byte[1]))
          .isInstanceOf(ConnectException.class)
          .hasMessageContaining("NoSuchBucket")
          .hasMessageContaining("s3.bucket.name");
    }
    props.put(S3SinkConfig.S3_BUCKET_NAME, S3Server.BUCKET);
    props.put(S3SinkConfig.S3_ENDPOINT_URL, "http://127.0.0.1:" + closedPort());
    try (S3ObjectStore store = S3ObjectStore.fromConfig(new S3SinkConfig(props))) {
      assertThatThrownBy(() -> store.put("x", new byte[1]))
          .isInstanceOf(RetriableException.class)
          .hasMessageContaining("failed 2 times");
    }
  }

  private static int closedPort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static List<ConsumerRecord<String, String>> readTopic(
      LocalStack stack, String topic, int atLeast) {
    List<ConsumerRecord<String, String>> out = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()),
            new StringDeserializer(),
            new StringDeserializer())) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (out.size() < atLeast && System.nanoTime() < deadline) {
        if (consumer.assignment().isEmpty()) {
          List<TopicPartition> tps = new ArrayList<>();
          consumer
              .partitionsFor(topic)
              .forEach(p -> tps.add(new TopicPartition(topic, p.partition())));
          if (tps.isEmpty()) {
            continue;
          }
          consumer.assign(tps);
          consumer.seekToBeginning(tps);
        }
        consumer.poll(Duration.ofMillis(500)).forEach(out::add);
      }
    }
    return out;
  }

  private static ConnectorConfig template() throws IOException {
    // Failsafe runs in the module directory: this is the file the plugin archive ships in etc/.
    Path file = Path.of("src/main/etc/s3-sink-local.json");
    JsonNode doc = JSON.readTree(file.toFile());
    Map<String, String> values = new LinkedHashMap<>();
    doc.get("config").fields().forEachRemaining(f -> values.put(f.getKey(), f.getValue().asText()));
    return new ConnectorConfig(file.toString(), doc.get("name").asText(), values);
  }

  private static void createTopics(LocalStack stack, Map<String, Integer> topics) throws Exception {
    try (Admin admin = stack.kafka().admin()) {
      List<NewTopic> list = new ArrayList<>();
      topics.forEach((name, partitions) -> list.add(new NewTopic(name, partitions, (short) 1)));
      admin.createTopics(list).all().get();
    }
  }

  private static KafkaProducer<String, String> producer(LocalStack stack) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            stack.kafka().bootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all"),
        new StringSerializer(),
        new StringSerializer());
  }

  /**
   * Records {"id": n, "note": ...} with ids from..to-1 at offsets from..to-1 of a fresh partition.
   */
  private static void produceSchemaless(
      LocalStack stack, String topic, int partition, int from, int to) throws Exception {
    try (KafkaProducer<String, String> producer = producer(stack)) {
      for (int i = from; i < to; i++) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("note", "row " + i + " \"q\" é");
        value.put("id", i);
        producer
            .send(new ProducerRecord<>(topic, partition, "k" + i, JSON.writeValueAsString(value)))
            .get();
      }
    }
  }

  private static String payment(int id, String country, long cents, long createdMs, LocalDate day) {
    String schema =
        "{\"type\":\"struct\",\"name\":\"payment\",\"optional\":false,\"fields\":["
            + "{\"field\":\"id\",\"type\":\"int64\",\"optional\":false},"
            + "{\"field\":\"country\",\"type\":\"string\",\"optional\":true},"
            + "{\"field\":\"amount\",\"type\":\"bytes\",\"optional\":false,\"name\":\"org.apache.kafka.connect.data.Decimal\","
            + "\"version\":1,\"parameters\":{\"scale\":\"2\",\"connect.decimal.precision\":\"10\"}},"
            + "{\"field\":\"created\",\"type\":\"int64\",\"optional\":false,\"name\":\"org.apache.kafka.connect.data.Timestamp\",\"version\":1},"
            + "{\"field\":\"day\",\"type\":\"int32\",\"optional\":false,\"name\":\"org.apache.kafka.connect.data.Date\",\"version\":1}]}";
    String amount = Base64.getEncoder().encodeToString(BigInteger.valueOf(cents).toByteArray());
    String payload =
        "{\"id\":"
            + id
            + ",\"country\":\""
            + country
            + "\",\"amount\":\""
            + amount
            + "\",\"created\":"
            + createdMs
            + ",\"day\":"
            + day.toEpochDay()
            + "}";
    return "{\"schema\":" + schema + ",\"payload\":" + payload + "}";
  }

  private static void awaitKeys(LocalStack stack, String prefix, Predicate<Set<String>> done)
      throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    Set<String> keys = Set.of();
    while (System.nanoTime() < deadline) {
      keys = new TreeSet<>(keys(stack, prefix));
      if (done.test(keys)) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "objects under "
            + prefix
            + " never matched; last: "
            + keys
            + "\nworker log: "
            + tail(stack));
  }

  private static String tail(LocalStack stack) {
    try {
      Path log = stack.workDir().resolve("logs/connect.log");
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException | RuntimeException e) {
      return "(no log: " + e + ")";
    }
  }

  private static List<String> keys(LocalStack stack, String prefix) {
    try (S3Client s3 = stack.s3().client()) {
      List<String> keys = new ArrayList<>();
      for (S3Object o :
          s3.listObjectsV2Paginator(r -> r.bucket(S3Server.BUCKET).prefix(prefix)).contents()) {
        keys.add(o.key());
      }
      return keys;
    }
  }

  private static byte[] bytes(LocalStack stack, String key) {
    try (S3Client s3 = stack.s3().client()) {
      return s3.getObjectAsBytes(r -> r.bucket(S3Server.BUCKET).key(key)).asByteArray();
    }
  }

  private static String read(LocalStack stack, String key) {
    return new String(bytes(stack, key), StandardCharsets.UTF_8);
  }

  private static String pad(long offset) {
    return String.format("%020d", offset);
  }

  private static List<Long> range(long from, long to) {
    List<Long> out = new ArrayList<>();
    for (long i = from; i < to; i++) {
      out.add(i);
    }
    return out;
  }

  /** Reads the events topic from the start until every key in {@code objectKeys} has an event. */
  private static List<JsonNode> readEvents(
      LocalStack stack, String topic, List<String> objectKeys) {
    List<JsonNode> out = new ArrayList<>();
    Set<String> keys = new TreeSet<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()),
            new StringDeserializer(),
            new StringDeserializer())) {
      List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!keys.containsAll(objectKeys) && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          keys.add(r.key());
          out.add(parse(r.value()));
        }
      }
    }
    assertThat(keys).containsAll(objectKeys);
    return out;
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
