package io.tidemark.connect.athena;

import io.tidemark.connect.athena.mapping.Column;
import io.tidemark.connect.athena.mapping.DeleteMode;
import io.tidemark.connect.athena.mapping.LandingFormat;
import io.tidemark.connect.athena.mapping.LandingPartition;
import io.tidemark.connect.athena.mapping.PartitionTransform;
import io.tidemark.connect.athena.mapping.TableMapping;
import io.tidemark.connect.athena.sql.Identifier;
import io.tidemark.connect.athena.sql.QualifiedName;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The keys of one mapped table, {@code table.<name>.*}, declared in the ConfigDef for every name
 * listed in {@code tables} (so they are validated and documented like any other key).
 */
final class TableConfig {

  static final String PREFIX = "table.";

  static final String TOPIC = "topic";
  static final String LANDING = "landing";
  static final String LANDING_LOCATION = "landing.location";
  static final String LANDING_FORMAT = "landing.format";
  static final String LANDING_PARTITIONS = "landing.partitions";
  static final String TARGET = "target";
  static final String TARGET_LOCATION = "target.location";
  static final String TARGET_PARTITIONING = "target.partitioning";
  static final String COLUMNS = "columns";
  static final String KEYS = "keys";
  static final String POSITION_COLUMN = "position.column";
  static final String DELETE_COLUMN = "delete.column";
  static final String DELETE_MODE = "delete.mode";
  static final String MERGE_COLUMNS = "merge.columns";

  static final String DEFAULT_PARTITIONS = "partition:integer(0..1023)";

  private TableConfig() {}

  static String key(String table, String suffix) {
    return PREFIX + table + "." + suffix;
  }

