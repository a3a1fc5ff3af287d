package io.tidemark.connect.athena;

import io.tidemark.connect.athena.mapping.Column;
import io.tidemark.connect.athena.mapping.DeleteMode;
import io.tidemark.connect.athena.mapping.LandingFormat;
import io.tidemark.connect.athena.mapping.LandingPartition;
import io.tidemark.connect.athena.mapping.PartitionTransform;
import io.tidemark.connect.athena.mapping.TableMapping;
import io.tidemark.connect.athena.plan.CommitEvent;
import io.tidemark.connect.athena.sql.Identifier;
import io.tidemark.connect.athena.sql.QualifiedName;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The demo's tables as mappings, shared by the tests. */
public final class Fixtures {

  private Fixtures() {}

  public static Identifier id(String name) {
    return Identifier.of(name, "test");
  }

  public static QualifiedName name(String catalog, String schema, String table) {
    return new QualifiedName(catalog, id(schema), id(table));
  }

  /** users(id, registration_date) + __offset, __deleted; landing partitioned by Kafka partition. */
  public static TableMapping users(String landingCatalog, String targetCatalog, DeleteMode mode) {
    return new TableMapping(
        "users",
        "myserver.myschema.users",
        name(landingCatalog, "lake", "users_landing"),
        "s3://lake/raw/myserver.myschema.users/",
        LandingFormat.JSONL,
        Column.parseList(
            "id:bigint,registration_date:date,__deleted:string,__offset:bigint", "test"),
        LandingPartition.parseList("partition:integer(0..15)", "test"),
        name(targetCatalog, "lake", "users"),
        Optional.of("s3://warehouse/users"),
        List.of(id("id")),
        id("__offset"),
        Optional.of(id("__deleted")),
        mode,
        List.of(id("id"), id("registration_date")),
        List.of());
  }

  /** transactions partitioned by dt in the landing zone and by dt in Iceberg. */
  public static TableMapping transactions(String landingCatalog, String targetCatalog) {
    return transactions(landingCatalog, targetCatalog, DeleteMode.HARD);
  }

  /** transactions with the given delete mode. */
  public static TableMapping transactions(
      String landingCatalog, String targetCatalog, DeleteMode mode) {
    List<Column> columns =
        Column.parseList(
            "transaction_id:bigint,user_id:bigint,total_cost:decimal(10,2),dt:date,__deleted:string,__offset:bigint",
            "test");
    return new TableMapping(
        "transactions",
        "myserver.myschema.transactions",
        name(landingCatalog, "lake", "transactions_landing"),
        "s3://lake/raw/myserver.myschema.transactions/",
        LandingFormat.JSONL,
        columns,
        LandingPartition.parseList("partition:integer(0..15)", "test"),
        name(targetCatalog, "lake", "transactions"),
        Optional.of("s3://warehouse/transactions/"),
        List.of(id("transaction_id")),
        id("__offset"),
        Optional.of(id("__deleted")),
        mode,
        columns.stream().map(Column::name).toList(),
        PartitionTransform.parseList("dt", columns, "test"));
  }

  /**
   * A table whose names come from the hostile name list: {@code key} (bigint, the key, and the
   * target's identity partitioning), a string column per {@code columns}, {@code __deleted}, {@code
   * __offset}; the landing table partitioned by Kafka partition, as the S3 sink lands it.
   */
  public static TableMapping hostile(
      String table,
      String topic,
      String landingCatalog,
      String targetCatalog,
      Optional<String> targetLocation,
      String bucket,
      String key,
      List<String> columns) {
    StringBuilder spec = new StringBuilder(key + ":bigint");
    columns.forEach(c -> spec.append(',').append(c).append(":string"));
    List<Column> parsed =
        Column.parseList(spec + ",__deleted:string,__offset:bigint", "table." + table + ".columns");
    return new TableMapping(
        table,
        topic,
        name(landingCatalog, "lake", table + "_landing"),
        "s3://" + bucket + "/raw/" + topic + "/",
        LandingFormat.JSONL,
        parsed,
        LandingPartition.parseList("partition:integer(0..3)", "test"),
        name(targetCatalog, "lake", table),
        targetLocation,
        List.of(id(key)),
        id("__offset"),
        Optional.of(id("__deleted")),
        DeleteMode.HARD,
        parsed.stream().map(Column::name).toList(),
        PartitionTransform.parseList(key, parsed, "test"));
  }

  public static CommitEvent event(String topic, int partition, long start, long end) {
    String key =
        "raw/"
            + topic
            + "/partition="
            + partition
            + "/"
            + topic
            + "+"
            + partition
            + "+"
            + String.format("%020d", start)
            + ".jsonl";
    return new CommitEvent(
        "lake",
        key,
        topic,
        partition,
        start,
        end,
        end - start + 1,
        100,
        new TreeMap<>(Map.of("partition", Integer.toString(partition))),
        Optional.of("fp"));
  }
}
