package io.tidemark.connect.redshift;

import io.tidemark.common.identifiers.RedshiftIdentifiers;
import io.tidemark.connect.redshift.dataapi.DataApiTarget;
import io.tidemark.connect.redshift.dataapi.PollPolicy;
import io.tidemark.connect.redshift.sql.StatementLimits;
import io.tidemark.connect.redshift.sql.WriteMode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;

/**
 * Every setting of the Redshift sink. Single keys are checked by the {@link ConfigDef}; {@link
 * #validate(Map)} adds the checks between keys (Serverless or provisioned, how to authenticate,
 * what the copy path needs) and reports each on the key it is about.
 */
public final class RedshiftSinkConfig extends AbstractConfig {

  public static final String MODE = "redshift.mode";
  public static final String LOAD_PATH = "redshift.load.path";
  public static final String REGION = "redshift.region";
  public static final String ENDPOINT_OVERRIDE = "redshift.endpoint.override";
  public static final String WORKGROUP = "redshift.workgroup.name";
  public static final String CLUSTER = "redshift.cluster.identifier";
  public static final String DATABASE = "redshift.database";
  public static final String SECRET_ARN = "redshift.secret.arn";
  public static final String DB_USER = "redshift.db.user";
  public static final String ACCESS_KEY_ID = "redshift.aws.access.key.id";
  public static final String SECRET_ACCESS_KEY = "redshift.aws.secret.access.key";
  public static final String SCHEMA = "redshift.schema";
  public static final String TABLE_FORMAT = "redshift.table.name.format";
  public static final String KEY_FIELDS = "redshift.primary.key.fields";
  public static final String AUTO_CREATE = "redshift.auto.create.enabled";
  public static final String AUTO_EVOLVE = "redshift.auto.evolve.enabled";
  public static final String DISTKEY = "redshift.table.distkey";
  public static final String SORTKEY = "redshift.table.sortkey";
  public static final String OFFSETS_TABLE = "redshift.offsets.table";
  public static final String COPY_BUCKET = "redshift.copy.s3.bucket.name";
  public static final String COPY_PREFIX = "redshift.copy.s3.prefix";
  public static final String COPY_IAM_ROLE = "redshift.copy.iam.role.arn";
  public static final String COPY_MIN_ROWS = "redshift.copy.min.rows";
  public static final String COPY_S3_REGION = "redshift.copy.s3.region";
  public static final String COPY_S3_ENDPOINT = "redshift.copy.s3.endpoint.override";
  public static final String COPY_S3_PATH_STYLE = "redshift.copy.s3.path.style.access.enabled";
  public static final String INCOMPATIBLE_HANDLING = "redshift.incompatible.change.handling";
  public static final String MAX_STATEMENTS = "redshift.batch.max.statements";
  public static final String MAX_STATEMENT_BYTES = "redshift.statement.max.bytes";
  public static final String POLL_INITIAL_MS = "redshift.statement.poll.initial.ms";
  public static final String POLL_MAX_MS = "redshift.statement.poll.max.ms";
  public static final String STATEMENT_TIMEOUT_MS = "redshift.statement.timeout.ms";
  public static final String MAX_ATTEMPTS = "redshift.request.max.attempts";
  public static final String SETTLE_TIMEOUT_MS = "redshift.statement.settle.timeout.ms";
  public static final String ABORT_MAX_ATTEMPTS = "redshift.transaction.abort.max.attempts";
  public static final String FENCED_MAX_ATTEMPTS = "redshift.transaction.fenced.max.attempts";
  public static final String TOMBSTONE_HANDLING = "redshift.tombstone.handling";
  public static final String POSITION_FIELD = "redshift.change.position.field";
  public static final String DELETED_FIELD = "redshift.change.deleted.field";
  public static final String SOURCE_TS_FIELD = "redshift.change.source.ts.field";
  public static final String LINEAGE_CHECK = "redshift.position.lineage.check.enabled";
  public static final String OP_FIELD = "redshift.change.op.field";

  private static final String CONNECTION = "Connection";
  private static final String WRITES = "Writes";
  private static final String TABLES = "Tables";
  private static final String COPY = "Copy load path";
  private static final String LIMITS = "Limits and retries";
  private static final String CHANGES = "Change events";

  public static final ConfigDef CONFIG_DEF = configDef();

