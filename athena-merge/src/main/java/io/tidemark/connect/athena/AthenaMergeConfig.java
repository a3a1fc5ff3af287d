package io.tidemark.connect.athena;

import io.tidemark.connect.athena.mapping.TableMapping;
import io.tidemark.connect.athena.plan.BatchPlanner;
import io.tidemark.connect.athena.plan.MaintenanceSchedule;
import io.tidemark.connect.athena.sql.Identifier;
import io.tidemark.connect.athena.sql.QualifiedName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;

/**
 * Configuration of the Athena/Trino MERGE companion. Global keys are below; each name in {@code
 * tables} adds the keys of {@link TableConfig} ({@code table.<name>.*}), which is why {@link
 * #configDef(Map)} depends on the properties. Cross-field problems are reported on the key they are
 * about by {@link #validate(Map)}.
 */
public final class AthenaMergeConfig extends AbstractConfig {

  public static final String ENGINE = "engine";
  public static final String TABLES = "tables";

  public static final String ATHENA_REGION = "athena.region";
  public static final String ATHENA_ENDPOINT = "athena.endpoint.override";
  public static final String ATHENA_WORKGROUP = "athena.workgroup";
  public static final String ATHENA_OUTPUT = "athena.output.location";
  public static final String ATHENA_CATALOG = "athena.catalog";
  public static final String ATHENA_DATABASE = "athena.database";
  public static final String ATHENA_POLL_INITIAL = "athena.poll.initial.ms";
  public static final String ATHENA_POLL_MAX = "athena.poll.max.ms";
  public static final String QUERY_TIMEOUT = "query.timeout.ms";

  public static final String TRINO_URL = "trino.jdbc.url";
  public static final String TRINO_USER = "trino.user";
  public static final String TRINO_PASSWORD = "trino.password";
  public static final String TRINO_LANDING_CATALOG = "trino.landing.catalog";
  public static final String TRINO_TARGET_CATALOG = "trino.target.catalog";
  public static final String TRINO_SCHEMA = "trino.schema";

  public static final String BATCH_INTERVAL = "batch.interval.ms";
  public static final String BATCH_MAX_FILES = "batch.max.files";
  public static final String BATCH_MAX_QUERY_BYTES = "batch.max.query.bytes";
  public static final String BATCH_MAX_PARTITIONS = "batch.max.partitions";

  public static final String RETRY_MAX_ATTEMPTS = "retry.max.attempts";
  public static final String RETRY_INITIAL = "retry.backoff.initial.ms";
  public static final String RETRY_MAX = "retry.backoff.max.ms";

  public static final String DDL_CREATE = "ddl.create.enabled";
  public static final String SCHEMA_EVOLUTION = "schema.evolution.enabled";
  public static final String OPTIMIZE_EVERY = "maintenance.optimize.every.merges";
  public static final String VACUUM_EVERY = "maintenance.vacuum.every.merges";
  public static final String VACUUM_RETENTION = "maintenance.vacuum.retention";
  public static final String TOMBSTONE_RETENTION = "delete.tombstone.retention.ms";

  public static final String ATHENA_ACCESS_KEY = "athena.access.key.id";
  public static final String ATHENA_SECRET_KEY = "athena.secret.access.key";

  public static final String AGG_ENABLED = "aggregate.user_transactions.enabled";
  public static final String AGG_TRANSACTIONS = "aggregate.user_transactions.transactions.table";
  public static final String AGG_USERS = "aggregate.user_transactions.users.table";
  public static final String AGG_TARGET = "aggregate.user_transactions.target";
  public static final String AGG_DIRTY = "aggregate.user_transactions.dirty.table";
  public static final String AGG_LOCATION = "aggregate.user_transactions.location";

  private static final String G_ENGINE = "Engine";
  private static final String G_ATHENA = "Athena";
  private static final String G_TRINO = "Trino";
  private static final String G_BATCH = "Batching and retries";
  private static final String G_DDL = "DDL and maintenance";
  private static final String G_AGG = "Downstream aggregate";

  private static final Pattern MESSAGE_KEY = Pattern.compile("^([a-z0-9_.]+): ");

  private final List<TableMapping> mappings;

