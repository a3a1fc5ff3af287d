package io.tidemark.stack.athena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The DDL forms athena-merge's AthenaDdl emits (copied shapes), DML passthrough, and refusals. */
class AthenaSqlTranslatorTest {

  private final AthenaSqlTranslator translator =
      new AthenaSqlTranslator("AwsDataCatalog", "hive", "iceberg");

  private List<String> translate(String sql, boolean iceberg) {
    return translator.translate(sql, "lake", (schema, table) -> iceberg).statements();
  }

  @Test
  void dmlRunsUnchangedWithTheAthenaCatalogMappedToHive() {
    String merge =
        "MERGE INTO \"AwsDataCatalog\".\"lake\".\"users\" AS t USING (SELECT * FROM \"AwsDataCatalog\".\"lake\".\"users_landing\" "
            + "WHERE \"$path\" IN ('s3://b/AwsDataCatalog.x/f.parquet')) AS s ON t.\"id\" = s.\"id\" WHEN NOT MATCHED THEN INSERT VALUES (s.\"id\")";
    List<String> out =
        translator.translate(merge, "lake", (schema, table) -> table.equals("users")).statements();
    assertThat(out)
        .containsExactly(
            merge
                .replace(
                    "\"AwsDataCatalog\".\"lake\".\"users\" AS", "\"iceberg\".\"lake\".\"users\" AS")
                .replace("\"AwsDataCatalog\".", "\"hive\"."));
    assertThat(out.get(0)).contains("'s3://b/AwsDataCatalog.x/f.parquet'");
    assertThat(translate("SELECT * FROM AwsDataCatalog.lake.x", false))
        .containsExactly("SELECT * FROM \"hive\".lake.x");
  }

  @Test
  void informationSchemaListsBothCatalogs() {
    assertThat(
            translate(
                "SELECT column_name FROM \"AwsDataCatalog\".\"information_schema\".\"columns\" WHERE table_name = 'users'",
                false))
        .containsExactly(
            "SELECT column_name FROM (SELECT * FROM \"hive\".\"information_schema\".\"columns\" UNION ALL "
                + "SELECT * FROM \"iceberg\".\"information_schema\".\"columns\") AS \"columns\" WHERE table_name = 'users'");
  }

  @Test
  void externalLandingTableWithProjectionBecomesAHiveTable() {
    String ddl =
        "CREATE EXTERNAL TABLE IF NOT EXISTS `lake`.`users_landing` (\n  `id` bigint,\n  `name` string,\n  `cost` decimal(10,2),\n  `ts` timestamp\n)\n"
            + "PARTITIONED BY (`partition` int)\nSTORED AS PARQUET\nLOCATION 's3://lake/raw/users/'\nTBLPROPERTIES (\n"
            + "  'projection.enabled'='true',\n  'projection.partition.type'='integer',\n  'projection.partition.range'='0,1023'\n)";
    assertThat(translate(ddl, false))
        .containsExactly(
            "CREATE TABLE IF NOT EXISTS \"hive\".\"lake\".\"users_landing\" ("
                + "\"id\" bigint, \"name\" varchar, \"cost\" decimal(10,2), \"ts\" timestamp(3), \"partition\" integer WITH ("
                + "partition_projection_type = 'integer', partition_projection_range = ARRAY['0', '1023'])) WITH ("
                + "external_location = 's3://lake/raw/users/', format = 'PARQUET', partitioned_by = ARRAY['partition'], "
                + "partition_projection_enabled = true)");
  }

  @Test
  void jsonSerdeAndDateProjection() {
    String ddl =
        "CREATE EXTERNAL TABLE IF NOT EXISTS `lake`.`tx_landing` (\n  `id` bigint\n)\nPARTITIONED BY (`dt` string)\n"
            + "ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'\nLOCATION 's3://lake/raw/tx/'\nTBLPROPERTIES (\n"
            + "  'projection.enabled'='true',\n  'projection.dt.type'='date',\n  'projection.dt.range'='2020-01-01,NOW',\n"
            + "  'projection.dt.format'='yyyy-MM-dd',\n  'projection.dt.interval'='1',\n  'projection.dt.interval.unit'='DAYS'\n)";
    assertThat(translate(ddl, false).get(0))
        .contains(
            "\"dt\" varchar WITH (partition_projection_type = 'date', "
                + "partition_projection_range = ARRAY['2020-01-01', 'NOW'], partition_projection_format = 'yyyy-MM-dd', "
                + "partition_projection_interval = 1, partition_projection_interval_unit = 'DAYS')")
        .contains("format = 'JSON'");
  }