  public RedshiftSinkConfig(Map<String, String> props) {
    super(CONFIG_DEF, props);
    List<ConfigValue> errors =
        crossCheck(props).stream().filter(v -> !v.errorMessages().isEmpty()).toList();
    if (!errors.isEmpty()) {
      ConfigValue first = errors.get(0);
      throw new ConfigException(first.name(), first.value(), first.errorMessages().get(0));
    }
  }

  private static ConfigDef configDef() {
    ConfigDef def = new ConfigDef();
    int c = 0;
    def.define(
        REGION,
        Type.STRING,
        ConfigDef.NO_DEFAULT_VALUE,
        new ConfigDef.NonEmptyString(),
        Importance.HIGH,
        "AWS region of the Redshift workgroup or cluster, e.g. eu-west-1.",
        CONNECTION,
        ++c,
        Width.SHORT,
        "Region");
    def.define(
        ENDPOINT_OVERRIDE,
        Type.STRING,
        "",
        new UrlOrEmpty(),
        Importance.LOW,
        "Endpoint URL of the Redshift Data API, e.g. http://127.0.0.1:4566 for the local stack. Empty: the AWS endpoint of the region.",
        CONNECTION,
        ++c,
        Width.LONG,
        "Data API endpoint");
    def.define(
        WORKGROUP,
        Type.STRING,
        "",
        Importance.HIGH,
        "Redshift Serverless workgroup name. Set this or " + CLUSTER + ", not both.",
        CONNECTION,
        ++c,
        Width.MEDIUM,
        "Workgroup");
    def.define(
        CLUSTER,
        Type.STRING,
        "",
        Importance.HIGH,
        "Provisioned cluster identifier. Set this or " + WORKGROUP + ", not both.",
        CONNECTION,
        ++c,
        Width.MEDIUM,
        "Cluster");
    def.define(
        DATABASE,
        Type.STRING,
        "dev",
        new ConfigDef.NonEmptyString(),
        Importance.HIGH,
        "Database to write to.",
        CONNECTION,
        ++c,
        Width.MEDIUM,
        "Database");
    def.define(
        SECRET_ARN,
        Type.STRING,
        "",
        new PrefixOrEmpty("arn:"),
        Importance.HIGH,
        "ARN of a Secrets Manager secret with the database credentials. Required with a workgroup unless the"
            + " worker's IAM identity maps to a database user; with a cluster, set this or "
            + DB_USER
            + ".",
        CONNECTION,
        ++c,
        Width.LONG,
        "Secret ARN");
    def.define(
        DB_USER,
        Type.STRING,
        "",
        Importance.MEDIUM,
        "Database user for temporary credentials on a provisioned cluster (GetClusterCredentials). Not"
            + " supported with a Serverless workgroup.",
        CONNECTION,
        ++c,
        Width.MEDIUM,
        "Database user");
    def.define(
        ACCESS_KEY_ID,
        Type.STRING,
        "",
        Importance.LOW,
        "Static AWS access key id; empty uses the default AWS credentials chain (recommended on AWS).",
        CONNECTION,
        ++c,
        Width.MEDIUM,
        "Access key id");
    def.define(
        SECRET_ACCESS_KEY,
        Type.PASSWORD,
        "",
        Importance.LOW,
        "Static AWS secret access key, with "
            + ACCESS_KEY_ID
            + ". Use a config provider reference"
            + " (e.g. ${file:...}) so the secret never sits in the connector config. The same"
            + " credentials stage files in S3 on the copy load path.",
        CONNECTION,
        ++c,
        Width.MEDIUM,
        "Secret access key");

    c = 0;
    def.define(
        MODE,
        Type.STRING,
        WriteMode.UPSERT.configValue(),
        new EnumValidator(values(WriteMode.values(), WriteMode::configValue)),
        Importance.HIGH,
        "append: insert every change as a new row. upsert: apply changes by key, latest"
            + " change per key wins, deletes remove the row.",
        WRITES,
        ++c,
        Width.SHORT,
        "Write mode");
    def.define(
        LOAD_PATH,
        Type.STRING,
        LoadPath.INSERT.configValue(),
        new EnumValidator(values(LoadPath.values(), LoadPath::configValue)),
        Importance.HIGH,
        "insert: multi-row INSERT statements through the Data API (small batches)."
            + " copy: stage gzip JSON lines in S3 and COPY them (large batches).",
        WRITES,
        ++c,
        Width.SHORT,
        "Load path");
    def.define(
        OFFSETS_TABLE,
        Type.STRING,
        "tidemark_offsets",
        new IdentifierValidator(),
        Importance.MEDIUM,
        "Table in "
            + SCHEMA
            + " where every transaction records the Kafka offsets it wrote; read on start"
            + " for exactly-once delivery.",
        WRITES,
        ++c,
        Width.MEDIUM,
        "Offsets table");

    c = 0;
    def.define(
        SCHEMA,
        Type.STRING,
        "public",
        new IdentifierValidator(),
        Importance.MEDIUM,
        "Redshift schema of the target tables.",
        TABLES,
        ++c,
        Width.MEDIUM,
        "Schema");
    def.define(
        TABLE_FORMAT,
        Type.STRING,
        "${topic}",
        new ConfigDef.NonEmptyString(),
        Importance.MEDIUM,
        "Target table name; ${topic} is replaced by the record's topic as the connector's"
            + " transforms left it (so a RegexRouter routes tables; offsets are kept per original"
            + " topic partition), then the result is normalized to a Redshift identifier.",
        TABLES,
        ++c,
        Width.MEDIUM,
        "Table name format");
    def.define(
        KEY_FIELDS,
        Type.LIST,
        "",
        Importance.MEDIUM,
        "Value fields that form the row key in upsert mode. Empty: the fields of the record key.",
        TABLES,
        ++c,
        Width.LONG,
        "Key fields");
    def.define(
        AUTO_CREATE,
        Type.BOOLEAN,
        true,
        Importance.MEDIUM,
        "Create missing target tables from the record schema.",
        TABLES,
        ++c,
        Width.SHORT,
        "Auto-create");
    def.define(
        AUTO_EVOLVE,
        Type.BOOLEAN,
        true,
        Importance.MEDIUM,
        "Add missing columns (always nullable) when the record schema gains fields.",
        TABLES,
        ++c,
        Width.SHORT,
        "Auto-evolve");
    def.define(
        DISTKEY,
        Type.STRING,
        "",
        Importance.LOW,
        "Value field to use as DISTKEY of auto-created tables; empty: Redshift's AUTO distribution.",
        TABLES,
        ++c,
        Width.MEDIUM,
        "DISTKEY");
    def.define(
        SORTKEY,
        Type.LIST,
        "",
        Importance.LOW,
        "Value fields forming the compound SORTKEY of auto-created tables.",
        TABLES,
        ++c,
        Width.LONG,
        "SORTKEY");

    c = 0;
    def.define(
        COPY_BUCKET,
        Type.STRING,
        "",
        Importance.MEDIUM,
        "S3 bucket for staged files; required with load path copy.",
        COPY,
        ++c,
        Width.MEDIUM,
        "Staging bucket");
    def.define(
        COPY_PREFIX,
        Type.STRING,
        "tidemark/redshift-staging/",
        Importance.LOW,
        "Key prefix for staged files and manifests.",
        COPY,
        ++c,
        Width.LONG,
        "Staging prefix");
    def.define(
        COPY_IAM_ROLE,
        Type.STRING,
        "",
        new PrefixOrEmpty("arn:"),
        Importance.MEDIUM,
        "IAM role ARN Redshift assumes to read the staged files (COPY ... IAM_ROLE); required with load path copy.",
        COPY,
        ++c,
        Width.LONG,
        "COPY IAM role");
    def.define(
        COPY_MIN_ROWS,
        Type.INT,
        1_000,
        ConfigDef.Range.atLeast(1),
        Importance.MEDIUM,
        "With load path copy, a write of at least this many changes goes through S3 and COPY; smaller"
            + " writes use the insert path (no S3 round trip, cheaper for a trickle).",
        COPY,
        ++c,
        Width.SHORT,
        "COPY threshold");
    def.define(
        COPY_S3_REGION,
        Type.STRING,
        "",
        Importance.LOW,
        "Region of the staging bucket; empty: "
            + REGION
            + ". When it differs, COPY gets a REGION clause.",
        COPY,
        ++c,
        Width.SHORT,
        "Staging region");
    def.define(
        COPY_S3_ENDPOINT,
        Type.STRING,
        "",
        new UrlOrEmpty(),
        Importance.LOW,
        "S3 endpoint URL for staging, e.g. the local stack's S3; empty: AWS S3 of the staging region.",
        COPY,
        ++c,
        Width.LONG,
        "Staging S3 endpoint");
    def.define(
        COPY_S3_PATH_STYLE,
        Type.BOOLEAN,
        false,
        Importance.LOW,
        "Path-style S3 requests (needed by most S3-compatible servers).",
        COPY,
        ++c,
        Width.SHORT,
        "Path style");

    c = 0;
    def.define(
        MAX_STATEMENTS,
        Type.INT,
        StatementLimits.HARD_MAX_STATEMENTS,
        ConfigDef.Range.between(
            StatementLimits.MIN_STATEMENTS, StatementLimits.HARD_MAX_STATEMENTS),
        Importance.LOW,
        "Most statements in one BatchExecuteStatement (Redshift allows 40); larger batches are split"
            + " into several transactions.",
        LIMITS,
        ++c,
        Width.SHORT,
        "Statements per batch");
    def.define(
        MAX_STATEMENT_BYTES,
        Type.INT,
        100_000,
        ConfigDef.Range.between(4096, StatementLimits.HARD_MAX_STATEMENT_BYTES - 1),
        Importance.LOW,
        "Largest SQL statement in bytes (Redshift's Data API limit is 100 KB).",
        LIMITS,
        ++c,
        Width.SHORT,
        "Statement bytes");
    def.define(
        POLL_INITIAL_MS,
        Type.LONG,
        50L,
        ConfigDef.Range.between(1, 60_000),
        Importance.LOW,
        "First wait between DescribeStatement polls; doubles up to " + POLL_MAX_MS + ".",
        LIMITS,
        ++c,
        Width.SHORT,
        "Initial poll");
    def.define(
        POLL_MAX_MS,
        Type.LONG,
        2_000L,
        ConfigDef.Range.between(1, 600_000),
        Importance.LOW,
        "Longest wait between DescribeStatement polls.",
        LIMITS,
        ++c,
        Width.SHORT,
        "Max poll");
    def.define(
        STATEMENT_TIMEOUT_MS,
        Type.LONG,
        600_000L,
        ConfigDef.Range.atLeast(1_000),
        Importance.LOW,
        "A statement still running after this long is cancelled and the batch retried.",
        LIMITS,
        ++c,
        Width.SHORT,
        "Statement timeout");
    def.define(
        MAX_ATTEMPTS,
        Type.INT,
        6,
        ConfigDef.Range.between(1, 100),
        Importance.LOW,
        "Attempts per Data API call when throttled or failing transiently (jittered backoff).",
        LIMITS,
        ++c,
        Width.SHORT,
        "Max attempts");
    def.define(
        SETTLE_TIMEOUT_MS,
        Type.LONG,
        PollPolicy.DEFAULT_SETTLE_TIMEOUT.toMillis(),
        ConfigDef.Range.atLeast(1_000),
        Importance.LOW,
        "After a statement was cancelled (it ran past "
            + STATEMENT_TIMEOUT_MS
            + ") or its outcome is unknown (a lost reply), how long to wait for DescribeStatement"
            + " to show it FINISHED, FAILED or ABORTED before the batch is retried (a FINISHED one"
            + " counts as written). A statement still running after this long fails the task:"
            + " retrying next to it could apply its batch twice.",
        LIMITS,
        ++c,
        Width.SHORT,
        "Settle timeout");
    def.define(
        ABORT_MAX_ATTEMPTS,
        Type.INT,
        10,
        ConfigDef.Range.between(1, 1_000),
        Importance.LOW,
        "Attempts of a transaction that keeps ending ABORTED (cancelled by WLM, a query monitoring"
            + " rule or "
            + STATEMENT_TIMEOUT_MS
            + ") or in a serialization conflict (Redshift error 1023), with no transaction"
            + " committing in between; then the task fails with the cause. Connectivity errors"
            + " are retried without bound (logged with their count, metric"
            + " TransientWriteFailures).",
        LIMITS,
        ++c,
        Width.SHORT,
        "Abort attempts");
    def.define(
        FENCED_MAX_ATTEMPTS,
        Type.INT,
        10,
        ConfigDef.Range.between(1, 1_000),
        Importance.LOW,
        "Transactions of one partition that may be fenced in a row (another task, such as the"
            + " partition's old or new owner during a rebalance, committed it first) with this task"
            + " committing none of that partition in between. A fenced partition this task still"
            + " owns is rewound to the offsets committed in Redshift and written again; one it no"
            + " longer owns is not rewound. Past this bound the task fails, naming the partition.",
        LIMITS,
        ++c,
        Width.SHORT,
        "Fenced attempts");

    c = 0;
    def.define(
        POSITION_FIELD,
        Type.STRING,
        "__position",
        Importance.MEDIUM,
        "Value field holding the change position (CdcUnwrap's field.position): a string whose lexicographic"
            + " order is the change order. When every change of a table in a batch has it, changes are"
            + " applied in that order; otherwise in Kafka order. Empty: always Kafka order.",
        CHANGES,
        ++c,
        Width.MEDIUM,
        "Position field");
    def.define(
        SOURCE_TS_FIELD,
        Type.STRING,
        "__source_ts",
        Importance.MEDIUM,
        "Value field holding the change's source timestamp (CdcUnwrap's field.source.ts: a Timestamp or"
            + " epoch milliseconds). The position lineage check uses it to tell Debezium re-sending older"
            + " changes after a restart (logged before the newest change seen) from a new log lineage"
            + " (logged after it). Empty: not used; then every position that goes back stops the task.",
        CHANGES,
        ++c,
        Width.MEDIUM,
        "Source timestamp field");
    def.define(
        LINEAGE_CHECK,
        Type.BOOLEAN,
        true,
        Importance.MEDIUM,
        "Check, per topic partition and durably with the committed offsets, that change positions do not go"
            + " back other than by Debezium re-sending older changes: a fail-over to a server with its own"
            + " binlog numbering or GTID server, RESET MASTER or a restore would make later changes sort"
            + " before older ones and be silently dropped. On such a break the task fails naming the topic,"
            + " partition, offset and both positions, and nothing at or after it is written; raise CdcUnwrap's"
            + " position.epoch and restart (see the README, 'Position lineage'). false: no check.",
        CHANGES,
        ++c,
        Width.SHORT,
        "Position lineage check");
    def.define(
        DELETED_FIELD,
        Type.STRING,
        "__deleted",
        Importance.MEDIUM,
        "Boolean (or \"true\"/\"false\" string) value field marking a delete (CdcUnwrap's field.deleted). Empty: not used.",
        CHANGES,
        ++c,
        Width.MEDIUM,
        "Deleted field");
    def.define(
        OP_FIELD,
        Type.STRING,
        "__op",
        Importance.MEDIUM,
        "String value field holding the Debezium operation (CdcUnwrap's field.operation); 'd' marks a delete."
            + " Empty: not used.",
        CHANGES,
        ++c,
        Width.MEDIUM,
        "Operation field");
    def.define(
        TOMBSTONE_HANDLING,
        Type.STRING,
        TombstoneHandling.IGNORE.configValue(),
        new EnumValidator(values(TombstoneHandling.values(), TombstoneHandling::configValue)),
        Importance.MEDIUM,
        "What to do with a record whose value is null (a Kafka tombstone). ignore: skip it (CdcUnwrap already"
            + " turned the delete before it into a row with the deleted flag). fail: treat it as a bad record.",
        CHANGES,
        ++c,
        Width.SHORT,
        "Tombstones");
    def.define(
        INCOMPATIBLE_HANDLING,
        Type.STRING,
        IncompatibleHandling.FAIL.configValue(),
        new EnumValidator(values(IncompatibleHandling.values(), IncompatibleHandling::configValue)),
        Importance.MEDIUM,
        "What to do with a change whose field type cannot be written to the existing column (e.g. a"
            + " MySQL column changed from INT to VARCHAR). fail: stop the task naming the table and column."
            + " dlq: treat the change as a bad record (errant record reporter / DLQ with errors.tolerance=all).",
        CHANGES,
        ++c,
        Width.SHORT,
        "Incompatible changes");
    return def;
  }