  public AthenaMergeConfig(Map<String, String> props) {
    super(configDef(props), props);
    Map<String, String> errors = crossFieldErrors(this);
    if (!errors.isEmpty()) {
      Map.Entry<String, String> first = errors.entrySet().iterator().next();
      throw new ConfigException(first.getKey(), get(first.getKey()), first.getValue());
    }
    try {
      this.mappings = buildMappings(this);
    } catch (IllegalArgumentException e) {
      Matcher m = MESSAGE_KEY.matcher(String.valueOf(e.getMessage()));
      String key = m.find() && values().containsKey(m.group(1)) ? m.group(1) : TABLES;
      throw new ConfigException(key, originals().get(key), e.getMessage());
    }
  }

  /** The global keys only (what {@code Connector.config()} returns). */
  public static ConfigDef baseConfigDef() {
    ConfigDef def = new ConfigDef();
    int o = 0;
    def.define(
        ENGINE,
        Type.STRING,
        ConfigDef.NO_DEFAULT_VALUE,
        ConfigValidators.parsing(v -> Engine.parse(v), "athena, trino"),
        Importance.HIGH,
        "Where the SQL runs: athena (AWS SDK, Athena DDL) or trino (JDBC, Trino DDL). Both run the same MERGE.",
        G_ENGINE,
        ++o,
        Width.SHORT,
        "Engine");
    def.define(
        TABLES,
        Type.LIST,
        ConfigDef.NO_DEFAULT_VALUE,
        tableNames(),
        Importance.HIGH,
        "Names of the mapped tables; each name n adds the table.n.* keys.",
        G_ENGINE,
        ++o,
        Width.LONG,
        "Tables");
    def.define(
        QUERY_TIMEOUT,
        Type.LONG,
        Duration.ofMinutes(30).toMillis(),
        Range.atLeast(1000),
        Importance.LOW,
        "A statement running longer is cancelled and retried.",
        G_ENGINE,
        ++o,
        Width.SHORT,
        "Query timeout");
    o = 0;
    def.define(
        ATHENA_REGION,
        Type.STRING,
        "",
        null,
        Importance.MEDIUM,
        "AWS region of Athena; empty uses the SDK's default region chain.",
        G_ATHENA,
        ++o,
        Width.SHORT,
        "Region");
    def.define(
        ATHENA_ENDPOINT,
        Type.STRING,
        "",
        ConfigValidators.uriOrEmpty("http"),
        Importance.LOW,
        "Endpoint override (http(s)://...) for tests or VPC endpoints; empty for the default.",
        G_ATHENA,
        ++o,
        Width.LONG,
        "Endpoint");
    def.define(
        ATHENA_WORKGROUP,
        Type.STRING,
        "primary",
        new ConfigDef.NonEmptyString(),
        Importance.MEDIUM,
        "Athena workgroup (needs engine version 3 for MERGE).",
        G_ATHENA,
        ++o,
        Width.MEDIUM,
        "Workgroup");
    def.define(
        ATHENA_OUTPUT,
        Type.STRING,
        "",
        ConfigValidators.uriOrEmpty("s3://"),
        Importance.MEDIUM,
        "s3:// location for query results; empty when the workgroup enforces its own.",
        G_ATHENA,
        ++o,
        Width.LONG,
        "Output location");
    def.define(
        ATHENA_CATALOG,
        Type.STRING,
        "AwsDataCatalog",
        ConfigValidators.parsing(
            v -> QualifiedName.requireCatalog(v, ATHENA_CATALOG), "catalog name"),
        Importance.LOW,
        "Data catalog of the landing and target tables.",
        G_ATHENA,
        ++o,
        Width.MEDIUM,
        "Catalog");
    def.define(
        ATHENA_DATABASE,
        Type.STRING,
        "",
        ConfigValidators.parsing(v -> Identifier.of(v, ATHENA_DATABASE), "database name"),
        Importance.HIGH,
        "Glue database of the landing and target tables. Required with engine=athena.",
        G_ATHENA,
        ++o,
        Width.MEDIUM,
        "Database");
    def.define(
        ATHENA_ACCESS_KEY,
        Type.STRING,
        "",
        null,
        Importance.LOW,
        "Static access key id; empty uses the SDK's default credentials chain (the normal choice on AWS).",
        G_ATHENA,
        ++o,
        Width.MEDIUM,
        "Access key id");
    def.define(
        ATHENA_SECRET_KEY,
        Type.PASSWORD,
        null,
        null,
        Importance.LOW,
        "Secret access key for athena.access.key.id; use a config provider.",
        G_ATHENA,
        ++o,
        Width.MEDIUM,
        "Secret access key");
    def.define(
        ATHENA_POLL_INITIAL,
        Type.LONG,
        250L,
        Range.atLeast(10),
        Importance.LOW,
        "First wait between GetQueryExecution calls; doubles up to athena.poll.max.ms.",
        G_ATHENA,
        ++o,
        Width.SHORT,
        "Poll initial");
    def.define(
        ATHENA_POLL_MAX,
        Type.LONG,
        5000L,
        Range.atLeast(10),
        Importance.LOW,
        "Longest wait between GetQueryExecution calls.",
        G_ATHENA,
        ++o,
        Width.SHORT,
        "Poll max");
    o = 0;
    def.define(
        TRINO_URL,
        Type.STRING,
        "",
        ConfigValidators.uriOrEmpty("jdbc:trino://"),
        Importance.HIGH,
        "JDBC URL, jdbc:trino://host:port. Required with engine=trino.",
        G_TRINO,
        ++o,
        Width.LONG,
        "JDBC URL");
    def.define(
        TRINO_USER,
        Type.STRING,
        "",
        null,
        Importance.HIGH,
        "Trino user. Required with engine=trino.",
        G_TRINO,
        ++o,
        Width.MEDIUM,
        "User");
    def.define(
        TRINO_PASSWORD,
        Type.PASSWORD,
        null,
        null,
        Importance.MEDIUM,
        "Trino password (needs https); use a config provider.",
        G_TRINO,
        ++o,
        Width.MEDIUM,
        "Password");
    def.define(
        TRINO_LANDING_CATALOG,
        Type.STRING,
        "hive",
        ConfigValidators.parsing(
            v -> QualifiedName.requireCatalog(v, TRINO_LANDING_CATALOG), "catalog name"),
        Importance.MEDIUM,
        "Hive catalog of the landing tables.",
        G_TRINO,
        ++o,
        Width.MEDIUM,
        "Landing catalog");
    def.define(
        TRINO_TARGET_CATALOG,
        Type.STRING,
        "iceberg",
        ConfigValidators.parsing(
            v -> QualifiedName.requireCatalog(v, TRINO_TARGET_CATALOG), "catalog name"),
        Importance.MEDIUM,
        "Iceberg catalog of the target tables.",
        G_TRINO,
        ++o,
        Width.MEDIUM,
        "Target catalog");
    def.define(
        TRINO_SCHEMA,
        Type.STRING,
        "",
        ConfigValidators.parsing(v -> Identifier.of(v, TRINO_SCHEMA), "schema name"),
        Importance.HIGH,
        "Schema of the landing and target tables in both catalogs. Required with engine=trino.",
        G_TRINO,
        ++o,
        Width.MEDIUM,
        "Schema");
    o = 0;
    def.define(
        BATCH_INTERVAL,
        Type.LONG,
        60_000L,
        Range.atLeast(0),
        Importance.MEDIUM,
        "Commit events of a table are merged at most this often (one MERGE per table per interval), unless batch.max.files arrive first.",
        G_BATCH,
        ++o,
        Width.SHORT,
        "Interval");
    def.define(
        BATCH_MAX_FILES,
        Type.INT,
        1000,
        Range.between(1, 100_000),
        Importance.MEDIUM,
        "Most objects per MERGE.",
        G_BATCH,
        ++o,
        Width.SHORT,
        "Max files");
    def.define(
        BATCH_MAX_QUERY_BYTES,
        Type.INT,
        BatchPlanner.ATHENA_MAX_QUERY_BYTES,
        Range.between(4096, BatchPlanner.ATHENA_MAX_QUERY_BYTES),
        Importance.LOW,
        "Longest statement in UTF-8 bytes; Athena's limit is 262144. Larger batches are split.",
        G_BATCH,
        ++o,
        Width.SHORT,
        "Max query bytes");
    def.define(
        BATCH_MAX_PARTITIONS,
        Type.INT,
        BatchPlanner.ATHENA_MAX_PARTITIONS,
        Range.between(1, BatchPlanner.ATHENA_MAX_PARTITIONS),
        Importance.LOW,
        "Most landing partitions per MERGE; Athena writes at most 100 partitions per query.",
        G_BATCH,
        ++o,
        Width.SHORT,
        "Max partitions");
    def.define(
        RETRY_MAX_ATTEMPTS,
        Type.INT,
        10,
        Range.between(1, 1000),
        Importance.LOW,
        "Attempts for a retryable failure (throttling, ICEBERG_COMMIT_ERROR) before the task fails.",
        G_BATCH,
        ++o,
        Width.SHORT,
        "Retry attempts");
    def.define(
        RETRY_INITIAL,
        Type.LONG,
        1000L,
        Range.atLeast(1),
        Importance.LOW,
        "Backoff cap of the first retry; doubles per attempt, full jitter.",
        G_BATCH,
        ++o,
        Width.SHORT,
        "Retry backoff initial");
    def.define(
        RETRY_MAX,
        Type.LONG,
        60_000L,
        Range.atLeast(1),
        Importance.LOW,
        "Largest backoff cap; at least retry.backoff.initial.ms.",
        G_BATCH,
        ++o,
        Width.SHORT,
        "Retry backoff max");
    o = 0;
    def.define(
        DDL_CREATE,
        Type.BOOLEAN,
        false,
        null,
        Importance.MEDIUM,
        "Create missing landing (external, partition projection) and target (Iceberg) tables at start.",
        G_DDL,
        ++o,
        Width.SHORT,
        "Create tables");
    def.define(
        SCHEMA_EVOLUTION,
        Type.BOOLEAN,
        false,
        null,
        Importance.MEDIUM,
        "Add configured columns missing from the landing and target tables (ALTER TABLE ... ADD COLUMNS).",
        G_DDL,
        ++o,
        Width.SHORT,
        "Schema evolution");
    def.define(
        OPTIMIZE_EVERY,
        Type.INT,
        0,
        Range.atLeast(0),
        Importance.LOW,
        "Compact a target table (OPTIMIZE ... REWRITE DATA USING BIN_PACK) after every N merges into it; 0 never.",
        G_DDL,
        ++o,
        Width.SHORT,
        "Optimize every");
    def.define(
        VACUUM_EVERY,
        Type.INT,
        0,
        Range.atLeast(0),
        Importance.LOW,
        "Expire snapshots and remove orphan files (VACUUM) after every N merges; 0 never.",
        G_DDL,
        ++o,
        Width.SHORT,
        "Vacuum every");
    def.define(
        VACUUM_RETENTION,
        Type.STRING,
        "7d",
        ConfigValidators.parsing(v -> new io.tidemark.connect.athena.sql.TrinoDdl(v), "<n>s|m|h|d"),
        Importance.LOW,
        "Trino only: retention_threshold of expire_snapshots/remove_orphan_files (Athena uses the table's vacuum properties).",
        G_DDL,
        ++o,
        Width.SHORT,
        "Vacuum retention");
    def.define(
        TOMBSTONE_RETENTION,
        Type.LONG,
        MaintenanceSchedule.DEFAULT_TOMBSTONE_RETENTION.toMillis(),
        Range.atLeast(Duration.ofDays(1).toMillis()),
        Importance.MEDIUM,
        "delete.mode=hard: how long a deleted key's position is kept in <target>__tidemark_tombstones so that an older change of the key merged later (a replayed or repeated commit event) cannot insert it again; purged with the vacuum. Must exceed the time a commit event can be read again: the commit-events topic's retention.ms plus segment.ms (Kafka deletes whole segments), 14 days with Kafka's defaults; at least one day (README \"Deletes stay deleted\").",
        G_DDL,
        ++o,
        Width.SHORT,
        "Tombstone retention");
    o = 0;
    def.define(
        AGG_ENABLED,
        Type.BOOLEAN,
        false,
        null,
        Importance.MEDIUM,
        "Keep the demo's user_transactions aggregate (revenue per day and user) current after each merge of its two source tables, "
            + "recomputing only the days a batch touched.",
        G_AGG,
        ++o,
        Width.SHORT,
        "Enabled");
    def.define(
        AGG_TRANSACTIONS,
        Type.STRING,
        "transactions",
        ConfigValidators.parsing(v -> Identifier.of(v, AGG_TRANSACTIONS), "table name"),
        Importance.LOW,
        "Name (in tables) of the transactions mapping: transaction_id, user_id, total_cost, dt.",
        G_AGG,
        ++o,
        Width.MEDIUM,
        "Transactions table");
    def.define(
        AGG_USERS,
        Type.STRING,
        "users",
        ConfigValidators.parsing(v -> Identifier.of(v, AGG_USERS), "table name"),
        Importance.LOW,
        "Name (in tables) of the users mapping: id, registration_date.",
        G_AGG,
        ++o,
        Width.MEDIUM,
        "Users table");
    def.define(
        AGG_TARGET,
        Type.STRING,
        "user_transactions",
        ConfigValidators.parsing(v -> Identifier.of(v, AGG_TARGET), "table name"),
        Importance.LOW,
        "Iceberg aggregate table, beside the transactions target.",
        G_AGG,
        ++o,
        Width.MEDIUM,
        "Aggregate table");
    def.define(
        AGG_DIRTY,
        Type.STRING,
        "user_transactions_dirty",
        ConfigValidators.parsing(v -> Identifier.of(v, AGG_DIRTY), "table name"),
        Importance.LOW,
        "Iceberg queue table of the days to recompute, beside the aggregate.",
        G_AGG,
        ++o,
        Width.MEDIUM,
        "Dirty-days table");
    def.define(
        AGG_LOCATION,
        Type.STRING,
        "",
        ConfigValidators.uriOrEmpty("s3://"),
        Importance.LOW,
        "s3:// prefix under which the aggregate and queue tables are created (<prefix>/<table>/). "
            + "Required with engine=athena and ddl.create.enabled=true.",
        G_AGG,
        ++o,
        Width.LONG,
        "Aggregate location");
    return def;
  }

