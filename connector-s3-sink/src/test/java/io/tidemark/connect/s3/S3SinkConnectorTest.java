package io.tidemark.connect.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class S3SinkConnectorTest {

  private static Map<String, String> props() {
    Map<String, String> m = new HashMap<>();
    m.put("name", "c");
    m.put(S3SinkConfig.S3_BUCKET_NAME, "lake");
    return m;
  }

  @Test
  void validatePutsCrossFieldErrorsOnTheirKeys() {
    Map<String, String> p = props();
    p.put(S3SinkConfig.FORMAT_TYPE, "JSONL");
    p.put(S3SinkConfig.FORMAT_COMPRESSION, "SNAPPY");
    p.put(S3SinkConfig.PARTITIONER_TYPE, "FIELD");
    Map<String, List<String>> errors =
        new S3SinkConnector()
            .validate(p).configValues().stream()
                .filter(v -> !v.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    assertThat(errors)
        .containsOnlyKeys(S3SinkConfig.FORMAT_COMPRESSION, S3SinkConfig.PARTITIONER_FIELD_NAMES);
  }

  @Test
  void everyTaskGetsTheConnectorConfig() {
    S3SinkConnector c = new S3SinkConnector();
    c.start(props());
    assertThat(c.taskConfigs(3))
        .hasSize(3)
        .allSatisfy(t -> assertThat(t).containsEntry("name", "c"))
        .extracting(t -> t.get(S3SinkTask.TASK_ID))
        .containsExactly("0", "1", "2");
    assertThat(c.taskClass()).isEqualTo(S3SinkTask.class);
    assertThat(c.version()).isNotBlank().isNotEqualTo("unknown");
  }

  @Test
  void isRegisteredForServiceLoading() throws Exception {
    try (var in =
        getClass().getResourceAsStream("/META-INF/services/" + SinkConnector.class.getName())) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim())
          .isEqualTo(S3SinkConnector.class.getName());
    }
  }

  @Test
  void recordsAreTrackedByTheirOriginalCoordinates() {
    Schema schema = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).build();
    SinkRecord original =
        new SinkRecord("orders", 3, null, "k", schema, new Struct(schema).put("id", 1L), 42L);
    original.headers().addString("h", "v");
    SinkRecord renamed = original.newRecord("renamed", 0, null, "k", schema, original.value(), 7L);
    var incoming = S3SinkTask.incoming(renamed);
    assertThat(incoming.topic()).isEqualTo("orders");
    assertThat(incoming.partition()).isEqualTo(3);
    assertThat(incoming.offset()).isEqualTo(42L);
    assertThat(incoming.headers()).containsEntry("h", "v");
    assertThat(incoming.handle()).isSameAs(renamed);
  }
}
