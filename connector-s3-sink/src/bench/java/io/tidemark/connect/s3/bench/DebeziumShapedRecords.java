package io.tidemark.connect.s3.bench;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Schemaless Debezium MySQL change events (~300 bytes each): an insert/update envelope of a
 * transactions row with its binlog source block. {@code bucket} spreads rows over a chosen number
 * of field partitions.
 */
final class DebeziumShapedRecords {
  private static final String[] STATUS = {"paid", "pending", "refunded"};
  private static final String[] CURRENCY = {"USD", "EUR", "INR"};

  private DebeziumShapedRecords() {}

  static byte[] value(long id, int buckets) {
    long tsMs = 1_763_700_000_000L + id * 7;
    String after =
        "{\"id\":"
            + id
            + ",\"user_id\":"
            + (id % 5000)
            + ",\"bucket\":"
            + (id % buckets)
            + ",\"amount\":\""
            + (id % 100_000) / 100
            + "."
            + String.format("%02d", id % 100)
            + "\",\"currency\":\""
            + CURRENCY[(int) (id % 3)]
            + "\",\"status\":\""
            + STATUS[(int) (id % 3)]
            + "\",\"created_at\":"
            + tsMs * 1000
            + "}";
    String json =
        "{\"before\":null,\"after\":"
            + after
            + ",\"source\":{\"version\":\"3.5.0.Final\",\"connector\":\"mysql\",\"name\":\"tidemark\",\"ts_ms\":"
            + tsMs
            + ",\"db\":\"myschema\",\"table\":\"transactions\",\"server_id\":1,\"file\":\"mysql-bin.000003\",\"pos\":"
            + (4 + id * 311)
            + ",\"row\":0},\"op\":\""
            + (id % 4 == 3 ? "u" : "c")
            + "\",\"ts_ms\":"
            + (tsMs + 3)
            + "}";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Produces {@code count} records to partition 0 of {@code topic}; returns the bytes of the
   * values.
   */
  static long produce(String bootstrap, String topic, long count, int buckets) throws Exception {
    long bytes = 0;
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "1",
            ProducerConfig.LINGER_MS_CONFIG,
            20,
            ProducerConfig.BATCH_SIZE_CONFIG,
            262_144,
            ProducerConfig.COMPRESSION_TYPE_CONFIG,
            "lz4");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      Future<RecordMetadata> last = null;
      for (long id = 0; id < count; id++) {
        byte[] value = value(id, buckets);
        bytes += value.length;
        last =
            producer.send(
                new ProducerRecord<>(
                    topic, 0, Long.toString(id).getBytes(StandardCharsets.UTF_8), value));
      }
      producer.flush();
      if (last != null) {
        last.get();
      }
    }
    return bytes;
  }
}