  private static ConfigDef.Validator tableNames() {
    return new ConfigDef.Validator() {
      @Override
      public void ensureValid(String name, Object value) {
        List<?> list = (List<?>) value;
        if (list == null || list.isEmpty()) {
          throw new ConfigException(name, value, "list at least one table");
        }
        if (list.stream().distinct().count() != list.size()) {
          throw new ConfigException(name, value, "a table is listed twice");
        }
        for (Object t : list) {
          try {
            Identifier.of(t.toString(), name);
          } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, e.getMessage());
          }
        }
      }

      @Override
      public String toString() {
        return "non-empty list of names (lower-case letters, digits, _)";
      }
    };
  }

  /** The global keys plus {@code table.<n>.*} for every valid name in {@code tables}. */
  public static ConfigDef configDef(Map<String, String> props) {
    ConfigDef def = baseConfigDef();
    for (String table : tableNamesOf(props)) {
      TableConfig.define(def, table);
    }
    return def;
  }

  private static List<String> tableNamesOf(Map<String, String> props) {
    String raw = props.get(TABLES);
    List<String> out = new ArrayList<>();
    if (raw == null) {
      return out;
    }
    for (String t : raw.split(",")) {
      String name = t.trim();
      if (!name.isEmpty() && Identifier.isValid(name) && !out.contains(name)) {
        out.add(name);
      }
    }
    return out;
  }

  /**
   * What {@code Connector.validate()} returns: ConfigDef validation of every key (table keys
   * included), then cross-field checks, each error on the key it is about.
   */
  public static Config validate(Map<String, String> props) {
    ConfigDef def = configDef(props);
    List<ConfigValue> values = def.validate(props);
    boolean clean = values.stream().allMatch(v -> v.errorMessages().isEmpty());
    if (clean) {
      Map<String, ConfigValue> byName = new LinkedHashMap<>();
      values.forEach(v -> byName.put(v.name(), v));
      AbstractConfig parsed = new AbstractConfig(def, props);
      Map<String, String> errors = crossFieldErrors(parsed);
      if (errors.isEmpty()) {
        try {
          buildMappings(parsed);
        } catch (IllegalArgumentException e) {
          errors.put(keyOf(e.getMessage(), byName), e.getMessage());
        }
      }
      errors.forEach((k, msg) -> byName.computeIfAbsent(k, ConfigValue::new).addErrorMessage(msg));
      values = new ArrayList<>(byName.values());
    }
    return new Config(values);
  }

  private static String keyOf(String message, Map<String, ConfigValue> known) {
    Matcher m = MESSAGE_KEY.matcher(message == null ? "" : message);
    return m.find() && known.containsKey(m.group(1)) ? m.group(1) : TABLES;
  }

  /** Engine-dependent required keys, backoff order and topic uniqueness; key to message. */
  private static Map<String, String> crossFieldErrors(AbstractConfig c) {
    Map<String, String> errors = new LinkedHashMap<>();
    Engine engine = Engine.parse(c.getString(ENGINE));
    if (engine == Engine.ATHENA) {
      requireSet(c, ATHENA_DATABASE, "engine=athena", errors);
    } else {
      requireSet(c, TRINO_URL, "engine=trino", errors);
      requireSet(c, TRINO_USER, "engine=trino", errors);
      requireSet(c, TRINO_SCHEMA, "engine=trino", errors);
    }
    if (c.getLong(RETRY_MAX) < c.getLong(RETRY_INITIAL)) {
      errors.put(
          RETRY_MAX,
          RETRY_MAX + " must be at least " + RETRY_INITIAL + " (" + c.getLong(RETRY_INITIAL) + ")");
    }
    if (c.getLong(ATHENA_POLL_MAX) < c.getLong(ATHENA_POLL_INITIAL)) {
      errors.put(
          ATHENA_POLL_MAX,
          ATHENA_POLL_MAX
              + " must be at least "
              + ATHENA_POLL_INITIAL
              + " ("
              + c.getLong(ATHENA_POLL_INITIAL)
              + ")");
    }
    Map<String, String> topics = new HashMap<>();
    for (String table : c.getList(TABLES)) {
      String topicKey = TableConfig.key(table, TableConfig.TOPIC);
      String other = topics.put(c.getString(topicKey), table);
      if (other != null) {
        errors.put(
            topicKey,
            topicKey + ": topic " + c.getString(topicKey) + " is already merged by table " + other);
      }
      if (engine == Engine.ATHENA
          && c.getBoolean(DDL_CREATE)
          && c.getString(TableConfig.key(table, TableConfig.TARGET_LOCATION)).isBlank()) {
        String key = TableConfig.key(table, TableConfig.TARGET_LOCATION);
        errors.put(
            key,
            key
                + ": required with engine=athena and "
                + DDL_CREATE
                + "=true (Athena Iceberg tables need a location)");
      }
    }
    if (c.getBoolean(AGG_ENABLED)) {
      for (String key : List.of(AGG_TRANSACTIONS, AGG_USERS)) {
        if (!c.getList(TABLES).contains(c.getString(key))) {
          errors.put(
              key,
              key + ": " + c.getString(key) + " is not one of " + TABLES + " " + c.getList(TABLES));
        }
      }
      if (engine == Engine.ATHENA
          && c.getBoolean(DDL_CREATE)
          && c.getString(AGG_LOCATION).isBlank()) {
        errors.put(
            AGG_LOCATION,
            AGG_LOCATION
                + ": required with engine=athena, "
                + DDL_CREATE
                + "=true and "
                + AGG_ENABLED
                + "=true");
      }
    }
    if (!c.getString(ATHENA_ACCESS_KEY).isBlank() && c.getPassword(ATHENA_SECRET_KEY) == null) {
      errors.put(ATHENA_SECRET_KEY, ATHENA_SECRET_KEY + " is required with " + ATHENA_ACCESS_KEY);
    }
    return errors;
  }

  private static void requireSet(
      AbstractConfig c, String key, String because, Map<String, String> errors) {
    if (c.getString(key) == null || c.getString(key).isBlank()) {
      errors.put(key, key + " is required with " + because);
    }
  }

  private static List<TableMapping> buildMappings(AbstractConfig c) {
    Engine engine = Engine.parse(c.getString(ENGINE));
    String landingCatalog =
        engine == Engine.ATHENA ? c.getString(ATHENA_CATALOG) : c.getString(TRINO_LANDING_CATALOG);
    String targetCatalog =
        engine == Engine.ATHENA ? c.getString(ATHENA_CATALOG) : c.getString(TRINO_TARGET_CATALOG);
    String schema =
        engine == Engine.ATHENA ? c.getString(ATHENA_DATABASE) : c.getString(TRINO_SCHEMA);
    List<TableMapping> out = new ArrayList<>();
    for (String table : c.getList(TABLES)) {
      out.add(
          TableConfig.mapping(
              table,
              c.values().entrySet().stream()
                  .collect(
                      HashMap::new, (m, e) -> m.put(e.getKey(), e.getValue()), HashMap::putAll),
              landingCatalog,
              targetCatalog,
              schema));
    }
    return out;
  }

  public Engine engine() {
    return Engine.parse(getString(ENGINE));
  }

  /** {@value #TOMBSTONE_RETENTION}. */
  public Duration tombstoneRetention() {
    return Duration.ofMillis(getLong(TOMBSTONE_RETENTION));
  }

  /** One mapping per name in {@code tables}, in that order. */
  public List<TableMapping> tableMappings() {
    return mappings;
  }

  public Optional<String> athenaOutputLocation() {
    return Optional.of(getString(ATHENA_OUTPUT)).filter(s -> !s.isBlank());
  }
}
