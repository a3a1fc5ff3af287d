package io.tidemark.connect.s3;

import io.tidemark.connect.s3.format.Compression;
import io.tidemark.connect.s3.format.Format;
import io.tidemark.connect.s3.partition.FieldPartitioner;
import io.tidemark.connect.s3.partition.PathFormat;
import io.tidemark.connect.s3.partition.TimePartitioner;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;

/**
 * Every key of the S3 sink, declared once. {@link #validate(Map)} adds the cross-field checks
 * (reported on the key they are about) to the per-key ones, for {@code Connector.validate()}. The
 * reference in {@code docs/configuration.md} is generated from {@link #CONFIG_DEF}.
 */
public final class S3SinkConfig extends AbstractConfig {

  /** Enum-valued keys. */
  public enum PartitionerType {
    KAFKA_PARTITION,
    FIELD,
    TIME
  }

  public enum CredentialsProvider {
    DEFAULT,
    STATIC,
    ASSUME_ROLE
  }

  public enum ChecksumMode {
    WHEN_SUPPORTED,
    WHEN_REQUIRED
  }

  public enum SseType {
    NONE,
    SSE_S3,
    SSE_KMS
  }

  public enum CannedAcl {
    NONE,
    PRIVATE,
    BUCKET_OWNER_READ,
    BUCKET_OWNER_FULL_CONTROL
  }

  public enum TombstoneBehavior {
    SKIP,
    WRITE_MARKER,
    FAIL
  }

  public enum DeleteBehavior {
    WRITE,
    SKIP,
    FAIL
  }

  static final String GROUP_S3 = "S3";
  static final String GROUP_FORMAT = "Format";
  static final String GROUP_PARTITION = "Partitioning";
  static final String GROUP_ROTATION = "Rotation";
  static final String GROUP_BUFFER = "Buffering";
  static final String GROUP_CDC = "CDC";
  static final String GROUP_EVENTS = "Commit events";
  static final String GROUP_RETRY = "Retries";

  public static final String S3_BUCKET_NAME = "s3.bucket.name";
  public static final String S3_PREFIX = "s3.prefix";
  public static final String S3_REGION = "s3.region";
  public static final String S3_ENDPOINT_URL = "s3.endpoint.url";
  public static final String S3_PATH_STYLE_ACCESS_ENABLED = "s3.path.style.access.enabled";
  public static final String S3_CHECKSUM_MODE = "s3.checksum.mode";
  public static final String S3_SSE_TYPE = "s3.sse.type";
  public static final String S3_SSE_KMS_KEY_ID = "s3.sse.kms.key.id";
  public static final String S3_ACL_CANNED = "s3.acl.canned";
  public static final String S3_CREDENTIALS_PROVIDER = "s3.credentials.provider";
  public static final String S3_ACCESS_KEY_ID = "s3.access.key.id";
  public static final String S3_SECRET_ACCESS_KEY = "s3.secret.access.key";
  public static final String S3_STS_ROLE_ARN = "s3.sts.role.arn";
  public static final String S3_STS_EXTERNAL_ID = "s3.sts.external.id";
  public static final String S3_STS_SESSION_NAME = "s3.sts.session.name";
  public static final String S3_PART_SIZE_BYTES = "s3.part.size.bytes";
  public static final String MARKER_PREFIX = "commit.marker.prefix";
  public static final String COMMIT_PUBLISH_TIMEOUT_MS = "commit.publish.timeout.ms";

  public static final String FORMAT_TYPE = "format.type";
  public static final String FORMAT_COMPRESSION = "format.compression";
  public static final String FORMAT_PARQUET_ROW_GROUP_BYTES = "format.parquet.row.group.bytes";
  public static final String FORMAT_VARIABLE_SCALE_DECIMAL_SCALE =
      "format.variable.scale.decimal.scale";

  public static final String PARTITIONER_TYPE = "partitioner.type";
  public static final String PARTITIONER_FIELD_NAMES = "partitioner.field.names";
  public static final String PARTITIONER_TIME_SOURCE = "partitioner.time.source";
  public static final String PARTITIONER_TIME_FIELD = "partitioner.time.field";
  public static final String PARTITIONER_TIME_ZONE = "partitioner.time.zone";
  public static final String PARTITIONER_TIME_PATH_FORMAT = "partitioner.time.path.format";

