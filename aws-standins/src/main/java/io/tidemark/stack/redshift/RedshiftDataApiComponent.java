package io.tidemark.stack.redshift;

import io.tidemark.stack.StackComponent;
import io.tidemark.stack.StackContext;
import io.tidemark.stack.StackException;
import io.tidemark.stack.aws.AwsJsonServer;
import io.tidemark.stack.component.Postgres;
import io.tidemark.stack.component.S3Server;
import io.tidemark.stack.process.Ports;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The Redshift Data API stand-in: an AWS JSON 1.1 endpoint on loopback that runs statements on the
 * stack's PostgreSQL and reads COPY input from the stack's S3. Point an SDK {@code
 * RedshiftDataClient} at {@link #endpoint()} with any static credentials, workgroup {@value
 * #WORKGROUP} (or cluster {@value #CLUSTER} with any SecretArn or DbUser) and database {@value
 * Postgres#DATABASE}.
 */
public final class RedshiftDataApiComponent implements StackComponent {
  public static final String WORKGROUP = "tidemark";
  public static final String CLUSTER = "tidemark-local";
  public static final String SECRET_ARN =
      "arn:aws:secretsmanager:us-east-1:000000000000:secret:tidemark-redshift";
  public static final String IAM_ROLE = "arn:aws:iam::000000000000:role/tidemark-redshift-copy";

  /**
   * Redshift functions PostgreSQL lacks, created in the database at start (PostgreSQL 17 has
   * JSON_SERIALIZE).
   */
  static final String[] COMPATIBILITY = {
    "CREATE OR REPLACE FUNCTION from_hex(text) RETURNS bytea LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT decode($1, 'hex') $$",
    "CREATE OR REPLACE FUNCTION json_parse(text) RETURNS jsonb LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT $1::jsonb $$",
    "CREATE OR REPLACE FUNCTION getdate() RETURNS timestamp LANGUAGE sql STABLE AS $$ SELECT LOCALTIMESTAMP $$"
  };

  private final int requestedPort;
  private final RedshiftFaults faults = new RedshiftFaults();
  private AwsJsonServer server;
  private StatementEngine engine;
  private RedshiftDataApiService service;
  private S3Client s3;
  private volatile RedshiftIsolation isolation = RedshiftIsolation.SNAPSHOT;

  public RedshiftDataApiComponent(int port) {
    this.requestedPort = port;
  }

  @Override
  public String name() {
    return "redshift";
  }

  @Override
  public Set<Class<? extends StackComponent>> dependsOn() {
    return Set.of(Postgres.class, S3Server.class);
  }

  @Override
  public void start(StackContext context) {
    Postgres postgres = context.component(Postgres.class);
    postgres.execute(Postgres.DATABASE, COMPATIBILITY);
    s3 = context.component(S3Server.class).client();
    engine = new StatementEngine(postgres::connection, new CopyLoader(s3), faults, 8);
    engine.isolation(isolation);
    service =
        new RedshiftDataApiService(
            engine, faults, Set.of(WORKGROUP), Set.of(CLUSTER), Clock.systemUTC());
    int port = Ports.claim(requestedPort, name(), "--redshift-port");
    try {
      server =
          new AwsJsonServer()
              .register(service)
              .register(new RedshiftFaultsService(faults))
              .start(port);
    } catch (IOException e) {
      throw new StackException(name(), "cannot listen on port " + port + ": " + e.getMessage(), e);
    }
  }

  /**
   * Runs the statements started from now on at {@code isolation} (default {@link
   * RedshiftIsolation#SNAPSHOT}, like a new Redshift cluster or Serverless workgroup); may be
   * called before or after start.
   */
  public RedshiftDataApiComponent isolation(RedshiftIsolation isolation) {
    this.isolation = java.util.Objects.requireNonNull(isolation, "isolation");
    if (engine != null) {
      engine.isolation(isolation);
    }
    return this;
  }

  public RedshiftIsolation isolation() {
    return isolation;
  }

  /** Throttling, failing and slow statements for fault-injection tests. */
  public RedshiftFaults faults() {
    return faults;
  }

  /**
   * How many statements ran in a reused PostgreSQL connection (reset to a new session's state)
   * rather than a new one: lets tests see that the reuse path ran.
   */
  public long sessionsReused() {
    return engine == null ? 0 : engine.sessionsReused();
  }

  /** How many PostgreSQL connections were opened for statements so far. */
  public long connectionsOpened() {
    return engine == null ? 0 : engine.connectionsOpened();
  }

  /** How many COPY statements ran so far (in committed or rolled-back transactions). */
  public long copyStatements() {
    return engine == null ? 0 : engine.copyStatements();
  }

  /**
   * Data API requests received so far per operation (e.g. BatchExecuteStatement,
   * DescribeStatement).
   */
  public Map<String, Long> requestCounts() {
    return service == null ? Map.of() : service.requestCounts();
  }

  public String endpoint() {
    return server.endpoint();
  }

  public int port() {
    return server.port();
  }

  @Override
  public void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
    if (engine != null) {
      engine.close();
      engine = null;
    }
    if (s3 != null) {
      s3.close();
      s3 = null;
    }
  }

  @Override
  public Map<String, Object> endpoints() {
    Map<String, Object> endpoints = new LinkedHashMap<>();
    endpoints.put("endpoint", server == null ? "" : endpoint());
    endpoints.put("region", S3Server.REGION);
    endpoints.put("workgroupName", WORKGROUP);
    endpoints.put("clusterIdentifier", CLUSTER);
    endpoints.put("database", Postgres.DATABASE);
    endpoints.put("secretArn", SECRET_ARN);
    endpoints.put("copyIamRole", IAM_ROLE);
    endpoints.put("engine", "PostgreSQL (Redshift Data API stand-in)");
    return endpoints;
  }

  @Override
  public Map<String, String> placeholders() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("REDSHIFT_DATA_ENDPOINT", server == null ? "" : endpoint());
    values.put("REDSHIFT_WORKGROUP", WORKGROUP);
    values.put("REDSHIFT_CLUSTER", CLUSTER);
    values.put("REDSHIFT_DATABASE", Postgres.DATABASE);
    values.put("REDSHIFT_SECRET_ARN", SECRET_ARN);
    values.put("REDSHIFT_COPY_IAM_ROLE", IAM_ROLE);
    return values;
  }
}