  /** Adds the keys of {@code table} to {@code def}; {@code table} must already be a valid name. */
  static ConfigDef define(ConfigDef def, String table) {
    String group = "Table " + table;
    int order = 0;
    def.define(
        key(table, TOPIC),
        Type.STRING,
        table,
        new ConfigDef.NonEmptyString(),
        Importance.HIGH,
        "Topic whose objects this table merges: the S3 sink's folder (the topic after the sink's SMTs, a RegexRouter's output: the commit events' 'folder') or the records' original topic. Default: the table name.",
        group,
        ++order,
        ConfigDef.Width.MEDIUM,
        "Topic");
    def.define(
        key(table, LANDING),
        Type.STRING,
        table + "_landing",
        name(key(table, LANDING)),
        Importance.MEDIUM,
        "Name of the external landing table over the S3 sink's files (in athena.database or trino.landing.catalog/trino.schema). Default: <table>_landing.",
        group,
        ++order,
        ConfigDef.Width.MEDIUM,
        "Landing table");
    def.define(
        key(table, LANDING_LOCATION),
        Type.STRING,
        ConfigDef.NO_DEFAULT_VALUE,
        ConfigValidators.uriOrEmpty("s3://"),
        Importance.HIGH,
        "s3:// prefix of the table's objects: <s3.prefix>/<folder>/ of the S3 sink (the folder is the topic after the sink's SMTs).",
        group,
        ++order,
        ConfigDef.Width.LONG,
        "Landing location");
    def.define(
        key(table, LANDING_FORMAT),
        Type.STRING,
        "jsonl",
        ConfigValidators.parsing(v -> LandingFormat.parse(v), "jsonl, parquet"),
        Importance.MEDIUM,
        "Format of the landed objects: jsonl (also .jsonl.gz) or parquet.",
        group,
        ++order,
        ConfigDef.Width.SHORT,
        "Landing format");
    def.define(
        key(table, LANDING_PARTITIONS),
        Type.STRING,
        DEFAULT_PARTITIONS,
        ConfigValidators.parsing(
            v -> LandingPartition.parseList(v, key(table, LANDING_PARTITIONS)),
            "name:integer(lo..hi) | name:date(yyyy-MM-dd..NOW) | name:injected, ..."),
        Importance.MEDIUM,
        "Partition folders of the S3 sink's path, in order, as partition-projection columns: "
            + "name:integer(lo..hi), name:date(yyyy-MM-dd..NOW|yyyy-MM-dd) (folder values yyyy-MM-dd) or name:injected. "
            + "Empty for none. The default matches the sink's default partition=<n> layout.",
        group,
        ++order,
        ConfigDef.Width.LONG,
        "Landing partitions");
    def.define(
        key(table, TARGET),
        Type.STRING,
        ConfigDef.NO_DEFAULT_VALUE,
        name(key(table, TARGET)),
        Importance.HIGH,
        "Name of the Iceberg target table (in athena.database or trino.target.catalog/trino.schema).",
        group,
        ++order,
        ConfigDef.Width.MEDIUM,
        "Target table");
    def.define(
        key(table, TARGET_LOCATION),
        Type.STRING,
        "",
        ConfigValidators.uriOrEmpty("s3://"),
        Importance.MEDIUM,
        "s3:// location of the Iceberg target table, used when creating it. Required with engine=athena and ddl.create.enabled=true.",
        group,
        ++order,
        ConfigDef.Width.LONG,
        "Target location");
    def.define(
        key(table, TARGET_PARTITIONING),
        Type.STRING,
        "",
        null,
        Importance.LOW,
        "Iceberg partitioning of the target, Athena syntax: column, year(c), month(c), day(c), hour(c), bucket(n, c), truncate(n, c); comma-separated.",
        group,
        ++order,
        ConfigDef.Width.LONG,
        "Target partitioning");
    def.define(
        key(table, COLUMNS),
        Type.STRING,
        ConfigDef.NO_DEFAULT_VALUE,
        ConfigValidators.parsing(v -> Column.parseList(v, key(table, COLUMNS)), "name:type, ..."),
        Importance.HIGH,
        "Columns of the landed rows (without partition folders) as name:type, comma-separated. Types: boolean, tinyint, smallint, int, bigint, real, double, decimal(p,s), date, timestamp, string.",
        group,
        ++order,
        ConfigDef.Width.LONG,
        "Columns");
    def.define(
        key(table, KEYS),
        Type.LIST,
        ConfigDef.NO_DEFAULT_VALUE,
        names(key(table, KEYS)),
        Importance.HIGH,
        "Key columns: a MERGE matches target rows on them.",
        group,
        ++order,
        ConfigDef.Width.MEDIUM,
        "Keys");
    def.define(
        key(table, POSITION_COLUMN),
        Type.STRING,
        ConfigDef.NO_DEFAULT_VALUE,
        name(key(table, POSITION_COLUMN)),
        Importance.HIGH,
        "Change-position column (larger is newer), e.g. __offset from the S3 sink's record.kafka.coordinates.enabled when the topic is keyed by the table key. "
            + "It is stored in the target; a row is only replaced by a newer position.",
        group,
        ++order,
        ConfigDef.Width.MEDIUM,
        "Position column");
    def.define(
        key(table, DELETE_COLUMN),
        Type.STRING,
        "",
        name(key(table, DELETE_COLUMN)),
        Importance.MEDIUM,
        "Delete marker column (a boolean, or the text true, e.g. __deleted). Empty: the table has no deletes.",
        group,
        ++order,
        ConfigDef.Width.MEDIUM,
        "Delete column");
    def.define(
        key(table, DELETE_MODE),
        Type.STRING,
        "hard",
        ConfigValidators.parsing(v -> DeleteMode.parse(v), "hard, soft"),
        Importance.MEDIUM,
        "hard: a delete removes the row, and its position is kept in <target>__tidemark_tombstones for delete.tombstone.retention.ms so that an older change merged later cannot insert it again. soft: the row stays with the delete column set (it is its own tombstone). Either way the result does not depend on event order (README \"Deletes stay deleted\").",
        group,
        ++order,
        ConfigDef.Width.SHORT,
        "Delete mode");
    def.define(
        key(table, MERGE_COLUMNS),
        Type.LIST,
        "all",
        null,
        Importance.LOW,
        "Columns copied to the target: all, or a list. Keys and the position column are always copied; the delete column only with delete.mode=soft.",
        group,
        ++order,
        ConfigDef.Width.LONG,
        "Merge columns");
    return def;
  }

