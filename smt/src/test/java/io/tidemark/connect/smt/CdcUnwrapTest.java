package io.tidemark.connect.smt;

import static io.tidemark.connect.smt.Fixtures.ENVELOPE;
import static io.tidemark.connect.smt.Fixtures.envelope;
import static io.tidemark.connect.smt.Fixtures.envelopeMap;
import static io.tidemark.connect.smt.Fixtures.record;
import static io.tidemark.connect.smt.Fixtures.row;
import static io.tidemark.connect.smt.Fixtures.rowMap;
import static io.tidemark.connect.smt.Fixtures.schemaless;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.connect.smt.cdc.ChangePosition;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CdcUnwrapTest {

  private static CdcUnwrap<SinkRecord> unwrap(String... kv) {
    Map<String, String> props = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      props.put(kv[i], kv[i + 1]);
    }
    CdcUnwrap<SinkRecord> t = new CdcUnwrap<>();
    t.configure(props);
    return t;
  }

  @Test
  void createBecomesRowWithMetadata() {
    SinkRecord in = record(ENVELOPE, envelope("c", null, row(7, "a@x.io")));
    SinkRecord out = unwrap().apply(in);

    Struct v = (Struct) out.value();
    assertThat(out.valueSchema().name()).isEqualTo("mysql.shop.customers.Value");
    assertThat(out.valueSchema().fields())
        .extracting(f -> f.name())
        .containsExactly(
            "id",
            "email",
            "__op",
            "__source_ts",
            "__position",
            "__topic",
            "__partition",
            "__offset",
            "__deleted");
    assertThat(out.valueSchema().field("__source_ts").schema().name())
        .isEqualTo(Timestamp.LOGICAL_NAME);
    assertThat(v.get("id")).isEqualTo(7);
    assertThat(v.get("email")).isEqualTo("a@x.io");
    assertThat(v.get("__op")).isEqualTo("c");
    assertThat(v.get("__source_ts")).isEqualTo(new Date(1_700_000_000_000L));
    assertThat(v.get("__position"))
        .isEqualTo("0000000003-0000000000000000154-1-0000000000000000042");
    assertThat(v.get("__topic")).isEqualTo(Fixtures.TOPIC);
    assertThat(v.get("__partition")).isEqualTo(2);
    assertThat(v.get("__offset")).isEqualTo(42L);
    assertThat(v.get("__deleted")).isEqualTo(false);
    assertThat(out.key()).isEqualTo(in.key());
    assertThat(out.timestamp()).isEqualTo(in.timestamp());
  }

  @Test
  void doesNotMutateInput() {
    Struct env = envelope("u", row(7, "old@x.io"), row(7, "new@x.io"));
    SinkRecord in = record(ENVELOPE, env);
    in.headers().addString("h", "v");
    SinkRecord out = unwrap().apply(in);
    assertThat(in.value()).isSameAs(env);
    assertThat(((Struct) env.get("after")).get("email")).isEqualTo("new@x.io");
    assertThat(in.headers().size()).isEqualTo(1);
    assertThat(((Struct) out.value()).get("email")).isEqualTo("new@x.io");
  }

  @Test
  void deleteRewritesBeforeImageWithFlag() {
    SinkRecord out = unwrap().apply(record(ENVELOPE, envelope("d", row(7, "gone@x.io"), null)));
    Struct v = (Struct) out.value();
    assertThat(v.get("email")).isEqualTo("gone@x.io");
    assertThat(v.get("__op")).isEqualTo("d");
    assertThat(v.get("__deleted")).isEqualTo(true);
  }

  @Test
  void deleteCanBeDroppedOrTombstoned() {
    SinkRecord in = record(ENVELOPE, envelope("d", row(7, "gone@x.io"), null));
    assertThat(unwrap("delete.handling", "drop").apply(in)).isNull();
    SinkRecord tomb = unwrap("delete.handling", "tombstone").apply(in);
    assertThat(tomb.value()).isNull();
    assertThat(tomb.valueSchema()).isNull();
    assertThat(tomb.key()).isEqualTo(in.key());
  }

  @Test
  void incomingTombstonesAreDroppedOrKept() {
    SinkRecord tomb = record(null, null);
    assertThat(unwrap().apply(tomb)).isNull();
    assertThat(unwrap("tombstone.handling", "keep").apply(tomb)).isSameAs(tomb);
  }

  /** A TRUNCATE reaches no sink: by default it stops loudly, naming the table, never silently. */
  @Test
  void truncateHandling() {
    SinkRecord in = record(ENVELOPE, envelope("t", null, null));
    for (CdcUnwrap<SinkRecord> failing : List.of(unwrap(), unwrap("truncate.handling", "fail"))) {
      assertThatThrownBy(() -> failing.apply(in))
          .isInstanceOf(DataException.class)
          .hasMessageContaining("MySQL TRUNCATE of shop.customers")
          .hasMessageContaining("truncate.handling=drop")
          .hasMessageContaining("(topic=mysql.shop.customers partition=2 offset=42)");
    }
    assertThat(unwrap("truncate.handling", "drop").apply(in)).isNull();
    assertThat(unwrap("truncate.handling", "keep").apply(in)).isSameAs(in);
  }

  @Test
  void schemaChangeHandling() {
    Schema schema =
        SchemaBuilder.struct()
            .name("io.debezium.connector.mysql.SchemaChangeValue")
            .field("databaseName", Schema.STRING_SCHEMA)
            .field("ddl", Schema.STRING_SCHEMA)
            .build();
    SinkRecord in =
        record(
            schema,
            new Struct(schema).put("databaseName", "shop").put("ddl", "ALTER TABLE x ADD y INT"));
    assertThat(unwrap().apply(in)).isNull();
    assertThat(unwrap("schema.change.handling", "keep").apply(in)).isSameAs(in);
    assertThatThrownBy(() -> unwrap("schema.change.handling", "fail").apply(in))
        .hasMessageContaining("schema-change event");
    Map<String, Object> schemalessDdl = Map.of("ddl", "DROP TABLE x", "tableChanges", List.of());
    assertThat(unwrap().apply(schemaless(schemalessDdl))).isNull();
  }

  @Test
  void nonEnvelopeRecordsPassByDefault() {
    Schema heartbeat =
        SchemaBuilder.struct()
            .name("io.debezium.connector.common.Heartbeat")
            .field("ts_ms", Schema.INT64_SCHEMA)
            .build();
    SinkRecord in = record(heartbeat, new Struct(heartbeat).put("ts_ms", 1L));
    assertThat(unwrap().apply(in)).isSameAs(in);
    assertThat(unwrap("other.handling", "drop").apply(in)).isNull();
  }

  @Test
  void snapshotReadSortsBeforeStreamedChangeAtSamePosition() {
    Struct read = envelope("r", null, row(1, "a"));
    read.put("source", Fixtures.source("mysql-bin.000003", 154L, 0, "true"));
    Struct create = envelope("c", null, row(1, "b"));
    String p1 =
        (String) ((Struct) unwrap().apply(record(ENVELOPE, read)).value()).get("__position");
    String p2 =
        (String) ((Struct) unwrap().apply(record(ENVELOPE, create)).value()).get("__position");
    assertThat(p1).isLessThan(p2);
  }

  @Test
  void positionEpochPrefixesEveryPositionSoItSortsAfterEveryLowerEpoch() {
    // After a RESET MASTER: mysql-bin.000001 in epoch 1 against mysql-bin.000003 in epoch 0.
    Struct late = envelope("u", row(1, "a"), row(1, "b"));
    late.put("source", Fixtures.source("mysql-bin.000001", 4L, 0, null));
    String epoch0 =
        (String)
            ((Struct) unwrap().apply(record(ENVELOPE, envelope("c", null, row(1, "a")))).value())
                .get("__position");
    String epoch1 =
        (String)
            ((Struct) unwrap("position.epoch", "1").apply(record(ENVELOPE, late)).value())
                .get("__position");
    String epoch2 =
        (String)
            ((Struct) unwrap("position.epoch", "2").apply(record(ENVELOPE, late)).value())
                .get("__position");
    assertThat(epoch1).isEqualTo("z000001:0000000001-0000000000000000004-1-0000000000000000042");
    assertThat(epoch0).isLessThan(epoch1);
    assertThat(epoch1).isLessThan(epoch2);
    assertThat(ChangePosition.gtid("u:9", false, 0)).isLessThan(epoch1);
    @SuppressWarnings("unchecked")
    Map<String, Object> schemaless =
        (Map<String, Object>)
            unwrap("position.epoch", "12")
                .apply(schemaless(envelopeMap("u", rowMap(7, "old"), rowMap(7, "new"))))
                .value();
    assertThat(schemaless)
        .containsEntry(
            "__position", "z000012:0000000003-0000000000000000154-1-0000000000000000042");
    assertThatThrownBy(() -> unwrap("position.epoch", "-1"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("position.epoch");
  }

  @Test
  void schemalessEnvelope() {
    SinkRecord out =
        unwrap().apply(schemaless(envelopeMap("u", rowMap(7, "old"), rowMap(7, "new"))));
    assertThat(out.valueSchema()).isNull();
    @SuppressWarnings("unchecked")
    Map<String, Object> v = (Map<String, Object>) out.value();
    assertThat(v)
        .containsEntry("id", 7)
        .containsEntry("email", "new")
        .containsEntry("__op", "u")
        .containsEntry("__source_ts", 1_700_000_000_000L)
        .containsEntry("__position", "0000000003-0000000000000000154-1-0000000000000000042")
        .containsEntry("__offset", 42L)
        .containsEntry("__deleted", false);
    assertThat(v.keySet()).startsWith("id", "email");
  }

  @Test
  void schemalessDeleteKeepsBeforeImage() {
    SinkRecord out = unwrap().apply(schemaless(envelopeMap("d", rowMap(7, "gone"), null)));
    @SuppressWarnings("unchecked")
    Map<String, Object> v = (Map<String, Object>) out.value();
    assertThat(v).containsEntry("email", "gone").containsEntry("__deleted", true);
  }

  @Test
  void metadataFieldsCanBeRenamedOrOmitted() {
    CdcUnwrap<SinkRecord> t =
        unwrap(
            "field.operation",
            "op_type",
            "field.topic",
            "",
            "field.partition",
            "",
            "field.offset",
            "",
            "field.position",
            "",
            "field.event.ts",
            "__ts");
    SinkRecord out = t.apply(record(ENVELOPE, envelope("c", null, row(1, "a"))));
    assertThat(out.valueSchema().fields())
        .extracting(f -> f.name())
        .containsExactly("id", "email", "op_type", "__source_ts", "__ts", "__deleted");
    assertThat(((Struct) out.value()).get("__ts")).isEqualTo(new Date(1_700_000_000_500L));
  }

  @Test
  void sourceRecordsHaveNoOffset() {
    SourceRecord in =
        new SourceRecord(Map.of(), Map.of(), "t", 0, ENVELOPE, envelope("c", null, row(1, "a")));
    CdcUnwrap<SourceRecord> t = new CdcUnwrap<>();
    t.configure(Map.of());
    Struct v = (Struct) t.apply(in).value();
    assertThat(v.get("__offset")).isNull();
    assertThat(v.get("__topic")).isEqualTo("t");
  }

  @Test
  void schemaIsCachedPerEnvelopeSchema() {
    CdcUnwrap<SinkRecord> t = unwrap();
    Schema s1 = t.apply(record(ENVELOPE, envelope("c", null, row(1, "a")))).valueSchema();
    Schema s2 = t.apply(record(ENVELOPE, envelope("u", row(1, "a"), row(1, "b")))).valueSchema();
    assertThat(s2).isSameAs(s1);
  }

  @Test
  void collisionWithRowFieldIsReported() {
    assertThatThrownBy(
            () ->
                unwrap("field.operation", "email")
                    .apply(record(ENVELOPE, envelope("c", null, row(1, "a")))))
        .isInstanceOf(DataException.class)
        .hasMessageContaining(
            "metadata field 'email' already exists in the row schema 'mysql.shop.customers.Value'")
        .hasMessageContaining("offset=42");
  }

  @ParameterizedTest
  @ValueSource(strings = {"x", "", "C"})
  void unknownOperationIsReported(String op) {
    assertThatThrownBy(() -> unwrap().apply(record(ENVELOPE, envelope(op, null, row(1, "a")))))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("field 'op': unknown Debezium operation '" + op + "'");
  }

  @Test
  void missingRowImageIsReported() {
    assertThatThrownBy(() -> unwrap().apply(record(ENVELOPE, envelope("c", null, null))))
        .hasMessageStartingWith(
            "CdcUnwrap: field 'after': change event with op=c has no row image");
  }

  @Test
  void wrongRowTypeSchemalessIsReported() {
    Map<String, Object> env = envelopeMap("c", null, null);
    env.put("after", "not a map");
    assertThatThrownBy(() -> unwrap().apply(schemaless(env)))
        .hasMessageContaining("field 'after': expected a map but found String");
  }

  @Test
  void configErrorsNameTheKey() {
    assertThatThrownBy(() -> unwrap("delete.handling", "rewrite-all"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("delete.handling")
        .hasMessageContaining("[rewrite, drop, tombstone]");
    assertThatThrownBy(() -> unwrap("field.topic", "__op"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("field.topic");
    List<ConfigValue> results =
        new CdcUnwrap<SinkRecord>().config().validate(Map.of("truncate.handling", "ignore"));
    ConfigValue truncate =
        results.stream()
            .filter(c -> c.name().equals("truncate.handling"))
            .findFirst()
            .orElseThrow();
    assertThat(truncate.errorMessages()).singleElement().asString().contains("[drop, keep, fail]");
  }
}
