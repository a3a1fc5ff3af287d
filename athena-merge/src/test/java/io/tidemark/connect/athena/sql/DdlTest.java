package io.tidemark.connect.athena.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.connect.athena.Fixtures;
import io.tidemark.connect.athena.mapping.Column;
import io.tidemark.connect.athena.mapping.DeleteMode;
import io.tidemark.connect.athena.mapping.LandingPartition;
import io.tidemark.connect.athena.mapping.PartitionTransform;
import io.tidemark.connect.athena.mapping.TableMapping;
import java.util.List;
import org.junit.jupiter.api.Test;

class DdlTest {

  private final TableMapping athena = Fixtures.transactions("awsdatacatalog", "awsdatacatalog");
  private final TableMapping trino = Fixtures.transactions("hive", "iceberg");

  @Test
  void athenaLandingTableUsesPartitionProjection() {
    assertThat(new AthenaDdl().createLanding(athena))
        .isEqualTo(
            """
                CREATE EXTERNAL TABLE IF NOT EXISTS `lake`.`transactions_landing` (
                  `transaction_id` bigint,
                  `user_id` bigint,
                  `total_cost` decimal(10,2),
                  `dt` date,
                  `__deleted` string,
                  `__offset` bigint
                )
                PARTITIONED BY (`partition` bigint)
                ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
                LOCATION 's3://lake/raw/myserver.myschema.transactions/'
                TBLPROPERTIES (
                  'projection.enabled'='true',
                  'projection.partition.type'='integer',
                  'projection.partition.range'='0,15'
                )""");
  }

  @Test
  void athenaDateProjection() {
    TableMapping m = withPartitions(athena, "dt_folder:date(2020-01-01..NOW),region:injected");
    assertThat(new AthenaDdl().createLanding(m))
        .contains("PARTITIONED BY (`dt_folder` string, `region` string)")
        .contains(
            """
                          'projection.dt_folder.type'='date',
                          'projection.dt_folder.range'='2020-01-01,NOW',
                          'projection.dt_folder.format'='yyyy-MM-dd',
                          'projection.dt_folder.interval'='1',
                          'projection.dt_folder.interval.unit'='DAYS',
                          'projection.region.type'='injected'
                        """);
  }

  @Test
  void athenaIcebergTarget() {
    assertThat(new AthenaDdl().createTarget(athena))
        .isEqualTo(
            """
                CREATE TABLE IF NOT EXISTS `lake`.`transactions` (
                  `transaction_id` bigint,
                  `user_id` bigint,
                  `total_cost` decimal(10,2),
                  `dt` date,
                  `__offset` bigint
                )
                PARTITIONED BY (`dt`)
                LOCATION 's3://warehouse/transactions/'
                TBLPROPERTIES ('table_type'='ICEBERG', 'format'='parquet')""");
  }

  @Test
  void transformsInBothDialects() {
    List<Column> columns = athena.targetColumns();
    List<PartitionTransform> t =
        PartitionTransform.parseList(
            "day(dt), bucket(16, user_id), truncate(4,transaction_id)", columns, "x");
    TableMapping a = withTransforms(athena, t);
    TableMapping b = withTransforms(trino, t);
    assertThat(new AthenaDdl().createTarget(a))
        .contains(
            "PARTITIONED BY (day(`dt`), bucket(16, `user_id`), truncate(4, `transaction_id`))");
    assertThat(new TrinoDdl("7d").createTarget(b))
        .contains(
            "partitioning = ARRAY['day(dt)', 'bucket(user_id, 16)', 'truncate(transaction_id, 4)']");
  }

  @Test
  void athenaNeedsATargetLocation() {
    TableMapping noLocation =
        new TableMapping(
            athena.alias(),
            athena.topic(),
            athena.landing(),
            athena.landingLocation(),
            athena.landingFormat(),
            athena.columns(),
            athena.landingPartitions(),
            athena.target(),
            java.util.Optional.empty(),
            athena.keys(),
            athena.position(),
            athena.deleteColumn(),
            athena.deleteMode(),
            athena.mergeColumns(),
            athena.targetPartitioning());
    assertThatThrownBy(() -> new AthenaDdl().createTarget(noLocation))
        .hasMessageStartingWith("table.transactions.target.location: ");
  }

  @Test
  void athenaEvolutionAndMaintenance() {
    AthenaDdl ddl = new AthenaDdl();
    assertThat(
            ddl.addTargetColumns(
                athena, Column.parseList("note:string,amount:decimal(12,2),small:smallint", "x")))
        .containsExactly(
            "ALTER TABLE `lake`.`transactions` ADD COLUMNS (`note` string, `amount` decimal(12,2), `small` int)");
    assertThat(ddl.addLandingColumns(athena, Column.parseList("small:smallint", "x")))
        .containsExactly(
            "ALTER TABLE `lake`.`transactions_landing` ADD COLUMNS (`small` smallint)");
    assertThat(ddl.optimize(athena))
        .isEqualTo("OPTIMIZE \"lake\".\"transactions\" REWRITE DATA USING BIN_PACK");
    assertThat(ddl.vacuum(athena)).containsExactly("VACUUM \"lake\".\"transactions\"");
  }

