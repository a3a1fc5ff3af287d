package io.tidemark.connect.redshift;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.configs.ConnectorConfig;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.junit.LocalStackExtension;
import io.tidemark.stack.kit.HostileNames;
import io.tidemark.stack.kit.TopicReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hostile names on the real path: a MariaDB table whose name has a space, an umlaut and a
 * semicolon, with a column for every {@link HostileNames} case MySQL can hold (one per documented
 * Redshift name) -> Debezium (which sanitises the table name into the topic) -> Kafka -> the
 * shipped Redshift sink on both load paths -> the Data API stand-in. The columns land under the
 * documented names, the rows equal MySQL, the schema holds only the target, the offsets table and a
 * sentinel table named {@code t} (which a column named {@code x; DROP TABLE t; --} would drop if it
 * ever ran as SQL), and the two tables that cannot land (two columns normalising to one name, a
 * column named like a stage column) are dead-lettered with the reason.
 */
@ExtendWith(LocalStackExtension.class)
class HostileNamesRedshiftIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(180);
  private static final String DATABASE = "hn_it";
  private static final String TABLE = "Tabelle ümlaut;x";

  /** Debezium replaces every character Kafka does not allow in a topic name with '_'. */
  private static final String TOPIC = "hn." + DATABASE + ".Tabelle__mlaut_x";

  private static final String COLLIDING_TOPIC = "hn." + DATABASE + ".colliding";
  private static final String STAGE_TOPIC = "hn." + DATABASE + ".stage_column";
  private static final String TARGET = "hn_hn_it_tabelle__mlaut_x";
  private static final List<String> PATHS = List.of("insert", "copy");

  /**
   * The hostile columns: every case MySQL can hold, the first one of each documented Redshift name.
   */
  private static final List<HostileNames.Case> COLUMNS = columns();

  private static List<HostileNames.Case> columns() {
    Map<String, HostileNames.Case> byTarget = new LinkedHashMap<>();
    for (HostileNames.Case c : HostileNames.cases()) {
      if (c.mysqlColumn() && c.redshift().name().isPresent()) {
        byTarget.putIfAbsent(c.redshift().name().get(), c);
      }
    }
    return List.copyOf(byTarget.values());
  }

  private static String mysql(String name) {
    return '`' + name.replace("`", "``") + '`';
  }

  private static String postgres(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  @Test
  void hostileNamesLandUnderTheDocumentedNamesAndNeverRunAsSql(LocalStack stack) throws Exception {
    String columnDefs =
        COLUMNS.stream()
            .map(c -> mysql(c.name()) + " VARCHAR(40)")
            .collect(Collectors.joining(", "));
    stack
        .mysql()
        .execute(
            "CREATE DATABASE " + DATABASE,
            "CREATE TABLE "
                + DATABASE
                + "."
                + mysql(TABLE)
                + " (id INT PRIMARY KEY, "
                + columnDefs
                + ")",
            "CREATE TABLE " + DATABASE + ".colliding (id INT PRIMARY KEY, `a b` INT, `a;b` INT)",
            "CREATE TABLE " + DATABASE + ".stage_column (id INT PRIMARY KEY, `__tm_op` INT)");
    insert(stack, 1, "snapshot");
    for (String path : PATHS) {
      stack
          .postgres()
          .execute("dev", "CREATE SCHEMA hn_" + path, "CREATE TABLE hn_" + path + ".t (x INTEGER)");
    }
    stack.deploy(
        ConnectorConfig.load("local/debezium-mariadb.json").named("hn-it-cdc"),
        Map.of("TOPIC_PREFIX", "hn", "MYSQL_DATABASES", DATABASE, "MYSQL_SERVER_ID", "5531"),
        TIMEOUT);
    try (TopicReader reader = new TopicReader(stack.kafka().bootstrapServers(), TOPIC)) {
      reader.readUntil(records -> records.size() >= 1, TIMEOUT);
    }
    stack
        .mysql()
        .execute(
            "INSERT INTO " + DATABASE + ".colliding VALUES (1, 1, 2)",
            "INSERT INTO " + DATABASE + ".stage_column VALUES (1, 1)");
    for (String path : PATHS) {
      stack.deploy(
          RedshiftSinkIT.shippedConfig(),
          Map.of(
              "CONNECTOR_NAME",
              sink(path),
              "TOPICS",
              String.join(",", TOPIC, COLLIDING_TOPIC, STAGE_TOPIC),
              "REDSHIFT_SCHEMA",
              "hn_" + path,
              "REDSHIFT_LOAD_PATH",
              path,
              "REDSHIFT_COPY_MIN_ROWS",
              "1",
              "ERRORS_TOLERANCE",
              "all",
              "DLQ_TOPIC",
              dlq(path)),
          TIMEOUT);
    }
    insert(stack, 2, "it's; --");
    insert(stack, 3, "third");
    try (Connection connection = stack.mysql().connection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "UPDATE "
              + DATABASE
              + "."
              + mysql(TABLE)
              + " SET "
              + mysql(COLUMNS.get(0).name())
              + " = 'updated' WHERE id = 2");
      statement.execute("DELETE FROM " + DATABASE + "." + mysql(TABLE) + " WHERE id = 3");
    }

    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()))) {
      assertThat(admin.listTopics().names().get())
          .as("Debezium's sanitised topic names")
          .contains(TOPIC, COLLIDING_TOPIC, STAGE_TOPIC);
    }
    for (String path : PATHS) {
      awaitEqual(stack, path);
      String schema = "hn_" + path;
      try (Connection pg = stack.postgres().connection("dev")) {
        List<String> landed =
            RedshiftSinkIT.rows(
                    pg,
                    "SELECT column_name FROM information_schema.columns"
                        + " WHERE table_schema = '"
                        + schema
                        + "' AND table_name = '"
                        + TARGET
                        + "' ORDER BY ordinal_position")
                .stream()
                .map(r -> r.get(0))
                .toList();
        List<String> expected = new ArrayList<>(List.of("id"));
        COLUMNS.forEach(c -> expected.add(c.redshift().name().orElseThrow()));
        assertThat(landed.subList(0, Math.min(expected.size(), landed.size())))
            .as(path + ": the columns under their documented names")
            .containsExactlyElementsOf(expected);
        assertThat(landed.subList(expected.size(), landed.size()))
            .as("then only CdcUnwrap's metadata columns")
            .isNotEmpty()
            .allMatch(n -> n.startsWith("__"));
        assertThat(
                RedshiftSinkIT.rows(
                    pg,
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                        + schema
                        + "' ORDER BY 1"))
            .as(path + ": nothing but the target, the offsets table and the sentinel")
            .containsExactly(List.of(TARGET), List.of("t"), List.of("tidemark_offsets"));
      }
      Map<String, String> dead = RedshiftSinkIT.deadLetters(stack, dlq(path), 2);
      assertThat(dead.values())
          .as(path + " dead letter reasons")
          .satisfiesExactlyInAnyOrder(
              reason ->
                  assertThat(reason).contains(COLLIDING_TOPIC + "-0@", "'a b', 'a;b' -> 'a_b'"),
              reason ->
                  assertThat(reason)
                      .contains(
                          STAGE_TOPIC + "-0@",
                          "field '__tm_op'",
                          "reserved for the sink's stage table"));
      assertThat(stack.connect().rest().status(sink(path)).toString()).doesNotContain("FAILED");
    }
    for (String path : PATHS) {
      stack.connect().rest().delete(sink(path));
    }
    stack.connect().rest().delete("hn-it-cdc");
  }

  private static void insert(LocalStack stack, int id, String value) {
    String values =
        COLUMNS.stream()
            .map(c -> "'" + value.replace("'", "''") + "'")
            .collect(Collectors.joining(", "));
    stack
        .mysql()
        .execute(
            "INSERT INTO "
                + DATABASE
                + "."
                + mysql(TABLE)
                + " VALUES ("
                + id
                + ", "
                + values
                + ")");
  }

  private static String sink(String path) {
    return "hostile-names-it-" + path;
  }

  private static String dlq(String path) {
    return "hn.dlq." + path;
  }

  private static void awaitEqual(LocalStack stack, String path) throws Exception {
    String mysqlColumns =
        COLUMNS.stream().map(c -> mysql(c.name())).collect(Collectors.joining(", "));
    String pgColumns =
        COLUMNS.stream()
            .map(c -> postgres(c.redshift().name().orElseThrow()))
            .collect(Collectors.joining(", "));
    Instant deadline = Instant.now().plus(TIMEOUT);
    List<List<String>> source = List.of();
    List<List<String>> target = List.of();
    while (Instant.now().isBefore(deadline)) {
      try (Connection mysql = stack.mysql().connection()) {
        source =
            RedshiftSinkIT.rows(
                mysql,
                "SELECT id, "
                    + mysqlColumns
                    + " FROM "
                    + DATABASE
                    + "."
                    + mysql(TABLE)
                    + " ORDER BY id");
      }
      try (Connection pg = stack.postgres().connection("dev")) {
        target =
            RedshiftSinkIT.rows(
                pg, "SELECT id, " + pgColumns + " FROM hn_" + path + "." + TARGET + " ORDER BY id");
      } catch (SQLException notThereYet) {
        target = List.of();
      }
      if (source.size() == 2 && source.equals(target)) {
        return;
      }
      Thread.sleep(500);
    }
    assertThat(target).as("rows in Redshift (stand-in), " + path + " load path").isEqualTo(source);
  }
}