  public static final String ROTATE_RECORD_COUNT = "rotate.record.count";
  public static final String ROTATE_SIZE_BYTES = "rotate.size.bytes";
  public static final String ROTATE_RECORD_TIME_INTERVAL_MS = "rotate.record.time.interval.ms";
  public static final String ROTATE_SCHEDULE_INTERVAL_MS = "rotate.schedule.interval.ms";

  public static final String BUFFER_BUDGET_BYTES = "buffer.budget.bytes";
  public static final String BUFFER_SPILL_DIR = "buffer.spill.dir";

  public static final String CDC_TOMBSTONE_BEHAVIOR = "cdc.tombstone.behavior";
  public static final String CDC_DELETE_BEHAVIOR = "cdc.delete.behavior";
  public static final String RECORD_KEY_COLUMN_ENABLED = "record.key.column.enabled";
  public static final String RECORD_HEADERS_COLUMN_ENABLED = "record.headers.column.enabled";
  public static final String RECORD_KAFKA_COORDINATES_ENABLED = "record.kafka.coordinates.enabled";

  public static final String COMMIT_EVENTS_TOPIC = "commit.events.topic";
  public static final String COMMIT_EVENTS_BOOTSTRAP_SERVERS = "commit.events.bootstrap.servers";
  public static final String COMMIT_EVENTS_KEY_RANGE_FIELDS = "commit.events.key.range.fields";

  /** Prefix of producer client settings for the events cluster, e.g. SASL for MSK IAM. */
  public static final String COMMIT_EVENTS_PRODUCER_PREFIX = "commit.events.producer.";

  public static final String RETRY_MAX_ATTEMPTS = "retry.max.attempts";
  public static final String RETRY_BACKOFF_INITIAL_MS = "retry.backoff.initial.ms";
  public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";

  static final long MIB = 1024L * 1024;

  public static final ConfigDef CONFIG_DEF = configDef();

  public S3SinkConfig(Map<String, String> props) {
    super(CONFIG_DEF, props);
    List<ConfigValue> errors = crossFieldErrors(props);
    for (ConfigValue v : errors) {
      if (!v.errorMessages().isEmpty()) {
        throw new ConfigException(v.name(), v.value(), v.errorMessages().get(0));
      }
    }
  }