  @Test
  void trinoLandingTableInTheHiveCatalog() {
    assertThat(new TrinoDdl("7d").createLanding(trino))
        .isEqualTo(
            """
                CREATE TABLE IF NOT EXISTS "hive"."lake"."transactions_landing" (
                  "transaction_id" bigint,
                  "user_id" bigint,
                  "total_cost" decimal(10,2),
                  "dt" date,
                  "__deleted" varchar,
                  "__offset" bigint,
                  "partition" bigint WITH (partition_projection_type = 'integer', partition_projection_range = ARRAY['0', '15'])
                )
                WITH (
                  external_location = 's3://lake/raw/myserver.myschema.transactions/',
                  format = 'JSON',
                  partitioned_by = ARRAY['partition'],
                  partition_projection_enabled = true
                )""");
  }

  @Test
  void trinoIcebergTargetEvolutionAndMaintenance() {
    TrinoDdl ddl = new TrinoDdl("7d");
    assertThat(ddl.createTarget(trino))
        .isEqualTo(
            """
                CREATE TABLE IF NOT EXISTS "iceberg"."lake"."transactions" (
                  "transaction_id" bigint,
                  "user_id" bigint,
                  "total_cost" decimal(10,2),
                  "dt" date,
                  "__offset" bigint
                )
                WITH (
                  format = 'PARQUET',
                  partitioning = ARRAY['dt'],
                  location = 's3://warehouse/transactions/'
                )""");
    assertThat(ddl.addTargetColumns(trino, Column.parseList("note:string,at:timestamp", "x")))
        .containsExactly(
            "ALTER TABLE \"iceberg\".\"lake\".\"transactions\" ADD COLUMN IF NOT EXISTS \"note\" varchar",
            "ALTER TABLE \"iceberg\".\"lake\".\"transactions\" ADD COLUMN IF NOT EXISTS \"at\" timestamp(6)");
    assertThat(ddl.addLandingColumns(trino, Column.parseList("at:timestamp", "x")))
        .containsExactly(
            "ALTER TABLE \"hive\".\"lake\".\"transactions_landing\" ADD COLUMN IF NOT EXISTS \"at\" timestamp(3)");
    assertThat(ddl.optimize(trino))
        .isEqualTo("ALTER TABLE \"iceberg\".\"lake\".\"transactions\" EXECUTE optimize");
    assertThat(ddl.vacuum(trino))
        .containsExactly(
            "ALTER TABLE \"iceberg\".\"lake\".\"transactions\" EXECUTE expire_snapshots(retention_threshold => '7d')",
            "ALTER TABLE \"iceberg\".\"lake\".\"transactions\" EXECUTE remove_orphan_files(retention_threshold => '7d')");
    assertThatThrownBy(() -> new TrinoDdl("7d'); DROP")).hasMessageContaining("retention");
  }

  @Test
  void reservedPartitionColumnIsQuotedInsideTrinoPartitioning() {
    List<Column> cols = Column.parseList("id:bigint,order:date,p:bigint", "x");
    TableMapping m =
        new TableMapping(
            "t",
            "t",
            Fixtures.name("hive", "s", "t_landing"),
            "s3://b/t/",
            io.tidemark.connect.athena.mapping.LandingFormat.JSONL,
            cols,
            List.of(),
            Fixtures.name("iceberg", "s", "t"),
            java.util.Optional.empty(),
            List.of(Fixtures.id("id")),
            Fixtures.id("p"),
            java.util.Optional.empty(),
            DeleteMode.HARD,
            List.of(Fixtures.id("order")),
            PartitionTransform.parseList("month(order)", cols, "x"));
    assertThat(new TrinoDdl("7d").createTarget(m))
        .contains("partitioning = ARRAY['month(\"order\")']");
  }

  private static TableMapping withPartitions(TableMapping m, String spec) {
    return new TableMapping(
        m.alias(),
        m.topic(),
        m.landing(),
        m.landingLocation(),
        m.landingFormat(),
        m.columns(),
        LandingPartition.parseList(spec, "x"),
        m.target(),
        m.targetLocation(),
        m.keys(),
        m.position(),
        m.deleteColumn(),
        m.deleteMode(),
        m.mergeColumns(),
        m.targetPartitioning());
  }

  private static TableMapping withTransforms(TableMapping m, List<PartitionTransform> t) {
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
        m.keys(),
        m.position(),
        m.deleteColumn(),
        m.deleteMode(),
        m.mergeColumns(),
        t);
  }
}
