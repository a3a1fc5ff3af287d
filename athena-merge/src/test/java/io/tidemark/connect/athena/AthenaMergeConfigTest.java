package io.tidemark.connect.athena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.connect.athena.mapping.DeleteMode;
import io.tidemark.connect.athena.mapping.TableMapping;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class AthenaMergeConfigTest {

  static Map<String, String> demo() {
    Map<String, String> p = new HashMap<>();
    p.put("engine", "athena");
    p.put("athena.database", "lake");
    p.put("athena.output.location", "s3://results/");
    p.put("tables", "users,transactions");
    p.put("table.users.topic", "myserver.myschema.users");
    p.put("table.users.landing.location", "s3://lake/raw/myserver.myschema.users/");
    p.put("table.users.target", "users");
    p.put(
        "table.users.columns", "id:bigint,registration_date:date,__deleted:string,__offset:bigint");
    p.put("table.users.keys", "id");
    p.put("table.users.position.column", "__offset");
    p.put("table.users.delete.column", "__deleted");
    p.put("table.transactions.topic", "myserver.myschema.transactions");
    p.put("table.transactions.landing.location", "s3://lake/raw/myserver.myschema.transactions/");
    p.put("table.transactions.landing.partitions", "partition:integer(0..15)");
    p.put("table.transactions.target", "transactions");
    p.put("table.transactions.target.location", "s3://warehouse/transactions/");
    p.put("table.transactions.target.partitioning", "dt");
    p.put(
        "table.transactions.columns",
        "transaction_id:bigint,user_id:bigint,total_cost:decimal(10,2),dt:date,__deleted:string,__offset:bigint");
    p.put("table.transactions.keys", "transaction_id");
    p.put("table.transactions.position.column", "__offset");
    p.put("table.transactions.delete.column", "__deleted");
    p.put("table.transactions.delete.mode", "soft");
    return p;
  }

  private static Map<String, List<String>> errors(Map<String, String> props) {
    return AthenaMergeConfig.validate(props).configValues().stream()
        .filter(v -> !v.errorMessages().isEmpty())
        .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
  }

  @Test
  void demoConfigBuildsTheMappings() {
    assertThat(errors(demo())).isEmpty();
    AthenaMergeConfig c = new AthenaMergeConfig(demo());
    assertThat(c.engine()).isEqualTo(Engine.ATHENA);
    List<TableMapping> m = c.tableMappings();
    assertThat(m).extracting(TableMapping::alias).containsExactly("users", "transactions");
    TableMapping users = m.get(0);
    assertThat(users.landing().toString()).isEqualTo("AwsDataCatalog.lake.users_landing");
    assertThat(users.target().toString()).isEqualTo("AwsDataCatalog.lake.users");
    assertThat(users.landingPartitions()).hasSize(1);
    assertThat(users.mergeColumns())
        .extracting(Object::toString)
        .containsExactly("id", "registration_date", "__deleted", "__offset");
    assertThat(users.targetColumns())
        .extracting(x -> x.name().name())
        .containsExactly("id", "registration_date", "__offset");
    assertThat(m.get(1).deleteMode()).isEqualTo(DeleteMode.SOFT);
    assertThat(m.get(1).targetPartitioning()).hasSize(1);
  }

  @Test
  void aLandingPartitionNamedLikeADataColumnIsAConfigErrorOnTheLandingPartitions() {
    Map<String, String> p = demo();
    p.put("table.transactions.landing.partitions", "dt:date(2020-01-01..NOW)");
    assertThat(errors(p)).containsOnlyKeys("table.transactions.landing.partitions");
    assertThat(errors(p).get("table.transactions.landing.partitions").get(0))
        .startsWith(
            "table.transactions.landing.partitions: dt is also a column in table.transactions.columns")
        .contains("partitioner.time.path.format=landing_dt=YYYY-MM-dd");
    p.put("table.transactions.landing.partitions", "landing_dt:date(2020-01-01..NOW)");
    assertThat(errors(p)).isEmpty();
    p.put(
        "table.transactions.landing.partitions", "partition:integer(0..3),partition:integer(0..3)");
    assertThat(errors(p).get("table.transactions.landing.partitions").get(0))
        .endsWith("partition is listed twice");
  }

  @Test
  void trinoUsesItsCatalogs() {
    Map<String, String> p = demo();
    p.put("engine", "trino");
    p.put("trino.jdbc.url", "jdbc:trino://localhost:8080");
    p.put("trino.user", "tidemark");
    p.put("trino.schema", "lake");
    TableMapping users = new AthenaMergeConfig(p).tableMappings().get(0);
    assertThat(users.landing().toString()).isEqualTo("hive.lake.users_landing");
    assertThat(users.target().toString()).isEqualTo("iceberg.lake.users");
  }

  @Test
  void enumsFailLoudly() {
    Map<String, String> p = demo();
    p.put("engine", "Athena2");
    assertThat(errors(p)).containsOnlyKeys("engine");
    p = demo();
    p.put("table.users.delete.mode", "maybe");
    assertThat(errors(p)).containsOnlyKeys("table.users.delete.mode");
    p = demo();
    p.put("table.users.landing.format", "avro");
    assertThat(errors(p).get("table.users.landing.format").get(0))
        .contains("expected one of: jsonl, parquet");
  }

  @Test
  void engineRequirementsAreReportedOnTheirKeys() {
    Map<String, String> p = demo();
    p.remove("athena.database");
    assertThat(errors(p)).containsOnlyKeys("athena.database");
    assertThatThrownBy(() -> new AthenaMergeConfig(p))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("athena.database");
    Map<String, String> t = demo();
    t.put("engine", "trino");
    assertThat(errors(t)).containsOnlyKeys("trino.jdbc.url", "trino.user", "trino.schema");
    t.put("trino.jdbc.url", "jdbc:mysql://x");
    assertThat(errors(t).get("trino.jdbc.url").get(0)).contains("jdbc:trino://");
  }

  @Test
  void tableProblemsAreReportedOnTheTableKey() {
    Map<String, String> p = demo();
    p.put("table.users.keys", "nope");
    assertThat(errors(p)).containsOnlyKeys("table.users.keys");
    assertThat(errors(p).get("table.users.keys").get(0))
        .isEqualTo("table.users.keys: nope is not one of the columns");

    p = demo();
    p.put("table.users.keys", "i d");
    assertThat(errors(p)).containsOnlyKeys("table.users.keys");

    p = demo();
    p.remove("table.users.target");
    assertThat(errors(p)).containsOnlyKeys("table.users.target");

    p = demo();
    p.put("table.transactions.topic", "myserver.myschema.users");
    assertThat(errors(p)).containsOnlyKeys("table.transactions.topic");

    p = demo();
    p.put("table.users.target.partitioning", "day(nope)");
    assertThat(errors(p)).containsOnlyKeys("table.users.target.partitioning");

    p = demo();
    p.put("ddl.create.enabled", "true");
    assertThat(errors(p)).containsOnlyKeys("table.users.target.location");
  }

  @Test
  void hostileTableNames() {
    Map<String, String> p = demo();
    p.put("tables", "users,\"x;drop\"");
    assertThat(errors(p)).containsKey("tables");
    p.put("tables", "users,users");
    assertThat(errors(p)).containsKey("tables");
    p.put("tables", "a".repeat(300));
    assertThat(errors(p).get("tables").get(0)).contains("at most 255");
  }

  @Test
  void everyKeyIsDocumented() {
    assertThat(AthenaMergeConfig.configDef(demo()).configKeys().values())
        .allSatisfy(
            k -> {
              assertThat(k.documentation).as(k.name).isNotBlank();
              assertThat(k.group).as(k.name).isNotBlank();
            });
    assertThat(AthenaMergeConfig.configDef(demo()).configKeys())
        .containsKeys("table.users.keys", "table.transactions.delete.mode");
  }

  /** The hard-delete tombstones' retention (README "Deletes stay deleted"): at least a day. */
  @Test
  void tombstoneRetentionIsDeclaredAndValidatedOnItsKey() {
    Map<String, String> p = demo();
    assertThat(new AthenaMergeConfig(p).tombstoneRetention())
        .isEqualTo(java.time.Duration.ofDays(14));
    p.put("delete.tombstone.retention.ms", "3600000");
    assertThat(errors(p)).containsOnlyKeys("delete.tombstone.retention.ms");
    p.put("delete.tombstone.retention.ms", "86400000");
    assertThat(new AthenaMergeConfig(p).tombstoneRetention())
        .isEqualTo(java.time.Duration.ofDays(1));
  }

  @Test
  void backoffOrder() {
    Map<String, String> p = demo();
    p.put("retry.backoff.initial.ms", "5000");
    p.put("retry.backoff.max.ms", "1000");
    assertThat(errors(p)).containsOnlyKeys("retry.backoff.max.ms");
  }
}
