package io.tidemark.connect.s3.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.connect.s3.S3SinkConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaCommitEventSinkTest {

  @Test
  void producerSettingsUnderThePrefixReachTheClientButCannotWeakenDelivery() {
    Map<String, String> props = new HashMap<>();
    props.put(S3SinkConfig.S3_BUCKET_NAME, "lake");
    props.put(S3SinkConfig.COMMIT_EVENTS_TOPIC, "commits");
    props.put(S3SinkConfig.COMMIT_EVENTS_BOOTSTRAP_SERVERS, "b-1.msk:9098");
    props.put("commit.events.producer.security.protocol", "SASL_SSL");
    props.put("commit.events.producer.sasl.mechanism", "AWS_MSK_IAM");
    props.put("commit.events.producer.acks", "0");
    props.put("commit.events.producer.enable.idempotence", "false");

    Map<String, Object> client =
        KafkaCommitEventSink.producerProps(
            "b-1.msk:9098", "events", new S3SinkConfig(props).commitEventsProducerSettings());

    assertThat(client)
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "AWS_MSK_IAM")
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", true)
        .containsEntry("bootstrap.servers", "b-1.msk:9098")
        .doesNotContainKey("commit.events.producer.acks");
  }
}