  /** Validates single keys and the relations between keys, errors on the key they concern. */
  public static Config validate(Map<String, String> props) {
    Map<String, ConfigValue> byName = new LinkedHashMap<>();
    for (ConfigValue v : CONFIG_DEF.validate(props)) {
      byName.put(v.name(), v);
    }
    for (ConfigValue cross : crossCheck(props)) {
      ConfigValue target = byName.get(cross.name());
      cross.errorMessages().forEach(target::addErrorMessage);
    }
    return new Config(List.copyOf(byName.values()));
  }

  private static List<ConfigValue> crossCheck(Map<String, String> props) {
    String workgroup = props.getOrDefault(WORKGROUP, "").trim();
    String cluster = props.getOrDefault(CLUSTER, "").trim();
    String secret = props.getOrDefault(SECRET_ARN, "").trim();
    String user = props.getOrDefault(DB_USER, "").trim();
    ConfigValue workgroupValue = new ConfigValue(WORKGROUP);
    ConfigValue clusterValue = new ConfigValue(CLUSTER);
    ConfigValue userValue = new ConfigValue(DB_USER);
    ConfigValue secretValue = new ConfigValue(SECRET_ARN);
    ConfigValue bucketValue = new ConfigValue(COPY_BUCKET);
    ConfigValue roleValue = new ConfigValue(COPY_IAM_ROLE);
    ConfigValue secretKeyValue = new ConfigValue(SECRET_ACCESS_KEY);
    ConfigValue copyMinRowsValue = new ConfigValue(COPY_MIN_ROWS);
    copyNeverRuns(props).ifPresent(copyMinRowsValue::addErrorMessage);
    if (workgroup.isEmpty() && cluster.isEmpty()) {
      workgroupValue.addErrorMessage(
          "set " + WORKGROUP + " (Redshift Serverless) or " + CLUSTER + " (provisioned)");
    } else if (!workgroup.isEmpty() && !cluster.isEmpty()) {
      clusterValue.addErrorMessage(
          CLUSTER + " and " + WORKGROUP + " are both set; a connector writes to one of them");
    }
    if (!workgroup.isEmpty() && !user.isEmpty()) {
      userValue.addErrorMessage(
          DB_USER
              + " works with provisioned clusters only; use "
              + SECRET_ARN
              + " or IAM with a Serverless workgroup");
    }
    if (!cluster.isEmpty() && secret.isEmpty() && user.isEmpty()) {
      secretValue.addErrorMessage("a provisioned cluster needs " + SECRET_ARN + " or " + DB_USER);
    }
    if (!cluster.isEmpty() && !secret.isEmpty() && !user.isEmpty()) {
      userValue.addErrorMessage(
          DB_USER + " and " + SECRET_ARN + " are both set; choose one way to authenticate");
    }
    if (LoadPath.COPY.configValue().equals(props.get(LOAD_PATH))) {
      if (props.getOrDefault(COPY_BUCKET, "").isBlank()) {
        bucketValue.addErrorMessage(COPY_BUCKET + " is required with " + LOAD_PATH + "=copy");
      }
      if (props.getOrDefault(COPY_IAM_ROLE, "").isBlank()) {
        roleValue.addErrorMessage(COPY_IAM_ROLE + " is required with " + LOAD_PATH + "=copy");
      }
    }
    boolean hasKeyId = !props.getOrDefault(ACCESS_KEY_ID, "").isBlank();
    boolean hasSecretKey = !props.getOrDefault(SECRET_ACCESS_KEY, "").isBlank();
    if (hasKeyId != hasSecretKey) {
      secretKeyValue.addErrorMessage(ACCESS_KEY_ID + " and " + SECRET_ACCESS_KEY + " go together");
    }
    return List.of(
        workgroupValue,
        clusterValue,
        userValue,
        secretValue,
        bucketValue,
        roleValue,
        secretKeyValue,
        copyMinRowsValue);
  }

