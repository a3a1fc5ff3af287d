package io.tidemark.stack.athena;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.stack.aws.AwsError;
import io.tidemark.stack.aws.AwsJsonService;
import io.tidemark.stack.aws.LostResponse;
import io.tidemark.stack.component.TrinoRest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AmazonAthena over Trino: StartQueryExecution (ClientRequestToken idempotency, 262,144-byte limit,
 * workgroup and database checks), GetQueryExecution (states, AthenaError, statistics with
 * DataScannedInBytes = Trino's physical input bytes), GetQueryResults (header row first, paged by
 * NextToken) and StopQueryExecution (cancels the Trino query). Queries run on a thread pool; state
 * lives in memory.
 */
public final class AthenaService implements AwsJsonService {

  private static final Logger LOG = LoggerFactory.getLogger(AthenaService.class);
  static final int MAX_QUERY_BYTES = 262_144;

  /** What the service needs of Trino: {@link TrinoRest}, or a fake in tests without Trino. */
  public interface Trino {
    TrinoRest.Result run(String sql, String catalog, String schema, Consumer<String> started)
        throws InterruptedException;

    void cancel(String queryId);

    static Trino of(TrinoRest rest) {
      return new Trino() {
        @Override
        public TrinoRest.Result run(
            String sql, String catalog, String schema, Consumer<String> started)
            throws InterruptedException {
          return rest.run(sql, catalog, schema, started);
        }

        @Override
        public void cancel(String queryId) {
          rest.cancel(queryId);
        }
      };
    }
  }

