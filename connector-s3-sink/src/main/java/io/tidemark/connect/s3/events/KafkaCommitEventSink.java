package io.tidemark.connect.s3.events;

import java.time.Duration;
import java.util.HashMap;
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
 * land, but they are spread over the event topic's partitions by object key, so consumers must not
 * rely on cross-object order and must be idempotent (a crash can repeat events).
 */
public final class KafkaCommitEventSink implements CommitEventSink {

  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(60);

  private final Producer<String, String> producer;
  private final String topic;

  public KafkaCommitEventSink(Producer<String, String> producer, String topic) {
    this.producer = producer;
    this.topic = topic;
  }

  /**
   * A producer for the events topic. {@code clientSettings} (the connector's {@code
   * commit.events.producer.*} keys, prefix removed) add what the cluster needs to connect, e.g.
   * {@code security.protocol} and SASL settings for MSK IAM; the delivery settings that the
   * exactly-once argument relies on (acks, idempotence, timeouts) cannot be overridden.
   */
  public static KafkaCommitEventSink create(
      String bootstrapServers, String topic, String clientId, Map<String, ?> clientSettings) {
    return new KafkaCommitEventSink(
        new KafkaProducer<>(
            producerProps(bootstrapServers, clientId, clientSettings),
            new StringSerializer(),
            new StringSerializer()),
        topic);
  }

  static Map<String, Object> producerProps(
      String bootstrapServers, String clientId, Map<String, ?> clientSettings) {
    Map<String, Object> props = new HashMap<>(clientSettings);
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
    return props;
  }

  @Override
  public void publish(CommitEvent event) {
    try {
      producer
          .send(new ProducerRecord<>(topic, event.eventKey(), event.toJson()))
          .get(SEND_TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectException("interrupted while publishing a commit event", e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new RetriableException(
          "commit event for " + event.key() + " to " + topic + " failed: " + cause, cause);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
