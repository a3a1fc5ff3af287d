package io.tidemark.stack.redshift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.stack.aws.AwsError;
import io.tidemark.stack.aws.AwsJsonService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Redshift Data API operations ({@code X-Amz-Target: RedshiftData.*}): ExecuteStatement,
 * BatchExecuteStatement, DescribeStatement, GetStatementResult, CancelStatement, ListStatements.
 * Request limits are checked here (ValidationException); execution is asynchronous in the {@link
 * StatementEngine}.
 */
public final class RedshiftDataApiService implements AwsJsonService {
  static final int PAGE_ROWS = 1000;

  private final StatementEngine engine;
  private final RedshiftFaults faults;
  private final Set<String> workgroups;
  private final Set<String> clusters;
  private final Clock clock;
  private final Map<String, DataApiStatement> statements = new ConcurrentHashMap<>();
  private final Map<String, String> byClientToken = new ConcurrentHashMap<>();

  public RedshiftDataApiService(
      StatementEngine engine,
      RedshiftFaults faults,
      Set<String> workgroups,
      Set<String> clusters,
      Clock clock) {
    this.engine = engine;
    this.faults = faults;
    this.workgroups = Set.copyOf(workgroups);
    this.clusters = Set.copyOf(clusters);
    this.clock = clock;
  }

  @Override
  public String targetPrefix() {
    return "RedshiftData";
  }

  /** Requests received per operation name, for tests and benchmarks that count Data API calls. */
  private final java.util.concurrent.ConcurrentMap<String, java.util.concurrent.atomic.AtomicLong>
      requests = new java.util.concurrent.ConcurrentHashMap<>();

  Map<String, Long> requestCounts() {
    Map<String, Long> out = new java.util.TreeMap<>();
    requests.forEach((op, n) -> out.put(op, n.get()));
    return out;
  }

  @Override
  public ObjectNode handle(String operation, JsonNode request) {
    requests
        .computeIfAbsent(operation, k -> new java.util.concurrent.atomic.AtomicLong())
        .incrementAndGet();
    if (faults.takeThrottle()) {
      throw AwsError.throttling("Rate exceeded");
    }
    return switch (operation) {
      case "ExecuteStatement" -> submit(request, false);
      case "BatchExecuteStatement" -> submit(request, true);
      case "DescribeStatement" ->
          DataApiJson.describe(find(DataApiJson.requiredText(request, "Id")));
      case "GetStatementResult" -> result(request);
      case "CancelStatement" -> cancel(request);
      case "ListStatements" -> list(request);
      default ->
          throw new AwsError(
              400, "UnknownOperationException", "RedshiftData." + operation + " is not emulated");
    };
  }

  private ObjectNode submit(JsonNode request, boolean batch) {
    String token = DataApiJson.optionalText(request, "ClientToken");
    DataApiStatement.Target target = target(request);
    List<String> sqls =
        batch ? DataApiJson.sqls(request) : List.of(DataApiJson.requiredText(request, "Sql"));
    if (token != null) {
      String existing = byClientToken.get(token);
      if (existing != null) {
        // Like the Data API: a known token answers with the statement it started, whatever became
        // of it.
        return sameRequest(statements.get(existing), sqls, token);
      }
    }
    if (batch && request.has("Parameters")) {
      throw AwsError.validation("BatchExecuteStatement does not accept Parameters");
    }
    Map<String, String> parameters = batch ? Map.of() : DataApiJson.parameters(request);
    RedshiftSqlRules.checkRequest(sqls, batch)
        .ifPresent(
            p -> {
              throw AwsError.validation(p);
            });
    DataApiStatement statement =
        new DataApiStatement(UUID.randomUUID().toString(), batch, target, sqls, parameters, clock);
    if (token != null) {
      String raced = byClientToken.putIfAbsent(token, statement.id());
      if (raced != null) {
        return sameRequest(statements.get(raced), sqls, token);
      }
    }
    statements.put(statement.id(), statement);
    engine.submit(statement);
    return DataApiJson.submitted(statement);
  }

  private static ObjectNode sameRequest(
      DataApiStatement existing, List<String> sqls, String token) {
    List<String> before = existing.subs().stream().map(DataApiStatement.Sub::sql).toList();
    if (!before.equals(sqls)) {
      throw AwsError.validation(
          "ClientToken " + token + " was already used for a different request");
    }
    return DataApiJson.submitted(existing);
  }

