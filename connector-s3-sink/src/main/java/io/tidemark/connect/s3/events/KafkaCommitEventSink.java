package io.tidemark.connect.s3.events;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;

/**
 * Commit events on a Kafka topic, keyed by object key, sent synchronously with an idempotent
 * producer (acks=all). Events of one Kafka topic partition are published in the order its objects
 * land, but they are spread over the event topic's partitions by object key, so consumers must
 * not rely on cross-object order and must be idempotent (a crash can repeat events).
 */
public final class KafkaCommitEventSink implements CommitEventSink {

  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(60);

  private final Producer<String, String> producer;
  private final String topic;

  public KafkaCommitEventSink(Producer<String, String> producer, String topic) {
    this.producer = producer;
    this.topic = topic;
  }

  public static KafkaCommitEventSink create(String bootstrapServers, String topic, String clientId) {
    Map<String, Object> props = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.CLIENT_ID_CONFIG, clientId,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, 0,
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis(),
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
    return new KafkaCommitEventSink(
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer()), topic);
  }

  @Override
  public void publish(CommitEvent event) {
    try {
      producer.send(new ProducerRecord<>(topic, event.eventKey(), event.toJson()))
          .get(SEND_TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectException("interrupted while publishing a commit event", e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new RetriableException("commit event for " + event.key() + " to " + topic + " failed: " + cause, cause);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
