package io.tidemark.connect.athena.run;

import io.tidemark.connect.athena.engine.QueryEngine;
import io.tidemark.connect.athena.engine.RetryingRunner;
import io.tidemark.connect.athena.mapping.Column;
import io.tidemark.connect.athena.mapping.TableMapping;
import io.tidemark.connect.athena.sql.DdlGenerator;
import io.tidemark.connect.athena.sql.Identifier;
import io.tidemark.connect.athena.sql.QualifiedName;
import io.tidemark.connect.athena.sql.Quoting;
import io.tidemark.connect.athena.sql.SqlLiterals;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs at start: creates missing landing and target tables ({@code ddl.create.enabled}) and the
 * tombstone tables of hard deletes (always) and adds configured columns the tables lack ({@code
 * schema.evolution.enabled}), reading the existing columns from {@code information_schema} so
 * Athena's {@code ADD COLUMNS} (which has no IF NOT EXISTS) only names new ones. Request tokens
 * carry a per-start nonce: a catalog lookup must not be answered by an earlier execution.
 */
public final class TableSetup {

  private static final Logger LOG = LoggerFactory.getLogger(TableSetup.class);

  private final QueryEngine engine;
  private final RetryingRunner runner;
  private final DdlGenerator ddl;
  private final String logPrefix;
  private final String nonce = UUID.randomUUID().toString();

  public TableSetup(QueryEngine engine, RetryingRunner runner, DdlGenerator ddl, String logPrefix) {
    this.engine = engine;
    this.runner = runner;
    this.ddl = ddl;
    this.logPrefix = logPrefix;
  }

  public void create(TableMapping m) {
    run("create-landing:" + m.alias(), ddl.createLanding(m));
    run("create-target:" + m.alias(), ddl.createTarget(m));
  }

  /**
   * Creates the tombstone table of a table with hard deletes if it is missing, whatever {@code
   * ddl.create.enabled} says: it is this connector's own state (README "Deletes stay deleted"), and
   * the MERGE reads it.
   */
  public void createTombstones(TableMapping m) {
    if (m.hardDeletes()) {
      run("create-tombstones:" + m.alias(), ddl.createTombstones(m));
    }
  }

  /** Runs extra statements (e.g. the aggregate's DDL) the same way. */
  public void run(String purpose, String sql) {
    runner.run("setup:" + nonce + ":" + purpose, sql);
  }

  /** Adds the configured columns missing from the landing and the target table. */
  public void evolve(TableMapping m) {
    List<Column> landing = missing(m.landing(), m.columns());
    if (!landing.isEmpty()) {
      LOG.info(
          "{}table {}: adding columns {} to {}", logPrefix, m.alias(), names(landing), m.landing());
      ddl.addLandingColumns(m, landing).forEach(sql -> run("evolve-landing:" + m.alias(), sql));
    }
    List<Column> target = missing(m.target(), m.targetColumns());
    if (!target.isEmpty()) {
      LOG.info(
          "{}table {}: adding columns {} to {}", logPrefix, m.alias(), names(target), m.target());
      ddl.addTargetColumns(m, target).forEach(sql -> run("evolve-target:" + m.alias(), sql));
    }
  }

  private List<Column> missing(QualifiedName table, List<Column> wanted) {
    String sql =
        "SELECT column_name FROM "
            + Quoting.DOUBLE_QUOTES.withCatalog(
                new QualifiedName(
                    table.catalog(),
                    Identifier.of("information_schema", "catalog"),
                    Identifier.of("columns", "catalog")))
            + " WHERE table_schema = "
            + SqlLiterals.string(table.schema().name())
            + " AND table_name = "
            + SqlLiterals.string(table.table().name());
    Set<String> existing = new HashSet<>();
    for (List<String> row :
        engine.query(sql, "tm-columns-" + nonce + "-" + table.table().name().hashCode())) {
      existing.add(row.get(0).toLowerCase(Locale.ROOT));
    }
    if (existing.isEmpty()) {
      throw new IllegalStateException(
          table + " does not exist (set ddl.create.enabled=true or create it" + ")");
    }
    return wanted.stream().filter(c -> !existing.contains(c.name().name())).toList();
  }

  private static List<String> names(List<Column> columns) {
    return columns.stream().map(c -> c.name().name()).toList();
  }
}
