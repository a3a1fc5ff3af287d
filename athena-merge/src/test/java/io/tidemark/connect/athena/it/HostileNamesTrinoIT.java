package io.tidemark.connect.athena.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.connect.athena.Fixtures;
import io.tidemark.connect.athena.engine.QueryEngine;
import io.tidemark.connect.athena.engine.TrinoQueryEngine;
import io.tidemark.connect.athena.mapping.Column;
import io.tidemark.connect.athena.mapping.TableMapping;
import io.tidemark.connect.athena.plan.BatchPlanner;
import io.tidemark.connect.athena.plan.CommitEvent;
import io.tidemark.connect.athena.plan.MergeBatch;
import io.tidemark.connect.athena.sql.TrinoDdl;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.component.S3Server;
import io.tidemark.stack.component.TrinoServer;
import io.tidemark.stack.kit.HostileNames;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The generated Trino DDL and the shared MERGE on real Trino with the Athena name of every {@link
 * HostileNames} case as a column (as configured, or as {@code NormalizeIdentifiers} lands it):
 * reserved words, a leading digit, names of only underscores, 200 characters; the key is {@code
 * order}, which also partitions the Iceberg target. The landing table reads JSONL objects keyed by
 * those names, the MERGE upserts and deletes, and the target ends with exactly those columns and
 * rows, next to an untouched sentinel table {@code t}.
 */
@ExtendWith(MergeStackExtension.class)
class HostileNamesTrinoIT {

  private static final String TOPIC = "hn.hn_it.hostile";
  private static final String KEY = "order";

  private static List<String> dataColumns() {
    Set<String> names = new LinkedHashSet<>();
    HostileNames.cases().forEach(c -> names.add(c.athenaName()));
    names.remove(KEY);
    return new ArrayList<>(names);
  }

  private static String row(
      ObjectMapper json,
      List<String> columns,
      long key,
      String value,
      boolean deleted,
      long offset) {
    ObjectNode node = json.createObjectNode().put(KEY, key);
    columns.forEach(c -> node.put(c, value + "-" + c.length()));
    return node.put("__deleted", Boolean.toString(deleted)).put("__offset", offset).toString();
  }

  private static String quote(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  @Test
  void hostileColumnNamesSurviveDdlAndMergeOnTrino(LocalStack stack) throws Exception {
    TrinoServer trino = stack.get(TrinoServer.class);
    List<String> columns = dataColumns();
    TableMapping mapping =
        Fixtures.hostile(
            "hostile_names",
            TOPIC,
            "hive",
            "iceberg",
            Optional.empty(),
            S3Server.BUCKET,
            KEY,
            columns);
    TrinoDdl ddl = new TrinoDdl("7d");
    ObjectMapper json = new ObjectMapper();
    S3Client s3 = stack.s3().client();
    try (QueryEngine engine =
            new TrinoQueryEngine(
                () -> DriverManager.getConnection(trino.jdbcUrl(), TrinoServer.USER, null),
                Clock.systemUTC());
        Connection check = DriverManager.getConnection(trino.jdbcUrl(), TrinoServer.USER, null)) {
      engine.execute(
          "CREATE SCHEMA IF NOT EXISTS iceberg.lake WITH (location = 's3://"
              + S3Server.BUCKET
              + "/warehouse/lake')",
          "s");
      engine.execute("CREATE TABLE IF NOT EXISTS iceberg.lake.t (x integer)", "sentinel");
      engine.execute("INSERT INTO iceberg.lake.t VALUES (1)", "sentinel-row");
      engine.execute(ddl.createLanding(mapping), "l");
      engine.execute(ddl.createTarget(mapping), "t");
      if (mapping.hardDeletes()) {
        engine.execute(ddl.createTombstones(mapping), "gt");
      }

      List<CommitEvent> first =
          List.of(
              TrinoMergeIT.put(
                  s3,
                  TOPIC,
                  0,
                  0,
                  row(json, columns, 1, "one", false, 0),
                  row(json, columns, 2, "two", false, 1)));
      List<CommitEvent> second =
          List.of(
              TrinoMergeIT.put(
                  s3,
                  TOPIC,
                  0,
                  2,
                  row(json, columns, 1, "one again", false, 2),
                  row(json, columns, 2, "two", true, 3),
                  row(json, columns, 3, "three", false, 4)));
      for (List<CommitEvent> events : List.of(first, second)) {
        for (MergeBatch b : BatchPlanner.athenaDefaults(1000).plan(mapping, events)) {
          engine.execute(b.sql(), b.requestToken(0));
        }
      }

      List<String> expectedColumns =
          mapping.targetColumns().stream().map(c -> c.name().name()).toList();
      assertThat(
              TrinoMergeIT.rows(
                  check,
                  "SELECT column_name FROM iceberg.information_schema.columns"
                      + " WHERE table_schema = 'lake' AND table_name = 'hostile_names' ORDER BY ordinal_position"))
          .as("the target's columns are exactly the configured names")
          .containsExactlyElementsOf(expectedColumns);
      String select =
          mapping.targetColumns().stream()
              .map(Column::name)
              .map(n -> quote(n.name()))
              .collect(Collectors.joining(", "));
      List<String> expectedRows = new ArrayList<>();
      for (Object[] r : new Object[][] {{1L, "one again", 2L}, {3L, "three", 4L}}) {
        List<String> cells = new ArrayList<>();
        cells.add(r[0].toString());
        columns.forEach(c -> cells.add(r[1] + "-" + c.length()));
        cells.add(r[2].toString());
        expectedRows.add(String.join("|", cells));
      }
      assertThat(
              TrinoMergeIT.rows(
                  check,
                  "SELECT " + select + " FROM iceberg.lake.hostile_names ORDER BY " + quote(KEY)))
          .containsExactlyElementsOf(expectedRows);
      assertThat(TrinoMergeIT.rows(check, "SELECT x FROM iceberg.lake.t"))
          .as("the sentinel table")
          .containsExactly("1");
    }
  }
}