  /** The consumer setting that bounds how many records one {@code put} brings. */
  public static final String CONSUMER_MAX_POLL_RECORDS = "consumer.override.max.poll.records";

  /**
   * Kafka's default for {@code max.poll.records}, what a put brings unless the worker says else.
   */
  public static final int KAFKA_DEFAULT_MAX_POLL_RECORDS = 500;

  /**
   * Why COPY can never run, if it cannot: a write holds at most one put's records, so with {@link
   * #CONSUMER_MAX_POLL_RECORDS} below {@link #COPY_MIN_ROWS} every write takes the insert path.
   */
  static Optional<String> copyNeverRuns(Map<String, String> props) {
    if (!LoadPath.COPY.configValue().equals(props.get(LOAD_PATH))) {
      return Optional.empty();
    }
    String poll = props.get(CONSUMER_MAX_POLL_RECORDS);
    int minRows;
    int maxPoll;
    try {
      minRows = Integer.parseInt(props.getOrDefault(COPY_MIN_ROWS, "1000").trim());
      maxPoll = poll == null ? -1 : Integer.parseInt(poll.trim());
    } catch (NumberFormatException e) {
      return Optional.empty(); // the ConfigDef (or the worker) reports the number itself
    }
    if (maxPoll > 0 && maxPoll < minRows) {
      return Optional.of(
          COPY_MIN_ROWS
              + "="
              + minRows
              + " is more than "
              + CONSUMER_MAX_POLL_RECORDS
              + "="
              + maxPoll
              + ": a put never brings that many records, so COPY would never run; lower "
              + COPY_MIN_ROWS
              + " or raise "
              + CONSUMER_MAX_POLL_RECORDS);
    }
    return Optional.empty();
  }

