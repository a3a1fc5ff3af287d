package io.tidemark.stack.cli;

import io.tidemark.configs.ConnectorConfig;
import java.util.List;
import java.util.Map;

/**
 * One stage of the demo pipeline after Kafka (S3 landing, Redshift, Iceberg): what it deploys, a
 * progress line while the stream plays, its own check, and its copy of the compared tables for the
 * final side-by-side check. Adding a stage is one class and one line in {@link Demo#stages}.
 */
interface DemoStage extends AutoCloseable {
  /** Short name for progress lines and the column header of the final table, e.g. "Iceberg". */
  String name();

  /**
   * Deploys what the stage needs (schemas, connectors) before the changes flow; prints where to
   * look. Returns the connectors it deployed, as rendered (names and settings).
   */
  List<ConnectorConfig> deploy(DemoContext demo);

  /** One line on what the stage holds so far; printed after every step, so it must be quick. */
  String progress(DemoContext demo);

  /**
   * Waits until the stage has caught up with everything MySQL changed and runs the stage's own
   * check; prints what it found. False when the check failed or the stage did not catch up in time.
   */
  boolean awaitAndCheck(DemoContext demo);

  /**
   * The stage's copies of the compared tables ({@link MysqlTables#COMPARED}), as text rows in the
   * same order and format as MySQL's; tables the stage does not hold are absent.
   */
  default Map<String, List<String>> tables(DemoContext demo) {
    return Map.of();
  }

  /** Where a person can inspect the stage's data. */
  List<String> inspect(DemoContext demo);

  @Override
  default void close() {}
}