  private final Trino trino;
  private final AthenaSqlTranslator translator;
  private final AthenaFaults faults;
  private final Set<String> workGroups;
  private final Clock clock;
  private final Map<String, QueryExecution> executions = new ConcurrentHashMap<>();
  private final Map<String, String> byToken = new ConcurrentHashMap<>();
  private final Set<String> icebergTables = ConcurrentHashMap.newKeySet();
  private final ExecutorService pool =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "tidemark-athena-query");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param workGroups the workgroups that exist
   */
  public AthenaService(
      Trino trino,
      AthenaSqlTranslator translator,
      AthenaFaults faults,
      Set<String> workGroups,
      Clock clock) {
    this.trino = trino;
    this.translator = translator;
    this.faults = faults;
    this.workGroups = Set.copyOf(workGroups);
    this.clock = clock;
  }

  @Override
  public String targetPrefix() {
    return "AmazonAthena";
  }

  @Override
  public ObjectNode handle(String operation, JsonNode request) {
    if (faults.throttleThisRequest()) {
      throw new AwsError(
          400, "TooManyRequestsException", "Rate exceeded (injected by the Athena stand-in)");
    }
    return switch (operation) {
      case "StartQueryExecution" -> start(request);
      case "GetQueryExecution" -> describe(find(request));
      case "GetQueryResults" -> results(find(request), request);
      case "StopQueryExecution" -> stop(find(request));
      default ->
          throw new AwsError(
              400,
              "InvalidRequestException",
              "the Athena stand-in does not implement " + operation);
    };
  }

  private static AwsError invalid(String message) {
    return new AwsError(400, "InvalidRequestException", message);
  }

  private ObjectNode start(JsonNode request) {
    String sql = request.path("QueryString").asText("");
    if (sql.isBlank()) {
      throw invalid("QueryString is required");
    }
    if (sql.getBytes(StandardCharsets.UTF_8).length > MAX_QUERY_BYTES) {
      throw invalid("Query string length exceeds the maximum of " + MAX_QUERY_BYTES + " bytes");
    }
    String token = request.path("ClientRequestToken").asText("");
    if (!token.isEmpty() && (token.length() < 32 || token.length() > 128)) {
      throw invalid("ClientRequestToken must be 32 to 128 characters long");
    }
    String workGroup = request.path("WorkGroup").asText("primary");
    if (!workGroups.contains(workGroup)) {
      throw invalid("WorkGroup " + workGroup + " is not found");
    }
    JsonNode context = request.path("QueryExecutionContext");
    String catalog = context.path("Catalog").asText(translator.athenaCatalog());
    if (!catalog.equalsIgnoreCase(translator.athenaCatalog())) {
      throw invalid(
          "Catalog "
              + catalog
              + " is not found (the stand-in serves "
              + translator.athenaCatalog()
              + ")");
    }
    if (!token.isEmpty()) {
      String existing = byToken.get(token);
      if (existing != null) {
        QueryExecution before = executions.get(existing);
        if (before != null && !before.query.equals(sql)) {
          throw new AwsError(
              400,
              "InvalidRequestException",
              "Idempotent parameters do not match for ClientRequestToken " + token);
        }
        return idResponse(existing);
      }
    }
    String database = context.path("Database").asText("default").toLowerCase(Locale.ROOT);
    String output = request.path("ResultConfiguration").path("OutputLocation").asText("");
    String id = UUID.randomUUID().toString();
    AthenaSqlTranslator.Translation translation;
    QueryExecution execution;
    try {
      translation = translator.translate(sql, database, this::isIceberg);
      execution =
          new QueryExecution(
              id,
              sql,
              workGroup,
              catalog,
              database,
              output,
              translation.statementType(),
              clock.instant());
    } catch (IllegalArgumentException e) {
      // Athena accepts the request and fails the query; so does the stand-in.
      execution =
          new QueryExecution(id, sql, workGroup, catalog, database, output, "DDL", clock.instant());
      execution.fail("NOT_SUPPORTED: " + e.getMessage(), 2, 1100, false, clock.instant());
      translation = null;
    }
    if (!token.isEmpty() && byToken.putIfAbsent(token, id) != null) {
      return idResponse(byToken.get(token));
    }
    executions.put(id, execution);
    if (translation != null) {
      QueryExecution e = execution;
      List<String> statements = translation.statements();
      pool.submit(() -> run(e, statements));
    }
    if (faults.loseThisResponse(sql)) {
      throw new LostResponse("StartQueryExecution " + id + " (injected by the Athena stand-in)");
    }
    return idResponse(id);
  }

  private static ObjectNode idResponse(String id) {
    ObjectNode out = TrinoRest.JSON.createObjectNode();
    out.put("QueryExecutionId", id);
    return out;
  }

  private void run(QueryExecution e, List<String> statements) {
    try {
      Duration delay = faults.delay();
      if (!delay.isZero()) {
        Thread.sleep(delay.toMillis());
      }
      if (!e.running(null)) {
        return;
      }
      if (faults.cancelThisQuery(e.query)) {
        e.cancel(clock.instant());
        LOG.info("Athena stand-in: query {} cancelled (injected)", e.id);
        return;
      }
      var injected = faults.failThisQuery(e.query);
      if (injected.isPresent()) {
        // As a lost commit race: the query fails and nothing it wrote is committed.
        e.fail(
            injected.get() + ": injected by the Athena stand-in", 3, 1000, false, clock.instant());
        return;
      }
      TrinoRest.Result last = null;
      for (String sql : statements) {
        last =
            trino.run(
                sql,
                "hive",
                e.database,
                trinoId -> {
                  if (!e.running(trinoId)) {
                    trino.cancel(trinoId);
                  }
                });
        e.addScanned(last.physicalInputBytes(), last.elapsedMillis());
        if (e.state() == QueryExecution.State.CANCELLED) {
          return;
        }
      }
      e.succeed(
          last.columnNames(), last.columnTypes(), last.rows(), last.updateCount(), clock.instant());
    } catch (TrinoRest.Failure f) {
      int category =
          f.errorType.equals("USER_ERROR")
              ? 2
              : f.errorType.equals("INSUFFICIENT_RESOURCES") ? 3 : 1;
      e.fail(
          f.errorName + ": " + f.getMessage(),
          category,
          category == 2 ? 1100 : 1000,
          category == 1,
          clock.instant());
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      e.cancel(clock.instant());
    } catch (RuntimeException re) {
      LOG.warn("Athena stand-in query {} failed", e.id, re);
      e.fail("GENERIC_INTERNAL_ERROR: " + re, 1, 1000, true, clock.instant());
    }
  }

  private boolean isIceberg(String schema, String table) {
    // A table's kind never changes under one name here (no DROP): remember positive answers.
    if (icebergTables.contains(schema + "." + table)) {
      return true;
    }
    try {
      TrinoRest.Result r =
          trino.run(
              "SELECT count(*) FROM \"iceberg\".\"information_schema\".\"tables\" WHERE table_schema = '"
                  + schema.replace("'", "''")
                  + "' AND table_name = '"
                  + table.replace("'", "''")
                  + "'",
              "iceberg",
              null,
              id -> {});
      boolean iceberg = !r.rows().isEmpty() && !"0".equals(r.rows().get(0).get(0));
      if (iceberg) {
        icebergTables.add(schema + "." + table);
      }
      return iceberg;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private QueryExecution find(JsonNode request) {
    String id = request.path("QueryExecutionId").asText("");
    QueryExecution e = executions.get(id);
    if (e == null) {
      throw invalid("QueryExecution " + id + " was not found");
    }
    return e;
  }

  private ObjectNode describe(QueryExecution e) {
    ObjectNode out = TrinoRest.JSON.createObjectNode();
    ObjectNode q = out.putObject("QueryExecution");
    q.put("QueryExecutionId", e.id);
    q.put("Query", e.query);
    q.put("StatementType", e.statementType);
    q.put("WorkGroup", e.workGroup);
    if (!e.outputLocation.isEmpty()) {
      q.putObject("ResultConfiguration")
          .put(
              "OutputLocation",
              e.outputLocation + (e.outputLocation.endsWith("/") ? "" : "/") + e.id + ".csv");
    }
    q.putObject("QueryExecutionContext").put("Catalog", e.catalog).put("Database", e.database);
    q.putObject("EngineVersion")
        .put("SelectedEngineVersion", "AUTO")
        .put("EffectiveEngineVersion", "Athena engine version 3");
    ObjectNode status = q.putObject("Status");
    QueryExecution.State state = e.state();
    status.put("State", state.name());
    status.put("SubmissionDateTime", e.submitted.toEpochMilli() / 1000.0);
    Instant completed = e.completed();
    if (completed != null) {
      status.put("CompletionDateTime", completed.toEpochMilli() / 1000.0);
    }
    if (e.reason() != null) {
      status.put("StateChangeReason", e.reason());
    }
    if (state == QueryExecution.State.FAILED) {
      status
          .putObject("AthenaError")
          .put("ErrorCategory", e.errorCategory())
          .put("ErrorType", e.errorType())
          .put("Retryable", e.retryable())
          .put("ErrorMessage", e.reason());
    }
    ObjectNode stats = q.putObject("Statistics");
    stats.put("EngineExecutionTimeInMillis", e.engineMillis());
    stats.put("DataScannedInBytes", e.bytesScanned());
    stats.put(
        "TotalExecutionTimeInMillis",
        Duration.between(e.submitted, completed == null ? clock.instant() : completed).toMillis());
    return out;
  }

  private ObjectNode results(QueryExecution e, JsonNode request) {
    if (e.state() != QueryExecution.State.SUCCEEDED) {
      throw invalid("Query has not yet finished. Current state: " + e.state());
    }
    int max = Math.min(1000, Math.max(1, request.path("MaxResults").asInt(1000)));
    int from;
    try {
      from =
          request.hasNonNull("NextToken")
              ? Integer.parseInt(request.path("NextToken").asText())
              : 0;
    } catch (NumberFormatException ex) {
      throw invalid("NextToken is not valid");
    }
    List<List<String>> rows = e.rows();
    List<String> names = e.columnNames();
    // Athena's first row of a SELECT result is the header.
    int total = rows.size() + (names.isEmpty() ? 0 : 1);
    ObjectNode out = TrinoRest.JSON.createObjectNode();
    if (e.updateCount() != null) {
      out.put("UpdateCount", e.updateCount());
    }
    ObjectNode set = out.putObject("ResultSet");
    ArrayNode info = set.putObject("ResultSetMetadata").putArray("ColumnInfo");
    for (int k = 0; k < names.size(); k++) {
      info.addObject()
          .put("Name", names.get(k))
          .put("Label", names.get(k))
          .put("Type", e.columnTypes().get(k))
          .put("CatalogName", "hive")
          .put("Nullable", "UNKNOWN");
    }
    ArrayNode out_rows = set.putArray("Rows");
    int end = Math.min(total, from + max);
    for (int k = from; k < end; k++) {
      List<String> cells = names.isEmpty() ? rows.get(k) : k == 0 ? names : rows.get(k - 1);
      ArrayNode data = out_rows.addObject().putArray("Data");
      for (String v : cells) {
        ObjectNode d = data.addObject();
        if (v != null) {
          d.put("VarCharValue", v);
        }
      }
    }
    if (end < total) {
      out.put("NextToken", Integer.toString(end));
    }
    return out;
  }

  private ObjectNode stop(QueryExecution e) {
    if (e.cancel(clock.instant())) {
      String trinoId = e.trinoQueryId();
      if (trinoId != null) {
        trino.cancel(trinoId);
      }
      LOG.info("Athena stand-in: query {} cancelled", e.id);
    }
    return TrinoRest.JSON.createObjectNode();
  }

  public void close() {
    pool.shutdownNow();
  }
}