  private static ConfigDef configDef() {
    ConfigDef d = new ConfigDef();
    int o = 0;
    d.define(
        S3_BUCKET_NAME,
        Type.STRING,
        ConfigDef.NO_DEFAULT_VALUE,
        new ConfigDef.NonEmptyString(),
        Importance.HIGH,
        "Bucket the data and commit markers go to.",
        GROUP_S3,
        ++o,
        Width.MEDIUM,
        "Bucket");
    d.define(
        S3_PREFIX,
        Type.STRING,
        "",
        Importance.MEDIUM,
        "Key prefix for every object: <prefix>/<folder>/<partition path>/<topic>+<partition>+<start offset>.<ext>, where the folder is the topic after the connector's SMTs (a RegexRouter's output) and the file name keeps the original topic.",
        GROUP_S3,
        ++o,
        Width.MEDIUM,
        "Prefix");
    d.define(
        S3_REGION,
        Type.STRING,
        "us-east-1",
        new ConfigDef.NonEmptyString(),
        Importance.HIGH,
        "AWS region of the bucket.",
        GROUP_S3,
        ++o,
        Width.SHORT,
        "Region");
    d.define(
        S3_ENDPOINT_URL,
        Type.STRING,
        "",
        Importance.LOW,
        "Endpoint override (e.g. an S3-compatible server such as S3Proxy or MinIO); empty for AWS.",
        GROUP_S3,
        ++o,
        Width.LONG,
        "Endpoint");
    d.define(
        S3_PATH_STYLE_ACCESS_ENABLED,
        Type.BOOLEAN,
        false,
        Importance.LOW,
        "Address the bucket in the path instead of the host name (needed by most S3-compatible servers).",
        GROUP_S3,
        ++o,
        Width.SHORT,
        "Path-style access");
    enumKey(
        d,
        S3_CHECKSUM_MODE,
        ChecksumMode.class,
        ChecksumMode.WHEN_REQUIRED,
        Importance.LOW,
        "When the SDK computes request checksums and validates response checksums. WHEN_REQUIRED suits "
            + "S3-compatible servers that reject the newer default checksums.",
        GROUP_S3,
        ++o);
    enumKey(
        d,
        S3_SSE_TYPE,
        SseType.class,
        SseType.NONE,
        Importance.MEDIUM,
        "Server-side encryption of written objects.",
        GROUP_S3,
        ++o);
    d.define(
        S3_SSE_KMS_KEY_ID,
        Type.STRING,
        "",
        Importance.MEDIUM,
        "KMS key id or ARN for SSE_KMS; empty uses the account's aws/s3 key. Only with SSE_KMS.",
        GROUP_S3,
        ++o,
        Width.LONG,
        "KMS key");
    enumKey(
        d,
        S3_ACL_CANNED,
        CannedAcl.class,
        CannedAcl.NONE,
        Importance.LOW,
        "Canned ACL set on written objects; NONE sets no ACL (buckets with object ownership enforced).",
        GROUP_S3,
        ++o);
    enumKey(
        d,
        S3_CREDENTIALS_PROVIDER,
        CredentialsProvider.class,
        CredentialsProvider.DEFAULT,
        Importance.HIGH,
        "DEFAULT: the AWS default chain (environment, profile, container or instance role). STATIC: "
            + S3_ACCESS_KEY_ID
            + " and "
            + S3_SECRET_ACCESS_KEY
            + ". ASSUME_ROLE: STS AssumeRole of "
            + S3_STS_ROLE_ARN
            + " with the default chain as source.",
        GROUP_S3,
        ++o);
    d.define(
        S3_ACCESS_KEY_ID,
        Type.STRING,
        "",
        Importance.MEDIUM,
        "Access key id for STATIC credentials.",
        GROUP_S3,
        ++o,
        Width.MEDIUM,
        "Access key id");
    d.define(
        S3_SECRET_ACCESS_KEY,
        Type.PASSWORD,
        "",
        Importance.MEDIUM,
        "Secret access key for STATIC credentials.",
        GROUP_S3,
        ++o,
        Width.MEDIUM,
        "Secret access key");
    d.define(
        S3_STS_ROLE_ARN,
        Type.STRING,
        "",
        Importance.MEDIUM,
        "Role to assume for ASSUME_ROLE credentials.",
        GROUP_S3,
        ++o,
        Width.LONG,
        "Role ARN");
    d.define(
        S3_STS_EXTERNAL_ID,
        Type.PASSWORD,
        "",
        Importance.LOW,
        "External id for the AssumeRole call, if the role's trust policy requires one.",
        GROUP_S3,
        ++o,
        Width.MEDIUM,
        "External id");
    d.define(
        S3_STS_SESSION_NAME,
        Type.STRING,
        "tidemark-s3-sink",
        Importance.LOW,
        "Session name for the AssumeRole call.",
        GROUP_S3,
        ++o,
        Width.MEDIUM,
        "Session name");
    d.define(
        S3_PART_SIZE_BYTES,
        Type.LONG,
        8 * MIB,
        ConfigDef.Range.between(5 * MIB, 5L * 1024 * MIB),
        Importance.MEDIUM,
        "Multipart upload part size. S3 requires at least 5 MiB for all but the last part.",
        GROUP_S3,
        ++o,
        Width.SHORT,
        "Part size");
    d.define(
        MARKER_PREFIX,
        Type.STRING,
        "",
        Importance.LOW,
        "Prefix of the commit markers (<prefix>/_tidemark/markers/<connector>/<topic>/<partition>.json); empty "
            + "uses "
            + S3_PREFIX
            + ". Never delete markers while the connector runs.",
        GROUP_S3,
        ++o,
        Width.MEDIUM,
        "Marker prefix");
    d.define(
        COMMIT_PUBLISH_TIMEOUT_MS,
        Type.LONG,
        60_000L,
        ConfigDef.Range.between(1_000L, 240_000L),
        Importance.LOW,
        "How long a file may take to become visible after its pending marker is written (its lease)."
            + " A task never makes it visible later; a new owner that finds it missing waits this long"
            + " (plus 10 s of clock skew) before replaying its records, so a task that lost the"
            + " partition cannot add it afterwards. Keep it well below max.poll.interval.ms.",
        GROUP_S3,
        ++o,
        Width.SHORT,
        "Publish lease");

    o = 0;
    enumKey(
        d,
        FORMAT_TYPE,
        Format.class,
        Format.PARQUET,
        Importance.HIGH,
        "File format: JSONL (one JSON object per line), CSV (with a header row), PARQUET or AVRO.",
        GROUP_FORMAT,
        ++o);
    enumKey(
        d,
        FORMAT_COMPRESSION,
        Compression.class,
        Compression.SNAPPY,
        Importance.MEDIUM,
        "Compression. JSONL and CSV: NONE, GZIP, ZSTD (the extension shows it: .jsonl.gz, .csv.zst). "
            + "PARQUET and AVRO: also SNAPPY, applied inside the file (AVRO's GZIP is its deflate codec).",
        GROUP_FORMAT,
        ++o);
    d.define(
        FORMAT_PARQUET_ROW_GROUP_BYTES,
        Type.LONG,
        8 * MIB,
        ConfigDef.Range.between(64 * 1024, 1024 * MIB),
        Importance.LOW,
        "Parquet row group size. A row group is held in memory until full and counts "
            + "against "
            + BUFFER_BUDGET_BYTES
            + ".",
        GROUP_FORMAT,
        ++o,
        Width.SHORT,
        "Row group size");
    d.define(
        FORMAT_VARIABLE_SCALE_DECIMAL_SCALE,
        Type.INT,
        -1,
        ConfigDef.Range.between(-1, 38),
        Importance.LOW,
        "Debezium VariableScaleDecimal values are written as exact decimal text when -1 "
            + "(the default); otherwise as DECIMAL(38, this scale), and a value that would need rounding "
            + "is a bad record.",
        GROUP_FORMAT,
        ++o,
        Width.SHORT,
        "VariableScaleDecimal scale");

    o = 0;
    enumKey(
        d,
        PARTITIONER_TYPE,
        PartitionerType.class,
        PartitionerType.KAFKA_PARTITION,
        Importance.HIGH,
        "KAFKA_PARTITION: partition=<n>. FIELD: one folder per field of "
            + PARTITIONER_FIELD_NAMES
            + ". TIME: folders by time, see "
            + PARTITIONER_TIME_SOURCE
            + ".",
        GROUP_PARTITION,
        ++o);
    d.define(
        PARTITIONER_FIELD_NAMES,
        Type.LIST,
        "",
        Importance.MEDIUM,
        "Fields for FIELD partitioning, in folder order; nested fields as dotted paths (address.city).",
        GROUP_PARTITION,
        ++o,
        Width.LONG,
        "Fields");
    enumKey(
        d,
        PARTITIONER_TIME_SOURCE,
        TimePartitioner.Source.class,
        TimePartitioner.Source.RECORD,
        Importance.MEDIUM,
        "Time for TIME partitioning: RECORD (Kafka timestamp), FIELD ("
            + PARTITIONER_TIME_FIELD
            + ") or WALL_CLOCK. Late records go to the folder of their own time, except with WALL_CLOCK.",
        GROUP_PARTITION,
        ++o);
    d.define(
        PARTITIONER_TIME_FIELD,
        Type.STRING,
        "",
        Importance.MEDIUM,
        "Field holding the time for the FIELD time source (timestamp, date, epoch ms or ISO-8601 text).",
        GROUP_PARTITION,
        ++o,
        Width.MEDIUM,
        "Time field");
    d.define(
        PARTITIONER_TIME_ZONE,
        Type.STRING,
        "UTC",
        new ZoneValidator(),
        Importance.MEDIUM,
        "Time zone of time folders and of rotation windows (an IANA name such as Europe/Paris).",
        GROUP_PARTITION,
        ++o,
        Width.SHORT,
        "Time zone");
    d.define(
        PARTITIONER_TIME_PATH_FORMAT,
        Type.STRING,
        "dt=YYYY-MM-dd/hr=HH",
        new PathFormatValidator(),
        Importance.MEDIUM,
        "Time folder template. Tokens YYYY, MM, dd, HH, mm; text in single quotes is " + "literal.",
        GROUP_PARTITION,
        ++o,
        Width.MEDIUM,
        "Path format");

    o = 0;
    d.define(
        ROTATE_RECORD_COUNT,
        Type.LONG,
        10_000L,
        ConfigDef.Range.atLeast(0),
        Importance.HIGH,
        "Close a file after this many records; 0 disables.",
        GROUP_ROTATION,
        ++o,
        Width.SHORT,
        "Records");
    d.define(
        ROTATE_SIZE_BYTES,
        Type.LONG,
        0L,
        ConfigDef.Range.atLeast(0),
        Importance.MEDIUM,
        "Close a file once it reaches this size; 0 disables.",
        GROUP_ROTATION,
        ++o,
        Width.SHORT,
        "Bytes");
    d.define(
        ROTATE_RECORD_TIME_INTERVAL_MS,
        Type.LONG,
        0L,
        ConfigDef.Range.atLeast(0),
        Importance.MEDIUM,
        "Close a file before a record whose record time leaves the file's time window (windows of this "
            + "length aligned in "
            + PARTITIONER_TIME_ZONE
            + "); 0 disables.",
        GROUP_ROTATION,
        ++o,
        Width.SHORT,
        "Record time interval");
    d.define(
        ROTATE_SCHEDULE_INTERVAL_MS,
        Type.LONG,
        600_000L,
        ConfigDef.Range.atLeast(0),
        Importance.MEDIUM,
        "Close every file at the end of the wall-clock window it was opened in, also when the partition "
            + "is idle. On by default (10 minutes): without it a quiet partition's last records never "
            + "land and its offsets never commit. 0 disables.",
        GROUP_ROTATION,
        ++o,
        Width.SHORT,
        "Schedule interval");

    o = 0;
    d.define(
        BUFFER_BUDGET_BYTES,
        Type.LONG,
        256 * MIB,
        ConfigDef.Range.atLeast(MIB),
        Importance.HIGH,
        "Memory all open files of a task may buffer together. Beyond it the largest buffers upload a "
            + "part or spill to "
            + BUFFER_SPILL_DIR
            + ".",
        GROUP_BUFFER,
        ++o,
        Width.SHORT,
        "Budget");
    d.define(
        BUFFER_SPILL_DIR,
        Type.STRING,
        System.getProperty("java.io.tmpdir"),
        new ConfigDef.NonEmptyString(),
        Importance.LOW,
        "Local directory for spilled buffers.",
        GROUP_BUFFER,
        ++o,
        Width.LONG,
        "Spill directory");

    o = 0;
    enumKey(
        d,
        CDC_TOMBSTONE_BEHAVIOR,
        TombstoneBehavior.class,
        TombstoneBehavior.SKIP,
        Importance.MEDIUM,
        "Records with a null value: SKIP, WRITE_MARKER (a row with the key columns and __deleted=true) "
            + "or FAIL the task.",
        GROUP_CDC,
        ++o);
    enumKey(
        d,
        CDC_DELETE_BEHAVIOR,
        DeleteBehavior.class,
        DeleteBehavior.WRITE,
        Importance.MEDIUM,
        "Debezium delete events (op=d, or __deleted=true after ExtractNewRecordState): WRITE them as "
            + "rows, SKIP them or FAIL the task.",
        GROUP_CDC,
        ++o);
    d.define(
        RECORD_KEY_COLUMN_ENABLED,
        Type.BOOLEAN,
        false,
        Importance.LOW,
        "Add the record key as the __key column.",
        GROUP_CDC,
        ++o,
        Width.SHORT,
        "Key column");
    d.define(
        RECORD_HEADERS_COLUMN_ENABLED,
        Type.BOOLEAN,
        false,
        Importance.LOW,
        "Add the record headers as the __headers column (map of string).",
        GROUP_CDC,
        ++o,
        Width.SHORT,
        "Headers column");
    d.define(
        RECORD_KAFKA_COORDINATES_ENABLED,
        Type.BOOLEAN,
        false,
        Importance.LOW,
        "Add __topic, __partition, __offset and __timestamp columns (the record's original coordinates).",
        GROUP_CDC,
        ++o,
        Width.SHORT,
        "Kafka coordinates");

    o = 0;
    d.define(
        COMMIT_EVENTS_TOPIC,
        Type.STRING,
        "",
        Importance.MEDIUM,
        "Topic that receives a JSON event for every object durably written; empty disables.",
        GROUP_EVENTS,
        ++o,
        Width.MEDIUM,
        "Topic");
    d.define(
        COMMIT_EVENTS_BOOTSTRAP_SERVERS,
        Type.STRING,
        "",
        Importance.MEDIUM,
        "Bootstrap servers of the cluster holding "
            + COMMIT_EVENTS_TOPIC
            + ". Client settings that cluster "
            + "needs (security.protocol, sasl.mechanism, sasl.jaas.config, ...; for MSK IAM also "
            + "sasl.client.callback.handler.class) go under the prefix "
            + COMMIT_EVENTS_PRODUCER_PREFIX
            + "; acks, idempotence and timeouts are fixed.",
        GROUP_EVENTS,
        ++o,
        Width.LONG,
        "Bootstrap servers");
    d.define(
        COMMIT_EVENTS_KEY_RANGE_FIELDS,
        Type.LIST,
        "",
        Importance.LOW,
        "Top-level integer fields of the written rows (e.g. the table's primary key) whose smallest and largest "
            + "value per object go into the commit event as keyRanges, so a consumer can bound a merge by key. "
            + "A field that is missing, null or not an integer in some row of an object is left out of its event.",
        GROUP_EVENTS,
        ++o,
        Width.MEDIUM,
        "Key range fields");

    o = 0;
    d.define(
        RETRY_MAX_ATTEMPTS,
        Type.INT,
        5,
        ConfigDef.Range.between(1, 100),
        Importance.LOW,
        "Attempts of a transient S3 failure before the task asks Connect to retry the batch.",
        GROUP_RETRY,
        ++o,
        Width.SHORT,
        "Attempts");
    d.define(
        RETRY_BACKOFF_INITIAL_MS,
        Type.LONG,
        200L,
        ConfigDef.Range.atLeast(1),
        Importance.LOW,
        "First backoff; each retry doubles it, with full jitter.",
        GROUP_RETRY,
        ++o,
        Width.SHORT,
        "Initial backoff");
    d.define(
        RETRY_BACKOFF_MAX_MS,
        Type.LONG,
        20_000L,
        ConfigDef.Range.atLeast(1),
        Importance.LOW,
        "Largest backoff.",
        GROUP_RETRY,
        ++o,
        Width.SHORT,
        "Max backoff");
    return d;
  }

