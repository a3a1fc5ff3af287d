package io.tidemark.connect.athena.mapping;

import static io.tidemark.connect.athena.Fixtures.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.connect.athena.Fixtures;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MappingParsingTest {

  @Test
  void columnsWithDecimalCommas() {
    List<Column> c = Column.parseList(" id:bigint , cost:decimal(10, 2),name:VARCHAR ", "k");
    assertThat(c).extracting(x -> x.name().name()).containsExactly("id", "cost", "name");
    assertThat(c.get(1).type()).isEqualTo(new ColumnType(ColumnType.Kind.DECIMAL, 10, 2));
    assertThat(c.get(2).type().trinoHive()).isEqualTo("varchar");
    assertThat(c.get(2).type().athenaHive()).isEqualTo("string");
  }

  @Test
  void badColumnsNameTheKey() {
    assertThatThrownBy(() -> Column.parseList("id", "table.t.columns"))
        .hasMessage("table.t.columns: 'id' must be name:type");
    assertThatThrownBy(() -> Column.parseList("id:blob", "table.t.columns"))
        .hasMessageStartingWith("table.t.columns: column id: unsupported column type 'blob'");
    assertThatThrownBy(() -> Column.parseList("id:bigint,id:int", "table.t.columns"))
        .hasMessageContaining("listed twice");
    assertThatThrownBy(() -> Column.parseList("x:decimal(40,2)", "table.t.columns"))
        .hasMessageContaining("precision <= 38");
    assertThatThrownBy(() -> Column.parseList("\"a\":int", "table.t.columns"))
        .hasMessageStartingWith("table.t.columns: identifier '\"a\"'");
    assertThatThrownBy(() -> Column.parseList("x:int); drop table y; --", "k"))
        .hasMessageContaining("unbalanced ')'");
    assertThatThrownBy(() -> Column.parseList("x:decimal(10,2", "k"))
        .hasMessageContaining("unbalanced '('");
    assertThatThrownBy(() -> Column.parseList("x:int; drop table y", "k"))
        .hasMessageContaining("unsupported column type");
  }

  @Test
  void landingPartitions() {
    List<LandingPartition> p =
        LandingPartition.parseList(
            "partition:integer(0..63), dt:date(2020-01-01..now), r:injected", "k");
    assertThat(p)
        .extracting(LandingPartition::projection)
        .containsExactly(
            LandingPartition.Projection.INTEGER,
            LandingPartition.Projection.DATE,
            LandingPartition.Projection.INJECTED);
    assertThat(p.get(1).rangeEnd()).isEqualTo("NOW");
    assertThat(p.get(0).literal("7")).isEqualTo("7");
    assertThat(p.get(1).literal("2026-11-21")).isEqualTo("'2026-11-21'");
    assertThatThrownBy(() -> p.get(0).literal("7 OR 1=1"))
        .hasMessageContaining("not a whole number");
    assertThatThrownBy(() -> LandingPartition.parseList("p:integer", "k"))
        .hasMessageContaining("integer needs a range");
    assertThatThrownBy(() -> LandingPartition.parseList("p:integer(9..1)", "k"))
        .hasMessageContaining("after its end");
    assertThatThrownBy(() -> LandingPartition.parseList("dt:date(2020-13-01..NOW)", "k"))
        .hasMessageContaining("yyyy-MM-dd");
    assertThatThrownBy(() -> LandingPartition.parseList("dt:hash", "k"))
        .hasMessageStartingWith("k: partition dt must be");
  }

  @Test
  void transforms() {
    List<Column> cols = Column.parseList("id:bigint,ts:timestamp", "k");
    assertThat(PartitionTransform.parseList("day(ts),bucket(16, id),id", cols, "k"))
        .containsExactly(
            new PartitionTransform(PartitionTransform.Kind.DAY, id("ts"), 0),
            new PartitionTransform(PartitionTransform.Kind.BUCKET, id("id"), 16),
            new PartitionTransform(PartitionTransform.Kind.IDENTITY, id("id"), 0));
    assertThatThrownBy(() -> PartitionTransform.parseList("week(ts)", cols, "k"))
        .hasMessageContaining("unknown partition transform 'week'");
    assertThatThrownBy(() -> PartitionTransform.parseList("bucket(ts)", cols, "k"))
        .hasMessageContaining("needs a width");
    assertThatThrownBy(() -> PartitionTransform.parseList("day(nope)", cols, "k"))
        .hasMessageContaining("not a target column");
  }

  @Test
  void targetColumnsFollowTheDeleteMode() {
    assertThat(Fixtures.users("c", "c", DeleteMode.HARD).targetColumns())
        .extracting(c -> c.name().name())
        .containsExactly("id", "registration_date", "__offset");
    assertThat(Fixtures.users("c", "c", DeleteMode.SOFT).targetColumns())
        .extracting(c -> c.name().name())
        .containsExactly("id", "registration_date", "__deleted", "__offset");
  }

  @Test
  void crossFieldProblemsNameTheKey() {
    TableMapping u = Fixtures.users("c", "c", DeleteMode.HARD);
    assertThatThrownBy(
            () -> copy(u, List.of(id("nope")), u.position(), u.deleteColumn(), DeleteMode.HARD))
        .hasMessage("table.users.keys: nope is not one of the columns");
    assertThatThrownBy(() -> copy(u, u.keys(), id("nope"), u.deleteColumn(), DeleteMode.HARD))
        .hasMessage("table.users.position.column: nope is not one of the columns");
    assertThatThrownBy(() -> copy(u, u.keys(), id("id"), u.deleteColumn(), DeleteMode.HARD))
        .hasMessageStartingWith("table.users.position.column: id is a key column");
    assertThatThrownBy(() -> copy(u, u.keys(), u.position(), Optional.empty(), DeleteMode.SOFT))
        .hasMessageStartingWith("table.users.delete.mode: soft needs table.users.delete.column");
    assertThatThrownBy(
            () -> copy(u, u.keys(), u.position(), Optional.of(id("gone")), DeleteMode.HARD))
        .hasMessageStartingWith("table.users.delete.column: ");
  }

  @Test
  void reservedPrefixIsRefused() {
    assertThatThrownBy(
            () ->
                new TableMapping(
                    "t",
                    "t",
                    Fixtures.name("c", "s", "l"),
                    "s3://b/",
                    LandingFormat.JSONL,
                    Column.parseList("id:bigint,__tidemark_rn:bigint,p:bigint", "k"),
                    List.of(),
                    Fixtures.name("c", "s", "t"),
                    Optional.empty(),
                    List.of(id("id")),
                    id("p"),
                    Optional.empty(),
                    DeleteMode.HARD,
                    List.of(),
                    List.of()))
        .hasMessageContaining("reserved prefix __tidemark_");
  }

  private static TableMapping copy(
      TableMapping m,
      List<io.tidemark.connect.athena.sql.Identifier> keys,
      io.tidemark.connect.athena.sql.Identifier position,
      Optional<io.tidemark.connect.athena.sql.Identifier> delete,
      DeleteMode mode) {
    return new TableMapping(
        m.alias(),
        m.topic(),
        m.landing(),
        m.landingLocation(),
        m.landingFormat(),
        m.columns(),
        m.landingPartitions(),
        m.target(),
        m.targetLocation(),
        keys,
        position,
        delete,
        mode,
        List.of(),
        List.of());
  }
}