  @Test
  void icebergTableWithTransformsInTrinoOrder() {
    String ddl =
        "CREATE TABLE IF NOT EXISTS `lake`.`transactions` (\n  `id` bigint,\n  `dt` date,\n  `ts` timestamp\n)\n"
            + "PARTITIONED BY (`dt`, bucket(16, `id`), day(`ts`))\nLOCATION 's3://w/transactions/'\n"
            + "TBLPROPERTIES ('table_type'='ICEBERG', 'format'='parquet')";
    assertThat(translate(ddl, false))
        .containsExactly(
            "CREATE TABLE IF NOT EXISTS \"iceberg\".\"lake\".\"transactions\" ("
                + "\"id\" bigint, \"dt\" date, \"ts\" timestamp(6)) WITH (format = 'PARQUET', "
                + "partitioning = ARRAY['dt', 'bucket(id, 16)', 'day(ts)'], location = 's3://w/transactions/')");
  }

  @Test
  void addColumnsOnePerStatementWithTheTableKindsTypes() {
    assertThat(
            translate(
                "ALTER TABLE `lake`.`users` ADD COLUMNS (`tier` string, `at` timestamp)", true))
        .containsExactly(
            "ALTER TABLE \"iceberg\".\"lake\".\"users\" ADD COLUMN IF NOT EXISTS \"tier\" varchar",
            "ALTER TABLE \"iceberg\".\"lake\".\"users\" ADD COLUMN IF NOT EXISTS \"at\" timestamp(6)");
    assertThat(translate("ALTER TABLE `users_landing` ADD COLUMNS (`tier` string)", false))
        .containsExactly(
            "ALTER TABLE \"hive\".\"lake\".\"users_landing\" ADD COLUMN IF NOT EXISTS \"tier\" varchar");
  }

  @Test
  void maintenance() {
    assertThat(translate("OPTIMIZE \"lake\".\"users\" REWRITE DATA USING BIN_PACK", true))
        .containsExactly("ALTER TABLE \"iceberg\".\"lake\".\"users\" EXECUTE optimize");
    assertThat(translate("VACUUM \"lake\".\"users\"", true))
        .hasSize(2)
        .allMatch(s -> s.startsWith("ALTER TABLE \"iceberg\".\"lake\".\"users\" EXECUTE "));
  }

  @Test
  void otherDdlIsRefusedWithAClearMessage() {
    assertThatThrownBy(() -> translate("DROP TABLE lake.users", true))
        .hasMessageContaining("does not run DROP statements");
    assertThatThrownBy(() -> translate("MSCK REPAIR TABLE lake.users_landing", false))
        .hasMessageContaining("does not run MSCK");
    assertThatThrownBy(
            () ->
                translate(
                    "CREATE TABLE lake.x (id int) LOCATION 's3://x/' TBLPROPERTIES ('table_type'='HIVE')",
                    false))
        .hasMessageContaining("Iceberg tables only");
    assertThatThrownBy(
            () ->
                translate(
                    "CREATE EXTERNAL TABLE lake.x (id int) ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde' "
                        + "LOCATION 's3://x/'",
                    false))
        .hasMessageContaining("JSON SerDes and Parquet only");
    assertThatThrownBy(() -> translate("CREATE TABLE lake.x AS SELECT 1", false))
        .hasMessageContaining("CREATE TABLE AS SELECT");
    assertThatThrownBy(
            () -> translate("ALTER TABLE lake.x ADD COLUMNS (c map<string,string>)", false))
        .hasMessageContaining("column type");
  }
}