  private static <E extends Enum<E>> void enumKey(
      ConfigDef d,
      String key,
      Class<E> type,
      E dflt,
      Importance importance,
      String doc,
      String group,
      int order) {
    String[] names = Arrays.stream(type.getEnumConstants()).map(Enum::name).toArray(String[]::new);
    d.define(
        key,
        Type.STRING,
        dflt.name(),
        new EnumValidator(type),
        importance,
        doc + " One of " + String.join(", ", names) + ".",
        group,
        order,
        Width.SHORT,
        key,
        List.of(),
        new ConfigDef.Recommender() {
          @Override
          public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
            return List.of((Object[]) names);
          }

          @Override
          public boolean visible(String name, Map<String, Object> parsedConfig) {
            return true;
          }
        });
  }

  /** Parses an enum value case-insensitively; unknown names fail, never default. */
  static <E extends Enum<E>> E parseEnum(Class<E> type, String key, String value) {
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new ConfigException(
          key, value, "must be one of " + Arrays.toString(type.getEnumConstants()));
    }
  }

  private static final class EnumValidator implements ConfigDef.Validator {
    private final Class<? extends Enum<?>> type;

    EnumValidator(Class<? extends Enum<?>> type) {
      this.type = type;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void ensureValid(String name, Object value) {
      parseEnum((Class) type, name, (String) value);
    }

    @Override
    public String toString() {
      return Arrays.toString(type.getEnumConstants());
    }
  }

  private static final class ZoneValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      try {
        ZoneId.of(((String) value).trim());
      } catch (RuntimeException e) {
        throw new ConfigException(name, value, "is not a time zone id: " + e.getMessage());
      }
    }

    @Override
    public String toString() {
      return "an IANA time zone id";
    }
  }

  private static final class PathFormatValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      try {
        new PathFormat((String) value);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(name, value, e.getMessage());
      }
    }

    @Override
    public String toString() {
      return "a path template with YYYY, MM, dd, HH or mm";
    }
  }

  /**
   * Per-key and cross-field validation, for {@code Connector.validate()}: each error sits on the
   * key it is about.
   */
  public static Config validate(Map<String, String> props) {
    List<ConfigValue> values = CONFIG_DEF.validate(props);
    Map<String, ConfigValue> byName = new HashMap<>();
    for (ConfigValue v : values) {
      byName.put(v.name(), v);
    }
    for (ConfigValue e : crossFieldErrors(props)) {
      ConfigValue target = byName.get(e.name());
      if (target != null && target.errorMessages().isEmpty()) {
        e.errorMessages().forEach(target::addErrorMessage);
      }
    }
    return new Config(values);
  }

  private static List<ConfigValue> crossFieldErrors(Map<String, String> props) {
    Map<String, ConfigValue> errors = new java.util.LinkedHashMap<>();
    Function<String, String> get =
        k -> {
          String v = props.get(k);
          if (v != null) {
            return v.trim();
          }
          Object d = CONFIG_DEF.configKeys().get(k).defaultValue;
          if (d instanceof List) {
            return String.join(",", ((List<?>) d).stream().map(String::valueOf).toList());
          }
          if (d instanceof org.apache.kafka.common.config.types.Password) {
            return ((org.apache.kafka.common.config.types.Password) d).value();
          }
          return d == null ? "" : String.valueOf(d);
        };
    java.util.function.BiConsumer<String, String> error =
        (k, msg) -> errors.computeIfAbsent(k, ConfigValue::new).addErrorMessage(msg);

    Format format = safe(() -> Format.parse(get.apply(FORMAT_TYPE)));
    Compression compression = safe(() -> Compression.parse(get.apply(FORMAT_COMPRESSION)));
    if (format != null && compression != null && !format.supports(compression)) {
      error.accept(
          FORMAT_COMPRESSION,
          format + " does not support " + compression + "; use one of " + format.compressions());
    }
    PartitionerType partitioner =
        safe(() -> parseEnum(PartitionerType.class, PARTITIONER_TYPE, get.apply(PARTITIONER_TYPE)));
    if (partitioner == PartitionerType.FIELD && get.apply(PARTITIONER_FIELD_NAMES).isBlank()) {
      error.accept(PARTITIONER_FIELD_NAMES, "FIELD partitioning needs at least one field");
    } else if (partitioner == PartitionerType.FIELD) {
      String problem =
          FieldPartitioner.problem(
              List.of(get.apply(PARTITIONER_FIELD_NAMES).trim().split("\\s*,\\s*", -1)));
      if (problem != null) {
        error.accept(PARTITIONER_FIELD_NAMES, problem);
      }
    }
    TimePartitioner.Source source =
        safe(() -> TimePartitioner.Source.parse(get.apply(PARTITIONER_TIME_SOURCE)));
    if (partitioner == PartitionerType.TIME
        && source == TimePartitioner.Source.FIELD
        && get.apply(PARTITIONER_TIME_FIELD).isBlank()) {
      error.accept(PARTITIONER_TIME_FIELD, "the FIELD time source needs a field");
    }
    CredentialsProvider creds =
        safe(
            () ->
                parseEnum(
                    CredentialsProvider.class,
                    S3_CREDENTIALS_PROVIDER,
                    get.apply(S3_CREDENTIALS_PROVIDER)));
    if (creds == CredentialsProvider.STATIC) {
      if (get.apply(S3_ACCESS_KEY_ID).isBlank()) {
        error.accept(S3_ACCESS_KEY_ID, "STATIC credentials need an access key id");
      }
      if (get.apply(S3_SECRET_ACCESS_KEY).isBlank()) {
        error.accept(S3_SECRET_ACCESS_KEY, "STATIC credentials need a secret access key");
      }
    }
    if (creds == CredentialsProvider.ASSUME_ROLE && get.apply(S3_STS_ROLE_ARN).isBlank()) {
      error.accept(S3_STS_ROLE_ARN, "ASSUME_ROLE credentials need a role ARN");
    }
    SseType sse = safe(() -> parseEnum(SseType.class, S3_SSE_TYPE, get.apply(S3_SSE_TYPE)));
    if (sse != null && sse != SseType.SSE_KMS && !get.apply(S3_SSE_KMS_KEY_ID).isBlank()) {
      error.accept(S3_SSE_KMS_KEY_ID, "a KMS key only applies with " + S3_SSE_TYPE + "=SSE_KMS");
    }
    if (isZero(get.apply(ROTATE_RECORD_COUNT))
        && isZero(get.apply(ROTATE_SIZE_BYTES))
        && isZero(get.apply(ROTATE_RECORD_TIME_INTERVAL_MS))
        && isZero(get.apply(ROTATE_SCHEDULE_INTERVAL_MS))) {
      error.accept(
          ROTATE_RECORD_COUNT, "every rotation is disabled, so no file would ever be closed");
    }
    if (!get.apply(COMMIT_EVENTS_TOPIC).isBlank()
        && get.apply(COMMIT_EVENTS_BOOTSTRAP_SERVERS).isBlank()) {
      error.accept(
          COMMIT_EVENTS_BOOTSTRAP_SERVERS,
          "commit events need the bootstrap servers of their cluster");
    }
    Long initial = safeLong(get.apply(RETRY_BACKOFF_INITIAL_MS));
    Long max = safeLong(get.apply(RETRY_BACKOFF_MAX_MS));
    if (initial != null && max != null && max < initial) {
      error.accept(RETRY_BACKOFF_MAX_MS, "must not be below " + RETRY_BACKOFF_INITIAL_MS);
    }
    return List.copyOf(errors.values());
  }

  private static boolean isZero(String v) {
    Long l = safeLong(v);
    return l != null && l == 0;
  }

  private static Long safeLong(String v) {
    try {
      return Long.parseLong(v.trim());
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static <T> T safe(java.util.function.Supplier<T> s) {
    try {
      return s.get();
    } catch (RuntimeException e) {
      return null;
    }
  }

  public Format format() {
    return Format.parse(getString(FORMAT_TYPE));
  }

  public Compression compression() {
    return Compression.parse(getString(FORMAT_COMPRESSION));
  }

  public PartitionerType partitionerType() {
    return parseEnum(PartitionerType.class, PARTITIONER_TYPE, getString(PARTITIONER_TYPE));
  }

  public TimePartitioner.Source timeSource() {
    return TimePartitioner.Source.parse(getString(PARTITIONER_TIME_SOURCE));
  }

  public ZoneId timeZone() {
    return ZoneId.of(getString(PARTITIONER_TIME_ZONE).trim());
  }

  public CredentialsProvider credentialsProvider() {
    return parseEnum(
        CredentialsProvider.class, S3_CREDENTIALS_PROVIDER, getString(S3_CREDENTIALS_PROVIDER));
  }

  public ChecksumMode checksumMode() {
    return parseEnum(ChecksumMode.class, S3_CHECKSUM_MODE, getString(S3_CHECKSUM_MODE));
  }

  public SseType sseType() {
    return parseEnum(SseType.class, S3_SSE_TYPE, getString(S3_SSE_TYPE));
  }

  public CannedAcl cannedAcl() {
    return parseEnum(CannedAcl.class, S3_ACL_CANNED, getString(S3_ACL_CANNED));
  }

  public TombstoneBehavior tombstoneBehavior() {
    return parseEnum(
        TombstoneBehavior.class, CDC_TOMBSTONE_BEHAVIOR, getString(CDC_TOMBSTONE_BEHAVIOR));
  }

  public DeleteBehavior deleteBehavior() {
    return parseEnum(DeleteBehavior.class, CDC_DELETE_BEHAVIOR, getString(CDC_DELETE_BEHAVIOR));
  }

  /** Null means VariableScaleDecimal is written as text. */
  public Integer variableScaleDecimalScale() {
    int s = getInt(FORMAT_VARIABLE_SCALE_DECIMAL_SCALE);
    return s < 0 ? null : s;
  }

  /** The {@link #COMMIT_EVENTS_PRODUCER_PREFIX} settings, prefix removed. */
  public Map<String, Object> commitEventsProducerSettings() {
    return originalsWithPrefix(COMMIT_EVENTS_PRODUCER_PREFIX);
  }
}