  private static ConfigDef.Validator name(String key) {
    return ConfigValidators.parsing(
        v -> Identifier.of(v, key), "lower-case letters, digits, _ (at most 255)");
  }

  private static ConfigDef.Validator names(String key) {
    return new ConfigDef.Validator() {
      @Override
      public void ensureValid(String name, Object value) {
        if (value instanceof List<?> list) {
          for (Object item : list) {
            name(key).ensureValid(name, item);
          }
        }
      }

      @Override
      public String toString() {
        return "comma-separated names";
      }
    };
  }

  /**
   * Builds the mapping of {@code table} from parsed values.
   *
   * @throws IllegalArgumentException whose message starts with the key it is about
   */
  static TableMapping mapping(
      String table,
      Map<String, Object> values,
      String landingCatalog,
      String targetCatalog,
      String schema) {
    Identifier schemaId = Identifier.of(schema, "schema");
    List<Column> columns = Column.parseList(string(values, table, COLUMNS), key(table, COLUMNS));
    Optional<Identifier> delete =
        Optional.of(string(values, table, DELETE_COLUMN))
            .filter(s -> !s.isBlank())
            .map(s -> Identifier.of(s, key(table, DELETE_COLUMN)));
    List<String> mergeNames = list(values, table, MERGE_COLUMNS);
    List<Identifier> merge =
        mergeNames.size() == 1 && mergeNames.get(0).toLowerCase(Locale.ROOT).equals("all")
            ? columns.stream().map(Column::name).toList()
            : mergeNames.stream().map(n -> Identifier.of(n, key(table, MERGE_COLUMNS))).toList();
    TableMapping m =
        new TableMapping(
            table,
            string(values, table, TOPIC),
            new QualifiedName(
                landingCatalog,
                schemaId,
                Identifier.of(string(values, table, LANDING), key(table, LANDING))),
            string(values, table, LANDING_LOCATION),
            LandingFormat.parse(string(values, table, LANDING_FORMAT)),
            columns,
            LandingPartition.parseList(
                string(values, table, LANDING_PARTITIONS), key(table, LANDING_PARTITIONS)),
            new QualifiedName(
                targetCatalog,
                schemaId,
                Identifier.of(string(values, table, TARGET), key(table, TARGET))),
            Optional.of(string(values, table, TARGET_LOCATION)).filter(s -> !s.isBlank()),
            list(values, table, KEYS).stream()
                .map(k -> Identifier.of(k, key(table, KEYS)))
                .toList(),
            Identifier.of(string(values, table, POSITION_COLUMN), key(table, POSITION_COLUMN)),
            delete,
            DeleteMode.parse(string(values, table, DELETE_MODE)),
            merge,
            List.of());
    List<PartitionTransform> partitioning =
        PartitionTransform.parseList(
            string(values, table, TARGET_PARTITIONING),
            m.targetColumns(),
            key(table, TARGET_PARTITIONING));
    return new TableMapping(
        m.alias(),
        m.topic(),
        m.landing(),
        m.landingLocation(),
        m.landingFormat(),
        m.columns(),
        m.landingPartitions(),
        m.target(),
        m.targetLocation(),
        m.keys(),
        m.position(),
        m.deleteColumn(),
        m.deleteMode(),
        m.mergeColumns(),
        partitioning);
  }

  private static String string(Map<String, Object> values, String table, String suffix) {
    Object v = values.get(key(table, suffix));
    return v == null ? "" : v.toString().trim();
  }

  @SuppressWarnings("unchecked")
  private static List<String> list(Map<String, Object> values, String table, String suffix) {
    Object v = values.get(key(table, suffix));
    return v == null
        ? List.of()
        : ((List<String>) v).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
