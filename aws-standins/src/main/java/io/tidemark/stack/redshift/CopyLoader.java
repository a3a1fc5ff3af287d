package io.tidemark.stack.redshift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Emulates {@code COPY ... FROM 's3://...' FORMAT AS JSON 'auto'} on PostgreSQL: reads the objects
 * (one, every object under a prefix, or the entries of a manifest) from the stack's S3, optionally
 * gunzips them, and inserts each JSON object through {@code jsonb_populate_recordset}, which
 * matches keys to column names like JSON 'auto' and casts values to the column types (nested
 * objects and arrays land in jsonb, i.e. SUPER).
 */
public final class CopyLoader {
  /**
   * Reads numbers exactly: decimals as BigDecimal (all digits, scale kept), integers as
   * int/long/BigInteger; never as double.
   */
  private static final ObjectMapper JSON =
      com.fasterxml.jackson.databind.json.JsonMapper.builder()
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(
              com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  private static final int ROWS_PER_INSERT = 500;

  private final S3Client s3;

  public CopyLoader(S3Client s3) {
    this.s3 = s3;
  }

  /**
   * Loads the data; returns the number of rows loaded. Runs on {@code connection}'s transaction.
   */
  public long load(Connection connection, CopyCommand copy) throws SQLException {
    String columns =
        copy.columns().isEmpty()
            ? "*"
            : String.join(", ", copy.columns().stream().map(CopyLoader::quote).toList());
    String target = copy.columns().isEmpty() ? "" : " (" + columns + ")";
    String sql =
        RedshiftRewriter.rewrite(
            "INSERT INTO "
                + copy.table()
                + target
                + " SELECT "
                + columns
                + " FROM jsonb_populate_recordset(NULL::"
                + copy.table()
                + ", ?::jsonb)");
    long rows = 0;
    Map<String, ColumnType> types = columnTypes(connection, copy.table());
    try (PreparedStatement insert = connection.prepareStatement(sql)) {
      for (String key : objectKeys(copy)) {
        rows += loadObject(insert, copy, key, types);
      }
    }
    return rows;
  }

  /**
   * A target column's type as far as COPY checks values: bytea (Redshift VARBYTE, read as hex
   * text), integers and DECIMAL(p,s) (values must fit, as Redshift's COPY requires).
   */
  record ColumnType(String name, int precision, int scale) {
    boolean binary() {
      return name.equals("bytea");
    }

    boolean numeric() {
      return name.equals("smallint")
          || name.equals("integer")
          || name.equals("bigint")
          || name.equals("numeric");
    }

    /** Null when {@code value} fits, else why not. */
    String misfit(java.math.BigDecimal value) {
      if ((long) value.precision() - value.scale() > 40) {
        // More than 40 digits left of the point fits no column (and is not worth rounding).
        return "out of range for " + name.toUpperCase(Locale.ROOT);
      }
      switch (name) {
        case "smallint" -> {
          return outside(value, Short.MIN_VALUE, Short.MAX_VALUE)
              ? "out of range for SMALLINT"
              : null;
        }
        case "integer" -> {
          return outside(value, Integer.MIN_VALUE, Integer.MAX_VALUE)
              ? "out of range for INTEGER"
              : null;
        }
        case "bigint" -> {
          return outside(value, Long.MIN_VALUE, Long.MAX_VALUE) ? "out of range for BIGINT" : null;
        }
        case "numeric" -> {
          if (precision <= 0) {
            return null;
          }
          // Redshift rounds extra fractional digits to the scale; digits left of the point
          // beyond precision - scale are an overflow.
          java.math.BigDecimal rounded = value.setScale(scale, java.math.RoundingMode.HALF_UP);
          return rounded.unscaledValue().abs().compareTo(java.math.BigInteger.TEN.pow(precision))
                  >= 0
              ? "numeric overflow for DECIMAL(" + precision + "," + scale + ")"
              : null;
        }
        default -> {
          return null;
        }
      }
    }

    private static boolean outside(java.math.BigDecimal value, long min, long max) {
      java.math.BigDecimal whole = value.setScale(0, java.math.RoundingMode.HALF_UP);
      return whole.compareTo(java.math.BigDecimal.valueOf(min)) < 0
          || whole.compareTo(java.math.BigDecimal.valueOf(max)) > 0;
    }
  }

  /** The target table's columns by PostgreSQL name. */
  private static Map<String, ColumnType> columnTypes(Connection connection, String table)
      throws SQLException {
    Map<String, ColumnType> types = new java.util.HashMap<>();
    String sql =
        "SELECT attname, format_type(atttypid, NULL), atttypmod FROM pg_attribute"
            + " WHERE attrelid = CAST(? AS regclass) AND attnum > 0 AND NOT attisdropped";
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      query.setString(1, RedshiftRewriter.rewrite(table));
      try (java.sql.ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          String type = rs.getString(2);
          int typmod = rs.getInt(3);
          int precision = 0;
          int scale = 0;
          if (type.equals("numeric") && typmod >= 4) {
            precision = ((typmod - 4) >> 16) & 0xffff;
            scale = (typmod - 4) & 0xffff;
          }
          types.put(rs.getString(1), new ColumnType(type, precision, scale));
        }
      }
    }
    return types;
  }

  private long loadObject(
      PreparedStatement insert, CopyCommand copy, String key, Map<String, ColumnType> types)
      throws SQLException {
    long rows = 0;
    long record = 0;
    try (InputStream raw = s3.getObject(b -> b.bucket(copy.bucket()).key(key));
        InputStream in = copy.gzip() ? new GZIPInputStream(raw) : raw;
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      ArrayNode chunk = JSON.createArrayNode();
      var parser = JSON.getFactory().createParser(reader);
      Iterator<JsonNode> values = JSON.readValues(parser, JsonNode.class);
      while (values.hasNext()) {
        JsonNode value = values.next();
        record++;
        if (!value.isObject()) {
          throw new SQLException(
              "ERROR: Load into table failed: s3://"
                  + copy.bucket()
                  + "/"
                  + key
                  + " holds a JSON value that is not an object");
        }
        chunk.add(keysForPostgres((ObjectNode) value, copy, key, record, types));
        if (chunk.size() == ROWS_PER_INSERT) {
          rows += flush(insert, chunk);
        }
      }
      rows += flush(insert, chunk);
    } catch (IOException | RuntimeException e) {
      if (e instanceof LoadError refused) {
        throw new RefusedLine(e.getMessage(), refused.entry, e);
      }
      if (e instanceof NoSuchKeyException) {
        throw new SQLException(
            "ERROR: S3ServiceException: The specified key does not exist: s3://"
                + copy.bucket()
                + "/"
                + key,
            e);
      }
      throw new SQLException(
          "ERROR: Load into table failed reading s3://"
              + copy.bucket()
              + "/"
              + key
              + ": "
              + e.getMessage(),
          e);
    }
    return rows;
  }

  private static long flush(PreparedStatement insert, ArrayNode chunk) throws SQLException {
    if (chunk.isEmpty()) {
      return 0;
    }
    insert.setString(1, chunk.toString());
    int n = insert.executeUpdate();
    chunk.removeAll();
    return n;
  }

  /**
   * Keys as the PostgreSQL column names: lower-cased for 'auto ignorecase', long names shortened.
   */
  private static ObjectNode keysForPostgres(
      ObjectNode node,
      CopyCommand copy,
      String objectKey,
      long record,
      Map<String, ColumnType> types) {
    ObjectNode renamed = JSON.createObjectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key =
          LongIdentifiers.toPostgres(
              copy.ignoreCase() ? e.getKey().toLowerCase(Locale.ROOT) : e.getKey());
      JsonNode value = e.getValue();
      ColumnType type = types.get(key);
      if (type != null && type.binary() && value.isTextual()) {
        value = JSON.getNodeFactory().textNode("\\x" + value.asText());
      }
      if (type != null && type.numeric() && (value.isNumber() || value.isTextual())) {
        java.math.BigDecimal number = exactNumber(value);
        String misfit = number == null ? null : type.misfit(number);
        if (misfit != null) {
          String url = "s3://" + copy.bucket() + "/" + objectKey;
          String column = LongIdentifiers.original(key);
          String reason = "value " + number.toPlainString() + " " + misfit;
          throw new LoadError(
              "ERROR: Load into table '"
                  + copy.table()
                  + "' failed. Check 'stl_load_errors' system table for details. (stand-in: "
                  + url
                  + ", record "
                  + record
                  + ", column "
                  + column
                  + ": "
                  + reason
                  + ")",
              new LoadErrorLog.Entry(url, record, column, type.name(), 1204, reason));
        }
      }
      renamed.set(key, value);
    }
    return renamed;
  }

  /** One JSON document read as COPY reads it (for tests). */
  static JsonNode parseJson(String json) throws IOException {
    return JSON.readTree(json);
  }

  /** A JSON number, or a string holding one, exactly; null for anything else. */
  static java.math.BigDecimal exactNumber(JsonNode value) {
    if (value.isNumber()) {
      return value.isBigDecimal() ? value.decimalValue() : new java.math.BigDecimal(value.asText());
    }
    try {
      return new java.math.BigDecimal(value.asText().trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A value COPY refuses: the statement fails with this message, the line is logged. */
  private static final class LoadError extends RuntimeException {
    final LoadErrorLog.Entry entry;

    LoadError(String message, LoadErrorLog.Entry entry) {
      super(message);
      this.entry = entry;
    }
  }

  /** A COPY refused a line: the statement fails with Redshift's text; the line goes to the log. */
  static final class RefusedLine extends SQLException {
    private static final long serialVersionUID = 1L;
    final transient LoadErrorLog.Entry entry;

    RefusedLine(String message, LoadErrorLog.Entry entry, Throwable cause) {
      super(message, cause);
      this.entry = entry;
    }
  }

  /** The objects to read: the manifest's entries, or every object under the key prefix. */
  List<String> objectKeys(CopyCommand copy) throws SQLException {
    List<String> keys = new ArrayList<>();
    if (copy.manifest()) {
      JsonNode manifest;
      try (ResponseInputStream<GetObjectResponse> in =
          s3.getObject(b -> b.bucket(copy.bucket()).key(copy.key()))) {
        manifest = JSON.readTree(in);
      } catch (NoSuchKeyException e) {
        throw new SQLException(
            "ERROR: Manifest file is not found: s3://" + copy.bucket() + "/" + copy.key(), e);
      } catch (IOException e) {
        throw new SQLException("ERROR: Manifest file is not valid JSON: " + e.getMessage(), e);
      }
      JsonNode entries = manifest.path("entries");
      if (!entries.isArray()) {
        throw new SQLException("ERROR: Manifest file has no \"entries\" array");
      }
      for (JsonNode entry : entries) {
        String url = entry.path("url").asText();
        if (!url.startsWith("s3://" + copy.bucket() + "/")) {
          throw new SQLException(
              "ERROR: the stand-in reads manifest entries from bucket "
                  + copy.bucket()
                  + " only: "
                  + url);
        }
        String key = url.substring(("s3://" + copy.bucket() + "/").length());
        if (entry.path("mandatory").asBoolean(false) || exists(copy.bucket(), key)) {
          keys.add(key);
        }
      }
      return keys;
    }
    for (S3Object object :
        s3.listObjectsV2Paginator(b -> b.bucket(copy.bucket()).prefix(copy.key())).contents()) {
      keys.add(object.key());
    }
    if (keys.isEmpty()) {
      throw new SQLException("ERROR: The specified S3 prefix '" + copy.key() + "' does not exist");
    }
    return keys;
  }

  private boolean exists(String bucket, String key) {
    try {
      s3.headObject(b -> b.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  private static String quote(String column) {
    return '"' + column.replace("\"", "\"\"") + '"';
  }
}
