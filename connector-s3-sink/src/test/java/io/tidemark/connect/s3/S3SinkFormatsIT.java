package io.tidemark.connect.s3;

import static io.tidemark.connect.s3.LandedObjects.bytes;
import static io.tidemark.connect.s3.LandedObjects.gunzip;
import static io.tidemark.connect.s3.LandedObjects.keys;
import static io.tidemark.connect.s3.LandedObjects.template;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.connect.s3.format.ParquetFiles;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.junit.LocalStackExtension;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.SeekableByteArrayInput;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Formats and partitioners the main IT does not cover, on the real stack, checked on the bytes that
 * landed: Avro with Connect schemas (logical types read back with Avro's own reader), CSV with a
 * header under gzip, time folders from a record field in a non-UTC zone (a late record goes to the
 * folder of its own time), and wall-clock folders.
 */
@ExtendWith(LocalStackExtension.class)
class S3SinkFormatsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(150);

  @Test
  void avroKeepsConnectLogicalTypesAndUsesTheCodec(LocalStack stack) throws Exception {
    String topic = "s3fmt.payments";
    createTopic(stack, topic);
    LocalDate day = LocalDate.of(2026, 11, 21);
    long created = 1_763_710_200_123L;
    try (KafkaProducer<String, String> producer = producer(stack)) {
      for (int i = 0; i < 3; i++) {
        producer
            .send(new ProducerRecord<>(topic, 0, "k" + i, payment(i, 1025 + i, created + i, day)))
            .get();
      }
    }
    stack.deploy(
        template(),
        Map.of(
            "CONNECTOR_NAME",
            "s3fmt-avro",
            "TOPICS",
            topic,
            "S3_PREFIX",
            "fmt-avro",
            "FORMAT",
            "AVRO",
            "COMPRESSION",
            "ZSTD",
            "ROTATE_RECORDS",
            "3"),
        Duration.ofSeconds(90));
    String key = "fmt-avro/" + topic + "/partition=0/" + topic + "+0+" + pad(0) + ".avro";
    awaitKeys(stack, "fmt-avro/", keys -> keys.contains(key));

    try (DataFileReader<GenericRecord> reader =
        new DataFileReader<>(
            new SeekableByteArrayInput(bytes(stack, key)), new GenericDatumReader<>())) {
      assertThat(reader.getMetaString("avro.codec")).isEqualTo("zstandard");
      assertThat(reader.getMetaString("tidemark.schema.fingerprint")).hasSize(16);
      Schema schema = reader.getSchema();
      assertThat(nonNull(schema.getField("amount").schema()).getLogicalType())
          .isEqualTo(LogicalTypes.decimal(10, 2));
      assertThat(nonNull(schema.getField("created").schema()).getLogicalType())
          .isEqualTo(LogicalTypes.timestampMillis());
      assertThat(nonNull(schema.getField("day").schema()).getLogicalType())
          .isEqualTo(LogicalTypes.date());
      List<GenericRecord> rows = new ArrayList<>();
      reader.forEach(rows::add);
      assertThat(rows).hasSize(3);
      GenericRecord r = rows.get(2);
      assertThat(r.get("id")).isEqualTo(2L);
      assertThat(new BigDecimal(new BigInteger(bytesOf(r.get("amount"))), 2))
          .isEqualByComparingTo("10.27");
      assertThat(r.get("created")).isEqualTo(created + 2);
      assertThat(r.get("day")).isEqualTo((int) day.toEpochDay());
    }
    stack.connect().rest().delete("s3fmt-avro");
  }

  @Test
  void csvHasAHeaderAndQuotesUnderGzip(LocalStack stack) throws Exception {
    String topic = "s3fmt.notes";
    createTopic(stack, topic);
    try (KafkaProducer<String, String> producer = producer(stack)) {
      String[] notes = {"plain", "a,b \"c\"", "é\nsecond line"};
      for (int i = 0; i < notes.length; i++) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("note", notes[i]);
        value.put("id", i);
        producer
            .send(new ProducerRecord<>(topic, 0, "k" + i, JSON.writeValueAsString(value)))
            .get();
      }
    }
    stack.deploy(
        template(),
        Map.of(
            "CONNECTOR_NAME",
            "s3fmt-csv",
            "TOPICS",
            topic,
            "S3_PREFIX",
            "fmt-csv",
            "FORMAT",
            "CSV",
            "COMPRESSION",
            "GZIP",
            "ROTATE_RECORDS",
            "3",
            "VALUE_SCHEMAS_ENABLE",
            "false"),
        Duration.ofSeconds(90));
    String key = "fmt-csv/" + topic + "/partition=0/" + topic + "+0+" + pad(0) + ".csv.gz";
    awaitKeys(stack, "fmt-csv/", keys -> keys.contains(key));
    assertThat(gunzip(bytes(stack, key)))
        .isEqualTo("id,note\n0,plain\n1,\"a,b \"\"c\"\"\"\n2,\"é\nsecond line\"\n");
    stack.connect().rest().delete("s3fmt-csv");
  }

  @Test
  void timeFoldersFollowEachRecordsOwnTimeInTheConfiguredZone(LocalStack stack) throws Exception {
    String topic = "s3fmt.events";
    createTopic(stack, topic);
    // UTC 02:10, 03:05 and 02:20 are 07:40, 08:35 and 07:50 in Kolkata; the late record (UTC 20:00
    // the day
    // before) is 01:30 on the 21st there and must not land in the current hour's folder.
    long[] times = {
      at("2026-11-21T02:10:00Z"),
      at("2026-11-21T03:05:00Z"),
      at("2026-11-20T20:00:00Z"),
      at("2026-11-21T02:20:00Z")
    };
    try (KafkaProducer<String, String> producer = producer(stack)) {
      for (int i = 0; i < times.length; i++) {
        producer
            .send(
                new ProducerRecord<>(
                    topic, 0, "k" + i, "{\"id\":" + i + ",\"ts\":" + times[i] + "}"))
            .get();
      }
    }
    stack.deploy(
        template()
            .with(
                Map.of(
                    "partitioner.time.source",
                    "FIELD",
                    "partitioner.time.field",
                    "ts",
                    "partitioner.time.zone",
                    "Asia/Kolkata",
                    "partitioner.time.path.format",
                    "dt=YYYY-MM-dd/hr=HH")),
        Map.of(
            "CONNECTOR_NAME",
            "s3fmt-time",
            "TOPICS",
            topic,
            "S3_PREFIX",
            "fmt-time",
            "FORMAT",
            "PARQUET",
            "PARTITIONER",
            "TIME",
            "ROTATE_RECORDS",
            "100",
            "ROTATE_SCHEDULE_MS",
            "3000",
            "VALUE_SCHEMAS_ENABLE",
            "false"),
        Duration.ofSeconds(90));
    // The scheduled rotation may land a folder's file before the batch's later records arrive,
    // so wait for the marker to cover all four offsets, then check each folder's records.
    String marker = LandedObjects.markerKey("fmt-time", "s3fmt-time", topic, 0);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (LandedObjects.committedOffset(stack, marker) < times.length
        && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
    assertThat(LandedObjects.committedOffset(stack, marker)).isEqualTo(times.length);
    String base = "fmt-time/" + topic + "/dt=2026-11-21/";
    Map<String, List<Long>> idsByFolder = new java.util.TreeMap<>();
    for (String key : keys(stack, "fmt-time/" + topic + "/")) {
      assertThat(key).startsWith(base).endsWith(".parquet");
      String folder = key.substring(base.length(), key.lastIndexOf('/'));
      idsByFolder.computeIfAbsent(folder, f -> new ArrayList<>()).addAll(ids(stack, key));
    }
    idsByFolder.values().forEach(java.util.Collections::sort);
    assertThat(idsByFolder)
        .containsExactlyEntriesOf(
            new java.util.TreeMap<>(
                Map.of("hr=01", List.of(2L), "hr=07", List.of(0L, 3L), "hr=08", List.of(1L))));
    // The late record's object is named after its own offset, in its own folder.
    assertThat(keys(stack, base + "hr=01/"))
        .containsExactly(base + "hr=01/" + topic + "+0+" + pad(2) + ".parquet");
    stack.connect().rest().delete("s3fmt-time");
  }

  @Test
  void wallClockFoldersUseTheWorkersClock(LocalStack stack) throws Exception {
    String topic = "s3fmt.clock";
    createTopic(stack, topic);
    try (KafkaProducer<String, String> producer = producer(stack)) {
      producer.send(new ProducerRecord<>(topic, 0, "k0", "{\"id\":0,\"ts\":0}")).get();
    }
    LocalDate before = LocalDate.now(ZoneOffset.UTC);
    stack.deploy(
        template()
            .with(
                Map.of(
                    "partitioner.time.source",
                    "WALL_CLOCK",
                    "partitioner.time.path.format",
                    "'day='YYYY-MM-dd")),
        Map.of(
            "CONNECTOR_NAME",
            "s3fmt-clock",
            "TOPICS",
            topic,
            "S3_PREFIX",
            "fmt-clock",
            "FORMAT",
            "JSONL",
            "COMPRESSION",
            "NONE",
            "PARTITIONER",
            "TIME",
            "ROTATE_RECORDS",
            "1",
            "VALUE_SCHEMAS_ENABLE",
            "false"),
        Duration.ofSeconds(90));
    awaitKeys(stack, "fmt-clock/" + topic + "/", keys -> !keys.isEmpty());
    LocalDate after = LocalDate.now(ZoneOffset.UTC);
    String key = keys(stack, "fmt-clock/" + topic + "/").get(0);
    // The record says 1970; the folder says when the worker wrote it.
    assertThat(key)
        .isIn(
            "fmt-clock/" + topic + "/day=" + before + "/" + topic + "+0+" + pad(0) + ".jsonl",
            "fmt-clock/" + topic + "/day=" + after + "/" + topic + "+0+" + pad(0) + ".jsonl");
    stack.connect().rest().delete("s3fmt-clock");
  }

  private static List<Long> ids(LocalStack stack, String key) throws Exception {
    List<Long> ids = new ArrayList<>();
    for (Group row : ParquetFiles.read(bytes(stack, key)).rows()) {
      ids.add(row.getLong("id", 0));
    }
    return ids;
  }

  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  private static Schema nonNull(Schema s) {
    if (s.getType() != Schema.Type.UNION) {
      return s;
    }
    return s.getTypes().stream()
        .filter(t -> t.getType() != Schema.Type.NULL)
        .findFirst()
        .orElseThrow();
  }

  private static byte[] bytesOf(Object avroBytes) {
    ByteBuffer b = ((ByteBuffer) avroBytes).duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  private static String payment(int id, long cents, long createdMs, LocalDate day) {
    String schema =
        "{\"type\":\"struct\",\"name\":\"payment\",\"optional\":false,\"fields\":["
            + "{\"field\":\"id\",\"type\":\"int64\",\"optional\":false},"
            + "{\"field\":\"amount\",\"type\":\"bytes\",\"optional\":false,\"name\":\"org.apache.kafka.connect.data.Decimal\","
            + "\"version\":1,\"parameters\":{\"scale\":\"2\",\"connect.decimal.precision\":\"10\"}},"
            + "{\"field\":\"created\",\"type\":\"int64\",\"optional\":false,\"name\":\"org.apache.kafka.connect.data.Timestamp\",\"version\":1},"
            + "{\"field\":\"day\",\"type\":\"int32\",\"optional\":false,\"name\":\"org.apache.kafka.connect.data.Date\",\"version\":1}]}";
    String amount = Base64.getEncoder().encodeToString(BigInteger.valueOf(cents).toByteArray());
    return "{\"schema\":"
        + schema
        + ",\"payload\":{\"id\":"
        + id
        + ",\"amount\":\""
        + amount
        + "\",\"created\":"
        + createdMs
        + ",\"day\":"
        + day.toEpochDay()
        + "}}";
  }

  private static void createTopic(LocalStack stack, String topic) throws Exception {
    try (Admin admin = stack.kafka().admin()) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
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

  private static void awaitKeys(LocalStack stack, String prefix, Predicate<Set<String>> done)
      throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    Set<String> seen = Set.of();
    while (System.nanoTime() < deadline) {
      seen = new TreeSet<>(keys(stack, prefix));
      if (done.test(seen)) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("objects under " + prefix + " never matched; last: " + seen);
  }

  private static String pad(long offset) {
    return String.format("%020d", offset);
  }
}
