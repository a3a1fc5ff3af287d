package io.tidemark.stack.redshift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.stack.aws.AwsError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Redshift Data API's JSON documents: reading requests, writing responses. Pure. */
final class DataApiJson {
  static final ObjectMapper JSON = new ObjectMapper();

  private DataApiJson() {}

  static String requiredText(JsonNode request, String field) {
    JsonNode node = request.get(field);
    if (node == null || !node.isTextual() || node.asText().isEmpty()) {
      throw AwsError.validation(field + " is required");
    }
    return node.asText();
  }

  static String optionalText(JsonNode request, String field) {
    JsonNode node = request.get(field);
    return node == null || node.isNull() ? null : node.asText();
  }

  static List<String> sqls(JsonNode request) {
    JsonNode node = request.get("Sqls");
    if (node == null || !node.isArray() || node.isEmpty()) {
      throw AwsError.validation("Sqls is required and must hold at least one statement");
    }
    List<String> sqls = new ArrayList<>();
    node.forEach(n -> sqls.add(n.asText()));
    return sqls;
  }

  static Map<String, String> parameters(JsonNode request) {
    Map<String, String> parameters = new LinkedHashMap<>();
    JsonNode node = request.get("Parameters");
    if (node == null || node.isNull()) {
      return parameters;
    }
    if (!node.isArray()) {
      throw AwsError.validation("Parameters must be a list");
    }
    for (JsonNode p : node) {
      String name = requiredText(p, "name");
      JsonNode value = p.get("value");
      if (value == null || !value.isTextual()) {
        throw AwsError.validation("parameter " + name + " needs a string value");
      }
      if (parameters.put(name, value.asText()) != null) {
        throw AwsError.validation("parameter " + name + " is given twice");
      }
    }
    return parameters;
  }

  static double epochSeconds(Instant instant) {
    return instant.getEpochSecond() + instant.getNano() / 1e9;
  }

  static ObjectNode submitted(DataApiStatement s) {
    ObjectNode out = JSON.createObjectNode();
    out.put("Id", s.id());
    out.put("CreatedAt", epochSeconds(s.createdAt()));
    target(out, s.target());
    return out;
  }

  private static void target(ObjectNode out, DataApiStatement.Target t) {
    out.put("Database", t.database());
    putIfSet(out, "WorkgroupName", t.workgroupName());
    putIfSet(out, "ClusterIdentifier", t.clusterIdentifier());
    putIfSet(out, "SecretArn", t.secretArn());
    putIfSet(out, "DbUser", t.dbUser());
  }

  private static void putIfSet(ObjectNode out, String field, String value) {
    if (value != null) {
      out.put(field, value);
    }
  }

  static ObjectNode describe(DataApiStatement s) {
    ObjectNode out = JSON.createObjectNode();
    out.put("Id", s.id());
    out.put("Status", s.status().name());
    out.put("CreatedAt", epochSeconds(s.createdAt()));
    out.put("UpdatedAt", epochSeconds(s.updatedAt()));
    out.put("Duration", s.durationNanos());
    out.put("RedshiftPid", s.pid());
    out.put("RedshiftQueryId", 0);
    out.put("HasResultSet", !s.isBatch() && s.hasResultSet());
    out.put("ResultRows", s.isBatch() ? -1 : s.resultRows());
    out.put("ResultSize", -1);
    putIfSet(out, "Error", s.error());
    target(out, s.target());
    if (s.isBatch()) {
      ArrayNode subs = out.putArray("SubStatements");
      for (DataApiStatement.Sub sub : s.subs()) {
        ObjectNode o = subs.addObject();
        o.put("Id", sub.id());
        o.put("Status", sub.status().name());
        o.put("QueryString", sub.sql());
        o.put("CreatedAt", epochSeconds(sub.createdAt()));
        o.put("UpdatedAt", epochSeconds(sub.updatedAt()));
        o.put("Duration", sub.durationNanos());
        o.put("HasResultSet", sub.result() != null);
        o.put("ResultRows", sub.resultRows());
        o.put("ResultSize", -1);
        o.put("RedshiftQueryId", 0);
        putIfSet(o, "Error", sub.error());
      }
    } else {
      out.put("QueryString", s.subs().get(0).sql());
      if (!s.parameters().isEmpty()) {
        ArrayNode params = out.putArray("QueryParameters");
        s.parameters().forEach((k, v) -> params.addObject().put("name", k).put("value", v));
      }
    }
    return out;
  }

  /** One page of a result: rows {@code from} (inclusive) to {@code to} (exclusive). */
  static ObjectNode resultPage(QueryResult result, int from, int to, String nextToken) {
    ObjectNode out = JSON.createObjectNode();
    ArrayNode columns = out.putArray("ColumnMetadata");
    for (QueryResult.Column c : result.columns()) {
      ObjectNode o = columns.addObject();
      o.put("name", c.name());
      o.put("label", c.name());
      o.put("typeName", c.typeName());
      o.put("nullable", c.nullable() ? 1 : 0);
      o.put("precision", c.precision());
      o.put("scale", c.scale());
      o.put("isCaseSensitive", false);
      o.put("isCurrency", false);
      o.put("isSigned", true);
      o.put("length", 0);
      o.put("schemaName", "");
      o.put("tableName", "");
    }
    ArrayNode records = out.putArray("Records");
    for (List<QueryResult.Value> row : result.rows().subList(from, to)) {
      ArrayNode r = records.addArray();
      row.forEach(v -> field(r.addObject(), v));
    }
    out.put("TotalNumRows", result.rows().size());
    if (nextToken != null) {
      out.put("NextToken", nextToken);
    }
    return out;
  }

  private static void field(ObjectNode o, QueryResult.Value v) {
    if (v.isNull()) {
      o.put("isNull", true);
    } else if (v.longValue() != null) {
      o.put("longValue", v.longValue());
    } else if (v.doubleValue() != null) {
      o.put("doubleValue", v.doubleValue());
    } else if (v.booleanValue() != null) {
      o.put("booleanValue", v.booleanValue());
    } else if (v.blobValue() != null) {
      o.put("blobValue", Base64.getEncoder().encodeToString(v.blobValue()));
    } else {
      o.put("stringValue", v.stringValue());
    }
  }

  static ObjectNode listEntry(DataApiStatement s) {
    ObjectNode o = JSON.createObjectNode();
    o.put("Id", s.id());
    o.put("Status", s.status().name());
    o.put("CreatedAt", epochSeconds(s.createdAt()));
    o.put("UpdatedAt", epochSeconds(s.updatedAt()));
    o.put("IsBatchStatement", s.isBatch());
    putIfSet(o, "StatementName", s.target().statementName());
    putIfSet(o, "SecretArn", s.target().secretArn());
    if (s.isBatch()) {
      ArrayNode q = o.putArray("QueryStrings");
      s.subs().forEach(sub -> q.add(sub.sql()));
    } else {
      o.put("QueryString", s.subs().get(0).sql());
    }
    return o;
  }
}
