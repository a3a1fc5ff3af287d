package io.tidemark.stack.athena;

import io.tidemark.stack.StackComponent;
import io.tidemark.stack.StackContext;
import io.tidemark.stack.StackException;
import io.tidemark.stack.aws.AwsJsonServer;
import io.tidemark.stack.component.S3Server;
import io.tidemark.stack.component.TrinoRest;
import io.tidemark.stack.component.TrinoServer;
import io.tidemark.stack.process.Ports;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The Athena API stand-in (opt-in, needs {@link TrinoServer}): an AWS JSON 1.1 endpoint on loopback
 * serving AmazonAthena over the stack's Trino. Point an SDK {@code AthenaClient} at {@link
 * #endpoint()} with any static credentials, workgroup {@value #WORKGROUP}, catalog {@value
 * #CATALOG}; databases are Trino schemas (create them in Trino first, as a Glue database would be
 * created beforehand).
 */
public final class AthenaComponent implements StackComponent {

  public static final String WORKGROUP = "primary";
  public static final String CATALOG = "AwsDataCatalog";

  private final int requestedPort;
  private final AthenaFaults faults = new AthenaFaults();
  private AwsJsonServer server;
  private AthenaService service;

  public AthenaComponent(int port) {
    this.requestedPort = port;
  }

  @Override
  public String name() {
    return "athena";
  }

  @Override
  public Set<Class<? extends StackComponent>> dependsOn() {
    return Set.of(TrinoServer.class, S3Server.class);
  }

  @Override
  public void start(StackContext context) {
    TrinoServer trino = context.component(TrinoServer.class);
    service =
        new AthenaService(
            AthenaService.Trino.of(new TrinoRest(trino.endpoint(), TrinoServer.USER)),
            new AthenaSqlTranslator(CATALOG, "hive", "iceberg"),
            faults,
            Set.of(WORKGROUP, "tidemark"),
            Clock.systemUTC());
    int port = Ports.claim(requestedPort, name(), "--athena-port");
    try {
      server =
          new AwsJsonServer()
              .register(service)
              .register(new AthenaFaultsService(faults))
              .start(port);
    } catch (IOException e) {
      throw new StackException(name(), "cannot listen on port " + port + ": " + e.getMessage(), e);
    }
  }

  /**
   * Throttling, failing (e.g. ICEBERG_COMMIT_ERROR), cancelled and slow queries and lost replies,
   * for fault-injection tests.
   */
  public AthenaFaults faults() {
    return faults;
  }

  public String endpoint() {
    return server.endpoint();
  }

  @Override
  public void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
    if (service != null) {
      service.close();
      service = null;
    }
  }

  @Override
  public Map<String, Object> endpoints() {
    Map<String, Object> endpoints = new LinkedHashMap<>();
    endpoints.put("endpoint", server == null ? "" : endpoint());
    endpoints.put("region", S3Server.REGION);
    endpoints.put("workGroup", WORKGROUP);
    endpoints.put("catalog", CATALOG);
    endpoints.put("engine", "Trino " + TrinoServer.VERSION + " (Athena API stand-in)");
    return endpoints;
  }

  @Override
  public Map<String, String> placeholders() {
    return Map.of(
        "ATHENA_ENDPOINT",
        server == null ? "" : endpoint(),
        "ATHENA_WORKGROUP",
        WORKGROUP,
        "ATHENA_CATALOG",
        CATALOG);
  }
}