  private DataApiStatement.Target target(JsonNode request) {
    String database = DataApiJson.requiredText(request, "Database");
    String workgroup = DataApiJson.optionalText(request, "WorkgroupName");
    String cluster = DataApiJson.optionalText(request, "ClusterIdentifier");
    String secret = DataApiJson.optionalText(request, "SecretArn");
    String user = DataApiJson.optionalText(request, "DbUser");
    if ((workgroup == null) == (cluster == null)) {
      throw AwsError.validation(
          "Either WorkgroupName or ClusterIdentifier must be given, not both");
    }
    if (workgroup != null && !workgroups.contains(workgroup)) {
      throw AwsError.notFound("Workgroup " + workgroup + " not found");
    }
    if (cluster != null && !clusters.contains(cluster)) {
      throw AwsError.notFound("Cluster " + cluster + " not found");
    }
    if (workgroup != null && user != null) {
      throw AwsError.validation("DbUser is not supported with WorkgroupName");
    }
    if (cluster != null && secret == null && user == null) {
      throw AwsError.validation("A provisioned cluster needs SecretArn or DbUser");
    }
    if (secret != null && user != null) {
      throw AwsError.validation("SecretArn and DbUser cannot both be given");
    }
    return new DataApiStatement.Target(
        database,
        workgroup,
        cluster,
        secret,
        user,
        DataApiJson.optionalText(request, "StatementName"));
  }

  private DataApiStatement find(String id) {
    String parent = id.contains(":") ? id.substring(0, id.indexOf(':')) : id;
    DataApiStatement s = statements.get(parent);
    if (s == null) {
      throw AwsError.notFound("Query does not exist: " + id);
    }
    return s;
  }

  private ObjectNode result(JsonNode request) {
    String id = DataApiJson.requiredText(request, "Id");
    DataApiStatement s = find(id);
    if (s.isBatch() && !id.contains(":")) {
      throw AwsError.validation(
          "Id " + id + " is a batch; ask for a sub-statement id such as " + id + ":1");
    }
    DataApiStatement.Sub sub =
        s.subs().stream()
            .filter(x -> x.id().equals(id))
            .findFirst()
            .orElseThrow(() -> AwsError.notFound("Query does not exist: " + id));
    if (sub.status() != StatementStatus.FINISHED) {
      throw AwsError.validation(
          "Query " + id + " is " + sub.status() + "; results are available once it is FINISHED");
    }
    QueryResult result = sub.result();
    if (result == null) {
      throw AwsError.notFound(
          "Query does not have result. Please check query status with DescribeStatement.");
    }
    int from = 0;
    String token = DataApiJson.optionalText(request, "NextToken");
    if (token != null) {
      try {
        from = Integer.parseInt(token);
      } catch (NumberFormatException e) {
        throw AwsError.validation("invalid NextToken");
      }
    }
    int to = Math.min(result.rows().size(), from + PAGE_ROWS);
    return DataApiJson.resultPage(
        result, from, to, to < result.rows().size() ? Integer.toString(to) : null);
  }

  private ObjectNode cancel(JsonNode request) {
    String id = DataApiJson.requiredText(request, "Id");
    DataApiStatement s = find(id);
    if (!s.cancel()) {
      throw AwsError.validation(
          "Could not cancel a query that is already in " + s.status() + " state with ID: " + id);
    }
    ObjectNode out = DataApiJson.JSON.createObjectNode();
    out.put("Status", true);
    return out;
  }

  private ObjectNode list(JsonNode request) {
    String status = DataApiJson.optionalText(request, "Status");
    String name = DataApiJson.optionalText(request, "StatementName");
    int max = request.path("MaxResults").asInt(100);
    int from =
        Integer.parseInt(
            request.path("NextToken").asText("0").isEmpty()
                ? "0"
                : request.path("NextToken").asText("0"));
    List<DataApiStatement> all = new ArrayList<>(statements.values());
    all.sort(Comparator.comparing(DataApiStatement::createdAt).reversed());
    List<DataApiStatement> matching =
        all.stream()
            .filter(s -> status == null || status.equals("ALL") || s.status().name().equals(status))
            .filter(
                s ->
                    name == null
                        || (s.target().statementName() != null
                            && s.target().statementName().startsWith(name)))
            .toList();
    ObjectNode out = DataApiJson.JSON.createObjectNode();
    ArrayNode list = out.putArray("Statements");
    int to = Math.min(matching.size(), from + Math.max(1, max));
    matching.subList(Math.min(from, to), to).forEach(s -> list.add(DataApiJson.listEntry(s)));
    if (to < matching.size()) {
      out.put("NextToken", Integer.toString(to));
    }
    return out;
  }
}