  public WriteMode mode() {
    return WriteMode.parse(getString(MODE));
  }

  public TombstoneHandling tombstoneHandling() {
    return TombstoneHandling.parse(getString(TOMBSTONE_HANDLING));
  }

  public IncompatibleHandling incompatibleHandling() {
    return IncompatibleHandling.parse(getString(INCOMPATIBLE_HANDLING));
  }

  /** The staging bucket's region: {@link #COPY_S3_REGION}, else {@link #REGION}. */
  public String stagingRegion() {
    return optional(COPY_S3_REGION).orElse(getString(REGION).trim());
  }

  public LoadPath loadPath() {
    return LoadPath.parse(getString(LOAD_PATH));
  }

  public DataApiTarget target() {
    Optional<String> secret = optional(SECRET_ARN);
    return optional(WORKGROUP)
        .map(w -> DataApiTarget.workgroup(w, getString(DATABASE), secret))
        .orElseGet(
            () ->
                DataApiTarget.cluster(
                    getString(CLUSTER).trim(), getString(DATABASE), secret, optional(DB_USER)));
  }

  public StatementLimits limits() {
    return new StatementLimits(getInt(MAX_STATEMENTS), getInt(MAX_STATEMENT_BYTES));
  }

  public Optional<String> optional(String key) {
    String value = key.equals(SECRET_ACCESS_KEY) ? getPassword(key).value() : getString(key);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  public Password secretAccessKey() {
    return getPassword(SECRET_ACCESS_KEY);
  }

  private static <E> List<String> values(E[] all, Function<E, String> name) {
    return Arrays.stream(all).map(name).toList();
  }

  /** Accepts exactly one of a fixed set of lower-case values. */
  static final class EnumValidator implements ConfigDef.Validator {
    private final List<String> allowed;

    EnumValidator(List<String> allowed) {
      this.allowed = allowed;
    }

    @Override
    public void ensureValid(String name, Object value) {
      if (!allowed.contains(value)) {
        throw new ConfigException(name, value, "must be one of " + allowed);
      }
    }

    @Override
    public String toString() {
      return String.join(", ", allowed);
    }
  }

  /** A Redshift identifier (checked, not normalized: the config names exact objects). */
  static final class IdentifierValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      RedshiftIdentifiers.defaults()
          .problem((String) value)
          .ifPresent(
              p -> {
                throw new ConfigException(name, value, p);
              });
    }

    @Override
    public String toString() {
      return "a Redshift identifier of at most 127 bytes";
    }
  }

  static final class PrefixOrEmpty implements ConfigDef.Validator {
    private final String prefix;

    PrefixOrEmpty(String prefix) {
      this.prefix = prefix;
    }

    @Override
    public void ensureValid(String name, Object value) {
      String s = (String) value;
      if (s != null && !s.isBlank() && !s.trim().startsWith(prefix)) {
        throw new ConfigException(name, value, "must start with '" + prefix + "'");
      }
    }

    @Override
    public String toString() {
      return "empty, or starting with '" + prefix + "'";
    }
  }

  static final class UrlOrEmpty implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      String s = (String) value;
      if (s == null || s.isBlank()) {
        return;
      }
      try {
        java.net.URI uri = new java.net.URI(s.trim());
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
            || uri.getHost() == null) {
          throw new ConfigException(name, value, "must be an http or https URL");
        }
      } catch (java.net.URISyntaxException e) {
        throw new ConfigException(name, value, "must be an http or https URL: " + e.getMessage());
      }
    }

    @Override
    public String toString() {
      return "empty, or an http(s) URL";
    }
  }
}
