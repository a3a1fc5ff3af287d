package io.tidemark.connect.redshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.connect.redshift.sql.ChangeRow;
import io.tidemark.connect.redshift.sql.CopyPathPlanner;
import io.tidemark.connect.redshift.sql.CopyStaging;
import io.tidemark.connect.redshift.sql.DdlBuilder;
import io.tidemark.connect.redshift.sql.InsertPathPlanner;
import io.tidemark.connect.redshift.sql.OffsetsTable;
import io.tidemark.connect.redshift.sql.RedshiftNames;
import io.tidemark.connect.redshift.sql.SourceOffset;
import io.tidemark.connect.redshift.sql.StageSql;
import io.tidemark.connect.redshift.sql.StatementLimits;
import io.tidemark.connect.redshift.sql.TableChanges;
import io.tidemark.connect.redshift.sql.TableDef;
import io.tidemark.connect.redshift.sql.TableDefs;
import io.tidemark.connect.redshift.sql.WriteMode;
import io.tidemark.stack.kit.HostileNames;
import io.tidemark.stack.redshift.SqlToken;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@link HostileNames} case through the Redshift sink: the column it lands as (from a field),
 * the table (from a topic), and every statement the sink generates for a table with that column,
 * tokenised: each name is exactly one quoted identifier, and nothing of it runs as SQL.
 */
class HostileNamesRedshiftTest {

  private static final RedshiftNames NAMES = RedshiftNames.defaults();
  private static final TableDefs TABLE_DEFS = TableDefs.defaults();

  static Stream<HostileNames.Case> cases() {
    return HostileNames.cases().stream();
  }

  static Stream<HostileNames.Case> topics() {
    return cases().filter(HostileNames.Case::kafkaTopic);
  }

  private static Schema valueSchema(String hostile) {
    return SchemaBuilder.struct()
        .field("id", Schema.INT64_SCHEMA)
        .field(hostile, Schema.OPTIONAL_STRING_SCHEMA)
        .build();
  }

