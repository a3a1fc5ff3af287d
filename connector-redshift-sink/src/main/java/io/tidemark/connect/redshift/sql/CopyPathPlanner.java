package io.tidemark.connect.redshift.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Plans the {@code copy} load path: the changes were staged in S3 as gzip JSON lines (one object
 * per change, keyed by column name plus {@code __tm_op} and {@code __tm_pos}) listed by a manifest;
 * one transaction creates the stage, COPYs the manifest into it, applies it, and records the
 * offsets.
 */
public final class CopyPathPlanner {

  private final StageSql stage;
  private final OffsetsTable offsets;
  private final String iamRoleArn;
  private final String region;

  /** {@code region} may be null when the bucket is in the cluster's region. */
  public CopyPathPlanner(StageSql stage, OffsetsTable offsets, String iamRoleArn, String region) {
    this.stage = Objects.requireNonNull(stage, "stage");
    this.offsets = Objects.requireNonNull(offsets, "offsets");
    this.iamRoleArn = Objects.requireNonNull(iamRoleArn, "iamRoleArn");
    this.region = region;
  }

  /** One staged table: its definition, the manifest's {@code s3://} URL, and the rows' offsets. */
  public record StagedTable(
      TableDef table,
      String manifestUrl,
      int rowCount,
      Map<SourceOffset.TopicPartitionKey, Long> nextOffsets) {
    public StagedTable {
      if (!manifestUrl.startsWith("s3://")) {
        throw new IllegalArgumentException("manifest URL must start with s3://: " + manifestUrl);
      }
      nextOffsets = Map.copyOf(nextOffsets);
    }
  }

  /**
   * How many staged tables fit one transaction: the fence (and the offsets table's LOCK before it
   * at SERIALIZABLE isolation), per table create, COPY, apply, drop; then the offsets and the
   * fence's drop.
   */
  public int tablesPerTransaction() {
    return (StatementLimits.HARD_MAX_STATEMENTS - InsertPathPlanner.OFFSET_STATEMENTS)
        / (stage.fixedStatements() + 1);
  }

  public Transaction plan(List<StagedTable> tables) {
    List<String> statements = new ArrayList<>();
    SortedMap<SourceOffset.TopicPartitionKey, Long> next = new TreeMap<>();
    int rows = 0;
    int index = 0;
    for (StagedTable staged : tables) {
      String name = stage.stageName(index++);
      statements.add(stage.create(staged.table(), name));
      statements.add(copy(staged, name));
      statements.addAll(stage.apply(staged.table(), name));
      statements.add(stage.drop(name));
      staged.nextOffsets().forEach((tp, o) -> next.merge(tp, o, Math::max));
      rows += staged.rowCount();
    }
    statements.addAll(offsets.upsert(next));
    if (statements.size() + 2 > StatementLimits.HARD_MAX_STATEMENTS) {
      throw new IllegalArgumentException(
          "too many tables for one COPY transaction: " + tables.size());
    }
    return new Transaction(statements, next, rows);
  }

  String copy(StagedTable staged, String stageName) {
    StringBuilder b =
        new StringBuilder("COPY ")
            .append(stageName)
            .append(" (")
            .append(String.join(", ", stage.stageColumns(staged.table())))
            .append(") FROM ")
            .append(SqlLiterals.string(staged.manifestUrl()))
            .append(" IAM_ROLE ")
            .append(SqlLiterals.string(iamRoleArn))
            .append(" FORMAT AS JSON 'auto' GZIP MANIFEST TIMEFORMAT 'auto'");
    if (region != null && !region.isEmpty()) {
      b.append(" REGION ").append(SqlLiterals.string(region));
    }
    return b.toString();
  }
}
