package io.tidemark.stack.cli;

import io.tidemark.configs.ConnectorConfig;
import io.tidemark.stack.LocalStack;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * The demo's pipeline with the demo's settings, deployed by the demo's own code on a demo stack
 * ({@link Tidemark#demoStack}) but without the demo's stream of changes: for benchmarks that
 * measure what {@code ./tidemark demo} runs (e2e's {@code FreshnessBench}). Creates {@code
 * myschema.users} and {@code myschema.transactions} with the seed rows, then deploys Debezium, the
 * S3 sinks, the Redshift sink and the Athena MERGE companion.
 */
public final class DemoPipeline implements AutoCloseable {
  public static final String MYSQL_DATABASE = DemoScenario.DATABASE;

  /**
   * The Redshift sink's copy of {@code myschema.transactions} (PostgreSQL database {@code dev}).
   */
  public static final String REDSHIFT_TRANSACTIONS_TABLE = RedshiftStage.TRANSACTIONS_TABLE;

  /** The Iceberg copy of {@code myschema.transactions}, as Trino names it. */
  public static final String ICEBERG_TRANSACTIONS_TABLE =
      "iceberg." + IcebergStage.SCHEMA + ".transactions";

  /** Where the {@code s3-landing} sink publishes one commit event per landed object. */
  public static final String COMMITS_TOPIC = LakeStage.COMMITS_TOPIC;

  private final List<DemoStage> stages;
  private final List<ConnectorConfig> connectors;

  private DemoPipeline(List<DemoStage> stages, List<ConnectorConfig> connectors) {
    this.stages = stages;
    this.connectors = connectors;
  }

  /** Deploys the pipeline and waits until every connector runs; prints what it deploys. */
  public static DemoPipeline deploy(LocalStack stack, PrintStream out, Duration timeout) {
    List<DemoStage> stages = Demo.stages();
    DemoContext demo =
        new DemoContext(
            stack, out, new DemoScenario(LocalDate.now(ZoneOffset.UTC)), timeout, Map::of);
    try {
      return new DemoPipeline(stages, List.copyOf(Demo.deploy(demo, stages)));
    } catch (RuntimeException e) {
      stages.forEach(DemoStage::close);
      throw e;
    }
  }

  /** The Debezium topic of a {@code myschema} table. */
  public static String topic(String table) {
    return DemoContext.TOPIC_PREFIX + "." + MYSQL_DATABASE + "." + table;
  }

  /** The deployed connectors as rendered from the shipped configs, in pipeline order. */
  public List<ConnectorConfig> connectors() {
    return connectors;
  }

  @Override
  public void close() {
    stages.forEach(DemoStage::close);
  }
}
