package io.tidemark.connect.smt;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.stack.kit.HostileNames;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code NormalizeIdentifiers} on every {@link HostileNames} case a record can carry: with {@code
 * target=athena} it lands the documented Athena name (what the MERGE companion's config then
 * names), with {@code target=redshift} the name the Redshift sink itself would pick.
 */
class HostileNamesNormalizeTest {

  static Stream<HostileNames.Case> fields() {
    return HostileNames.cases().stream()
        .filter(c -> !c.name().isEmpty()); // Connect has no empty field names
  }

  private static String normalizedField(String target, String name) {
    NormalizeIdentifiers<SinkRecord> smt = new NormalizeIdentifiers.Value<>();
    smt.configure(Map.of(NormalizeIdentifiers.TARGET, target));
    Schema schema =
        SchemaBuilder.struct()
            .field("id", Schema.INT64_SCHEMA)
            .field(name, Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    SinkRecord out =
        smt.apply(
            new SinkRecord(
                "t", 0, null, null, schema, new Struct(schema).put("id", 1L).put(name, "v"), 0));
    Struct value = (Struct) out.value();
    String field = out.valueSchema().fields().get(1).name();
    assertThat(value.get(field)).isEqualTo("v");
    smt.close();
    return field;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fields")
  void athenaTargetGivesTheDocumentedName(HostileNames.Case c) {
    assertThat(normalizedField("athena", c.name())).isEqualTo(c.athenaNormalized());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fields")
  void redshiftTargetGivesTheSinksOwnName(HostileNames.Case c) {
    c.redshift()
        .name()
        .ifPresent(
            expected -> assertThat(normalizedField("redshift", c.name())).isEqualTo(expected));
  }
}