  private static RedshiftSinkConfig config() {
    return new RedshiftSinkConfig(
        Map.of(
            "name",
            "rs",
            RedshiftSinkConfig.REGION,
            "us-east-1",
            RedshiftSinkConfig.WORKGROUP,
            "wg"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aFieldLandsAsTheDocumentedColumn(HostileNames.Case c) {
    if (c.name().isEmpty()) {
      assertThatThrownBy(() -> valueSchema(c.name()))
          .as("Connect itself refuses an empty field name")
          .isInstanceOf(org.apache.kafka.connect.errors.SchemaBuilderException.class);
      assertThat(c.redshift().rejection()).contains("Connect");
      return;
    }
    Schema schema = valueSchema(c.name());
    if (c.redshift().name().isEmpty()) {
      assertThatThrownBy(
              () ->
                  TABLE_DEFS.fromSchema(
                      "public", "t", schema, List.of("id"), Optional.empty(), List.of()))
          .isInstanceOf(DataException.class)
          .hasMessageContaining("field '" + c.name() + "'")
          .hasMessageContaining(c.redshift().rejection());
      return;
    }
    TableDef table =
        TABLE_DEFS.fromSchema("public", "t", schema, List.of("id"), Optional.empty(), List.of());
    assertThat(table.columnNames()).containsExactly("id", c.redshift().name().get());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topics")
  void aTopicLandsAsTheDocumentedTable(HostileNames.Case c) {
    ChangeConverter converter = new ChangeConverter(config(), TABLE_DEFS, NAMES);
    Schema key = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).build();
    Schema value = valueSchema("note");
    SinkRecord record =
        new SinkRecord(
            c.name(),
            3,
            key,
            new Struct(key).put("id", 1L),
            value,
            new Struct(value).put("id", 1L).put("note", "x"),
            42);
    if (c.redshiftTable().name().isEmpty()) {
      assertThatThrownBy(() -> converter.convert(record))
          .isInstanceOf(DataException.class)
          .hasMessageContaining(c.name() + "-3@42")
          .hasMessageContaining(c.redshiftTable().rejection());
      return;
    }
    assertThat(converter.convert(record).orElseThrow().table().name())
        .isEqualTo(c.redshiftTable().name().get());
  }

  /**
   * The one quoting place, on the raw name: one quoted identifier of exactly the name, or a clear
   * refusal.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void quotingTheRawNameNeverBreaksOut(HostileNames.Case c) {
    String quoted;
    try {
      quoted = NAMES.quote(c.name());
    } catch (DataException refused) {
      assertThat(refused).hasMessageStartingWith("invalid Redshift identifier: ");
      assertThat(c.name())
          .as("refused only for what Redshift cannot hold even quoted")
          .satisfiesAnyOf(
              n -> assertThat(n).isEmpty(),
              n -> assertThat(n).contains("\""),
              n -> assertThat(refused).hasMessageContaining("system column"),
              n -> assertThat(n.codePoints().anyMatch(Character::isISOControl)).isTrue(),
              n ->
                  assertThat(io.tidemark.common.identifiers.Utf8.byteLength(n)).isGreaterThan(127));
      return;
    }
    List<SqlToken> tokens = SqlToken.tokenize(quoted);
    assertThat(tokens).hasSize(1);
    assertThat(tokens.get(0).kind()).isEqualTo(SqlToken.Kind.QUOTED_IDENTIFIER);
    assertThat(tokens.get(0).identifier()).isEqualTo(c.name().toLowerCase(Locale.ROOT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyGeneratedStatementKeepsTheColumnInsideOneIdentifier(HostileNames.Case c)
      throws Exception {
    if (c.redshift().name().isEmpty()) {
      return; // rejected before any SQL is generated: aFieldLandsAsTheDocumentedColumn
    }
    String column = c.redshift().name().get();
    String topic = c.kafkaTopic() ? c.name() : "orders";
    TableDef table =
        TABLE_DEFS.fromSchema(
            "public",
            "t_" + "x".repeat(10),
            valueSchema(c.name()),
            List.of("id"),
            Optional.empty(),
            List.of());
    OffsetsTable offsets = new OffsetsTable(NAMES, "public", "tidemark_offsets", "sink-1");
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("id", 1L);
    values.put(column, "v");
    ChangeRow row = new ChangeRow(values, false, new SourceOffset(topic, 0, 7));

    List<String> statements = new ArrayList<>();
    DdlBuilder ddl = new DdlBuilder(NAMES);
    statements.add(ddl.createTable(table));
    statements.addAll(ddl.addMissingColumns("public", table.name(), Set.of("id"), table.columns()));
    statements.add(ddl.existingColumnsQuery("public", table.name()));
    statements.add(offsets.createTable());
    statements.add(offsets.selectCommitted());
    for (WriteMode mode : WriteMode.values()) {
      StageSql stage = new StageSql(NAMES, mode);
      new InsertPathPlanner(stage, offsets, StatementLimits.defaults())
          .plan(List.of(new TableChanges(table, List.of(row))))
          .forEach(tx -> statements.addAll(tx.statements()));
      statements.addAll(
          new CopyPathPlanner(stage, offsets, "arn:aws:iam::1:role/r", "us-east-1")
              .plan(
                  List.of(
                      new CopyPathPlanner.StagedTable(
                          table,
                          "s3://b/m.manifest",
                          1,
                          Map.of(new SourceOffset.TopicPartitionKey(topic, 0), 8L))))
              .statements());
    }

    Set<String> allowed =
        new HashSet<>(
            List.of(
                "public",
                table.name(),
                "id",
                column,
                "tidemark_offsets",
                "latest",
                OffsetsTable.CONNECTOR,
                OffsetsTable.TOPIC,
                OffsetsTable.PARTITION,
                OffsetsTable.NEXT_OFFSET,
                OffsetsTable.LINEAGE,
                "tidemark_stage_0",
                "tidemark_guard",
                "ok"));
    allowed.addAll(StageSql.RESERVED_COLUMNS);
    for (String sql : statements) {
      List<SqlToken> tokens = SqlToken.tokenize(sql);
      assertThat(tokens)
          .as(sql)
          .noneMatch(t -> t.kind() == SqlToken.Kind.COMMENT || t.isSymbol(";"));
      tokens.stream()
          .filter(t -> t.kind() == SqlToken.Kind.QUOTED_IDENTIFIER)
          .forEach(t -> assertThat(allowed).as("identifier in " + sql).contains(t.identifier()));
    }
    assertThat(statements)
        .as("the column is named as one identifier")
        .anySatisfy(
            sql ->
                assertThat(SqlToken.tokenize(sql))
                    .anyMatch(
                        t ->
                            t.kind() == SqlToken.Kind.QUOTED_IDENTIFIER
                                && t.identifier().equals(column)));

    // COPY's JSON 'auto' matches keys to column names: the staged key is exactly the column.
    JsonNode line = new ObjectMapper().readTree(CopyStaging.jsonLine(table, row, 0));
    assertThat(line.get(column).asText()).isEqualTo("v");
  }
}
