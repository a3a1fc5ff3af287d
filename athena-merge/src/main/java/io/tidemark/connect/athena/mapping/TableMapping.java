package io.tidemark.connect.athena.mapping;

import io.tidemark.connect.athena.sql.Identifier;
import io.tidemark.connect.athena.sql.QualifiedName;
import io.tidemark.connect.athena.sql.Tombstones;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One landing table (the S3 sink's files of one topic) merged into one Iceberg table. The
 * constructor checks everything that spans fields; messages start with {@code what} (the config
 * prefix, e.g. {@code table.users}).
 *
 * @param alias the name in {@code tables}, also the default topic
 * @param topic the Kafka topic whose commit events feed this table
 * @param landing the external table over the landing prefix
 * @param landingLocation {@code s3://bucket/prefix/topic/}
 * @param columns the landing files' columns (without partition folders)
 * @param landingPartitions the partition folders, in path order
 * @param keys key columns of the target
 * @param position the change-position column: larger is newer
 * @param deleteColumn the delete marker column, if deletes are merged
 * @param mergeColumns the data columns copied to the target (keys and position always are)
 * @param targetLocation the Iceberg table's location, if set
 */
public record TableMapping(
    String alias,
    String topic,
    QualifiedName landing,
    String landingLocation,
    LandingFormat landingFormat,
    List<Column> columns,
    List<LandingPartition> landingPartitions,
    QualifiedName target,
    Optional<String> targetLocation,
    List<Identifier> keys,
    Identifier position,
    Optional<Identifier> deleteColumn,
    DeleteMode deleteMode,
    List<Identifier> mergeColumns,
    List<PartitionTransform> targetPartitioning) {

  /** Generated columns in the MERGE source; user columns may not use this prefix. */
  public static final String RESERVED_PREFIX = "__tidemark_";

  public TableMapping {
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(landing, "landing");
    Objects.requireNonNull(landingFormat, "landingFormat");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(deleteMode, "deleteMode");
    columns = List.copyOf(columns);
    landingPartitions = List.copyOf(landingPartitions);
    keys = List.copyOf(keys);
    mergeColumns = List.copyOf(mergeColumns);
    targetPartitioning = List.copyOf(targetPartitioning);
    String what = "table." + alias;
    if (!landingLocation.startsWith("s3://") || landingLocation.length() <= 5) {
      throw new IllegalArgumentException(
          what + ".landing.location: '" + landingLocation + "' must be an s3:// URI");
    }
    if (columns.isEmpty()) {
      throw new IllegalArgumentException(what + ".columns: at least one column is needed");
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException(what + ".keys: at least one key column is needed");
    }
    if (landing.equals(target)) {
      throw new IllegalArgumentException(
          what + ".target: the target must differ from the landing table " + landing);
    }
    Set<Identifier> names = new HashSet<>();
    for (Column c : columns) {
      if (c.name().name().startsWith(RESERVED_PREFIX)) {
        throw new IllegalArgumentException(
            what + ".columns: " + c.name() + " uses the reserved prefix " + RESERVED_PREFIX);
      }
      names.add(c.name());
    }
    Set<Identifier> partitionNames = new HashSet<>();
    for (LandingPartition p : landingPartitions) {
      if (!partitionNames.add(p.name())) {
        throw new IllegalArgumentException(
            what + ".landing.partitions: " + p.name() + " is listed twice");
      }
      if (names.contains(p.name())) {
        // Athena and Hive reject such a table, and the two values may differ (a dt= folder of the
        // landing time beside the row's own dt), so neither can stand in for the other.
        throw new IllegalArgumentException(
            what
                + ".landing.partitions: "
                + p.name()
                + " is also a column in "
                + what
                + ".columns, and an Athena/Hive table cannot have a partition column named like a data column. "
                + "Give the folder another name in the S3 sink (e.g. partitioner.time.path.format=landing_dt=YYYY-MM-dd) "
                + "and list that name here, or leave "
                + p.name()
                + " out of the columns if the landed rows do not hold it");
      }
    }
    requireColumns(keys, what + ".keys", columns);
    requireColumns(List.of(position), what + ".position.column", columns);
    if (keys.contains(position)) {
      throw new IllegalArgumentException(
          what + ".position.column: " + position + " is a key column");
    }
    if (deleteColumn.isPresent()) {
      requireColumns(List.of(deleteColumn.get()), what + ".delete.column", columns);
      if (keys.contains(deleteColumn.get()) || position.equals(deleteColumn.get())) {
        throw new IllegalArgumentException(
            what + ".delete.column: " + deleteColumn.get() + " is a key or the position column");
      }
    } else if (deleteMode == DeleteMode.SOFT) {
      throw new IllegalArgumentException(
          what + ".delete.mode: soft needs " + what + ".delete.column");
    }
    if (deleteColumn.isPresent()
        && deleteMode == DeleteMode.HARD
        && !Identifier.isValid(target.table().name() + Tombstones.SUFFIX)) {
      throw new IllegalArgumentException(
          what
              + ".target: "
              + target.table()
              + " is too long for its tombstone table (hard deletes keep "
              + target.table().name()
              + Tombstones.SUFFIX
              + ", at most 255 characters)");
    }
    requireColumns(mergeColumns, what + ".merge.columns", columns);
    if (new HashSet<>(mergeColumns).size() != mergeColumns.size()) {
      throw new IllegalArgumentException(what + ".merge.columns: a column is listed twice");
    }
    List<Column> targetColumns =
        targetColumns(columns, keys, position, deleteColumn, deleteMode, mergeColumns);
    for (PartitionTransform t : targetPartitioning) {
      if (targetColumns.stream().noneMatch(c -> c.name().equals(t.column()))) {
        throw new IllegalArgumentException(
            what + ".target.partitioning: " + t.column() + " is not a target column");
      }
    }
  }

  private static void requireColumns(List<Identifier> wanted, String what, List<Column> columns) {
    for (Identifier w : wanted) {
      if (columns.stream().noneMatch(c -> c.name().equals(w))) {
        throw new IllegalArgumentException(what + ": " + w + " is not one of the columns");
      }
    }
  }

  /**
   * Whether deletes remove rows ({@link DeleteMode#HARD} with a delete column): the deleted keys'
   * positions are then kept in the {@link Tombstones} table.
   */
  public boolean hardDeletes() {
    return deleteColumn.isPresent() && deleteMode == DeleteMode.HARD;
  }

  /** The landing column definition of {@code name}. */
  public Column column(Identifier name) {
    return columns.stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no column " + name));
  }

  /**
   * The target's columns in landing order: keys, position, the merge columns, and under {@link
   * DeleteMode#SOFT} the delete column; never the delete column under HARD.
   */
  public List<Column> targetColumns() {
    return targetColumns(columns, keys, position, deleteColumn, deleteMode, mergeColumns);
  }

  /** Target columns that are not keys (what an update sets). */
  public List<Column> nonKeyTargetColumns() {
    return targetColumns().stream().filter(c -> !keys.contains(c.name())).toList();
  }

  private static List<Column> targetColumns(
      List<Column> columns,
      List<Identifier> keys,
      Identifier position,
      Optional<Identifier> deleteColumn,
      DeleteMode mode,
      List<Identifier> merge) {
    List<Column> out = new ArrayList<>();
    for (Column c : columns) {
      Identifier n = c.name();
      boolean isDelete = deleteColumn.filter(n::equals).isPresent();
      if (keys.contains(n)
          || n.equals(position)
          || (isDelete ? mode == DeleteMode.SOFT : merge.contains(n))) {
        out.add(c);
      }
    }
    return out;
  }
}
