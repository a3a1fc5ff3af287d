package io.tidemark.connect.s3.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.connect.s3.format.DataType;
import io.tidemark.connect.s3.format.DataType.Kind;
import io.tidemark.connect.s3.format.Field;
import io.tidemark.connect.s3.format.Row;
import io.tidemark.connect.s3.format.RowSchema;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PartitionersTest {

  private static final RowSchema SCHEMA =
      new RowSchema(
          List.of(
              Field.optional("country", DataType.of(Kind.STRING)),
              Field.optional("day", DataType.of(Kind.DATE)),
              Field.optional("at", DataType.of(Kind.TIMESTAMP_MICROS)),
              Field.optional(
                  "address",
                  DataType.struct(List.of(Field.optional("city", DataType.of(Kind.STRING)))))));

  /** 2026-11-21T08:30:00Z */
  private static final long MS = 1_795_249_800_000L;

  private static RecordContext ctx(Row row, Long ts) {
    return new RecordContext("orders", 3, 17L, ts, SCHEMA, row);
  }

  @Test
  void kafkaPartition() {
    Partition p = new KafkaPartitioner().partition(ctx(new Row(), null));
    assertThat(p.path()).isEqualTo("partition=3");
    assertThat(p.values()).containsEntry("partition", "3");
  }

  @Test
  void fieldValuesWithNestedPathsEscapingAndNull() {
    FieldPartitioner fp = new FieldPartitioner(List.of("country", "address.city", "day"));
    Row row =
        new Row()
            .put("country", "F/R=x")
            .put("day", 20_778)
            .put("address", new Row().put("city", "Saint-Étienne"));
    Partition p = fp.partition(ctx(row, null));
    assertThat(p.path()).isEqualTo("country=F%2FR%3Dx/address_city=Saint-Étienne/day=2026-11-21");
    assertThat(p.values())
        .containsEntry("country", "F/R=x")
        .containsEntry("address_city", "Saint-Étienne");
    Partition nulls = fp.partition(ctx(new Row(), null));
    assertThat(nulls.path())
        .isEqualTo(
            "country=__HIVE_DEFAULT_PARTITION__/address_city=__HIVE_DEFAULT_PARTITION__/day=__HIVE_DEFAULT_PARTITION__");
  }

  @Test
  void structFieldCannotNameAFolder() {
    assertThatThrownBy(
            () ->
                new FieldPartitioner(List.of("address"))
                    .partition(ctx(new Row().put("address", new Row().put("city", "x")), null)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("'address'");
  }

  @Test
  void recordTimeInConfiguredZoneNotJvmZone() {
    TimePartitioner tp =
        new TimePartitioner(
            TimePartitioner.Source.RECORD,
            null,
            ZoneId.of("Asia/Tokyo"),
            new PathFormat("dt=YYYY-MM-dd/hr=HH"),
            Clock.systemUTC());
    Partition p = tp.partition(ctx(new Row(), MS));
    assertThat(p.path()).isEqualTo("dt=2026-11-21/hr=17");
    assertThat(p.values()).containsExactly(Map.entry("dt", "2026-11-21"), Map.entry("hr", "17"));
    assertThat(tp.deterministic()).isTrue();
  }

  @Test
  void lateRecordGoesToItsOwnHour() {
    Clock now = Clock.fixed(Instant.ofEpochMilli(MS + 5 * 3_600_000L), ZoneOffset.UTC);
    TimePartitioner tp =
        new TimePartitioner(
            TimePartitioner.Source.RECORD,
            null,
            ZoneOffset.UTC,
            new PathFormat("dt=YYYY-MM-dd/hr=HH"),
            now);
    assertThat(tp.partition(ctx(new Row(), MS)).path()).isEqualTo("dt=2026-11-21/hr=08");
  }

  @Test
  void fieldTimeMicrosAndWallClock() {
    TimePartitioner byField =
        new TimePartitioner(
            TimePartitioner.Source.FIELD,
            "at",
            ZoneOffset.UTC,
            new PathFormat("'added'=YYYYMMdd/mm"),
            Clock.systemUTC());
    assertThat(byField.partition(ctx(new Row().put("at", (MS + 1) * 1000L), null)).path())
        .isEqualTo("added=20261121/30");
    assertThatThrownBy(() -> byField.partition(ctx(new Row(), null)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("'at'");

    // New Year: week-based YYYY would say 2027 for 2026-12-28.
    Clock clock = Clock.fixed(Instant.parse("2026-12-28T23:30:00Z"), ZoneOffset.UTC);
    TimePartitioner wall =
        new TimePartitioner(
            TimePartitioner.Source.WALL_CLOCK,
            null,
            ZoneId.of("America/New_York"),
            new PathFormat("dt=YYYY-MM-dd/hr=HH"),
            clock);
    assertThat(wall.partition(ctx(new Row(), MS)).path()).isEqualTo("dt=2026-12-28/hr=18");
    assertThat(wall.deterministic()).isFalse();
  }

  /**
   * A DATE is a calendar day, not an instant: 2026-11-21 (epoch day 20778) lands in the 2026-11-21
   * folder in every zone (it was midnight UTC, which is the 20th west of UTC).
   */
  @ParameterizedTest
  @ValueSource(strings = {"America/Los_Angeles", "UTC", "Asia/Kolkata", "Pacific/Kiritimati"})
  void aDateFieldLandsInItsOwnDayInEveryZone(String zone) {
    TimePartitioner byDay =
        new TimePartitioner(
            TimePartitioner.Source.FIELD,
            "day",
            ZoneId.of(zone),
            new PathFormat("dt=YYYY-MM-dd"),
            Clock.systemUTC());
    long epochDay = java.time.LocalDate.parse("2026-11-21").toEpochDay();
    assertThat(byDay.partition(ctx(new Row().put("day", (int) epochDay), null)).path())
        .isEqualTo("dt=2026-11-21");
  }

  @Test
  void pathFormatRejectsNonsense() {
    assertThatThrownBy(() -> new PathFormat("static")).hasMessageContaining("no time token");
    assertThatThrownBy(() -> new PathFormat("/dt=YYYY")).hasMessageContaining("empty segment");
    assertThatThrownBy(() -> new PathFormat("'dt=YYYY")).hasMessageContaining("unclosed quote");
  }

  @Test
  void objectKeyTemplate() {
    Partition p = new Partition("dt=2026-11-21/hr=08", Map.of());
    assertThat(new ObjectKeys("/lake/raw/").dataKey("orders", "orders", p, 3, 42L, "jsonl.gz"))
        .isEqualTo("lake/raw/orders/dt=2026-11-21/hr=08/orders+3+00000000000000000042.jsonl.gz");
    assertThat(
            new ObjectKeys("")
                .dataKey("orders", "orders", new Partition("", Map.of()), 0, 0L, "parquet"))
        .isEqualTo("orders/orders+0+00000000000000000000.parquet");
  }

  /** A RegexRouter renamed the topic: its folder is the new name, the file keeps the original. */
  @Test
  void aRoutedRecordLandsInItsNewTopicsFolderUnderItsOriginalFileName() {
    Partition p = new Partition("dt=2026-11-21", Map.of());
    ObjectKeys keys = new ObjectKeys("lake");
    String key = keys.dataKey("users", "mysql.shop.users", p, 3, 42L, "parquet");
    assertThat(key)
        .isEqualTo("lake/users/dt=2026-11-21/mysql.shop.users+3+00000000000000000042.parquet");
    assertThat(keys.directory("users", p)).isEqualTo("lake/users/dt=2026-11-21");
  }
}
