package io.tidemark.connect.s3.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.connect.s3.S3SinkConfig;
import io.tidemark.connect.s3.format.DataType;
import io.tidemark.connect.s3.format.DataType.Kind;
import io.tidemark.connect.s3.format.Field;
import io.tidemark.connect.s3.format.Row;
import io.tidemark.connect.s3.format.RowSchema;
import io.tidemark.stack.kit.HostileNames;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@link HostileNames} case in S3 object keys: as a field-partitioning field it names exactly
 * the documented folder (one level, never {@code .} or {@code ..}) or the config rejects it; as a
 * topic (where Kafka allows it) it is the key's prefix folder unchanged; and every hostile
 * partition value stays inside its one folder.
 */
class HostileNamesS3Test {

  static Stream<HostileNames.Case> cases() {
    return HostileNames.cases().stream();
  }

  static Stream<HostileNames.Case> topics() {
    return cases().filter(HostileNames.Case::kafkaTopic);
  }

  static Stream<HostileNames.Value> values() {
    return HostileNames.values().stream();
  }

  private static Partition partition(String fieldPath, Object value) {
    // A dotted path is a nested field: a.b is field b of struct a.
    String[] parts = fieldPath.split("\\.");
    DataType type = DataType.of(Kind.STRING);
    Object nested = value;
    for (int i = parts.length - 1; i > 0; i--) {
      type = DataType.struct(List.of(Field.optional(parts[i], type)));
      nested = new Row().put(parts[i], nested);
    }
    RowSchema schema = new RowSchema(List.of(Field.optional(parts[0], type)));
    Row row = new Row().put(parts[0], nested);
    return new FieldPartitioner(List.of(fieldPath))
        .partition(new RecordContext("t", 0, 0L, null, schema, row));
  }

  private static void assertOneFolderLevel(String path) {
    assertThat(path.split("/", -1)).as(path).hasSize(1);
    assertThat(path).isNotIn(".", "..");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aPartitionFieldNamesTheDocumentedFolderOrIsRejected(HostileNames.Case c) {
    Map<String, String> props =
        Map.of(
            S3SinkConfig.S3_BUCKET_NAME,
            "lake",
            S3SinkConfig.PARTITIONER_TYPE,
            "FIELD",
            S3SinkConfig.PARTITIONER_FIELD_NAMES,
            c.name());
    List<String> errors =
        S3SinkConfig.validate(props).configValues().stream()
            .filter(v -> v.name().equals(S3SinkConfig.PARTITIONER_FIELD_NAMES))
            .map(ConfigValue::errorMessages)
            .findFirst()
            .orElseThrow();
    if (c.s3Folder().name().isEmpty()) {
      List<String> configured =
          new S3SinkConfig(
                  Map.of(
                      S3SinkConfig.S3_BUCKET_NAME,
                      "lake",
                      S3SinkConfig.PARTITIONER_FIELD_NAMES,
                      c.name()))
              .getList(S3SinkConfig.PARTITIONER_FIELD_NAMES);
      assertThat(errors.isEmpty() && configured.equals(List.of(c.name())))
          .as("the config cannot name " + c.id() + ": " + errors + " " + configured)
          .isFalse();
      return;
    }
    assertThat(errors).isEmpty();
    String path = partition(c.name(), "v").path();
    assertThat(path).isEqualTo(c.s3Folder().name().get() + "=v");
    assertOneFolderLevel(path);
  }

  @org.junit.jupiter.api.Test
  void anEmptyNameOrDottedPartInTheListIsRejected() {
    for (String names : List.of("a,,b", "a.", ".a", "a..b")) {
      Map<String, String> props =
          Map.of(
              S3SinkConfig.S3_BUCKET_NAME,
              "lake",
              S3SinkConfig.PARTITIONER_TYPE,
              "FIELD",
              S3SinkConfig.PARTITIONER_FIELD_NAMES,
              names);
      assertThat(S3SinkConfig.validate(props).configValues())
          .as(names)
          .anySatisfy(v -> assertThat(v.name()).isEqualTo(S3SinkConfig.PARTITIONER_FIELD_NAMES))
          .filteredOn(v -> v.name().equals(S3SinkConfig.PARTITIONER_FIELD_NAMES))
          .singleElement()
          .satisfies(
              v ->
                  assertThat(v.errorMessages())
                      .singleElement()
                      .asString()
                      .contains("empty field name"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topics")
  void aTopicIsTheKeysPrefixFolderUnchanged(HostileNames.Case c) {
    String key =
        new ObjectKeys("raw")
            .dataKey(c.name(), c.name(), new Partition("partition=0", Map.of()), 0, 5, "jsonl");
    assertThat(key)
        .isEqualTo(
            "raw/" + c.name() + "/partition=0/" + c.name() + "+0+00000000000000000005.jsonl");
    assertThat(Arrays.asList(key.split("/"))).doesNotContain(".", "..", "");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("values")
  void aPartitionValueStaysInItsFolder(HostileNames.Value v) {
    String path = partition("f", v.value()).path();
    assertThat(path).isEqualTo("f=" + v.folderValue());
    assertOneFolderLevel(path);
  }
}
