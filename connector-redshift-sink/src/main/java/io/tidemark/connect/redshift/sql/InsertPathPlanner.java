package io.tidemark.connect.redshift.sql;

import io.tidemark.common.identifiers.Utf8;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.connect.errors.DataException;

/**
 * Plans the {@code insert} load path: each {@link Transaction} creates a temp stage per table,
 * fills it with multi-row INSERTs, applies it, drops it, and records the next offsets, in at most
 * {@link StatementLimits#maxStatements()} statements of less than {@link
 * StatementLimits#maxStatementBytes()} bytes each. A batch that does not fit is split into several
 * transactions, each holding a prefix of the remaining changes of a table, so the offsets each one
 * commits are exactly the changes it wrote.
 */
public final class InsertPathPlanner {

  /**
   * The fence that opens every transaction ({@link OffsetsTable#guard(java.util.Map)}) and the
   * offsets DELETE, INSERT and fence DROP that close it.
   */
  static final int OFFSET_STATEMENTS = 4;

  private final StageSql stage;
  private final OffsetsTable offsets;
  private final StatementLimits limits;

  public InsertPathPlanner(StageSql stage, OffsetsTable offsets, StatementLimits limits) {
    this.stage = Objects.requireNonNull(stage, "stage");
    this.offsets = Objects.requireNonNull(offsets, "offsets");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  public WriteMode mode() {
    return stage.mode();
  }

  /**
   * Receives each change whose SQL alone passes the statement limit; it is left out of the plan.
   */
  @FunctionalInterface
  public interface TooLarge {
    void reject(TableDef table, ChangeRow row, String reason);
  }

  /** {@link #plan(List, TooLarge)} failing on a change too large for one statement. */
  public List<Transaction> plan(List<TableChanges> batch) {
    return plan(
        batch,
        (table, row, reason) -> {
          SourceOffset s = row.source();
          throw new DataException(
              "the change at " + s.topic() + "-" + s.partition() + "@" + s.offset() + " " + reason);
        });
  }

  /**
   * The transactions for {@code batch}; a change too large for any statement goes to {@code
   * tooLarge} instead (its offset is then committed as handled by the caller).
   */
  public List<Transaction> plan(List<TableChanges> batch, TooLarge tooLarge) {
    List<Transaction> transactions = new ArrayList<>();
    Builder current = new Builder();
    for (TableChanges changes : batch) {
      List<ChangeRow> rows = changes.rows();
      int next = 0;
      while (next < rows.size()) {
        int budget =
            limits.maxStatements()
                - current.statements.size()
                - OFFSET_STATEMENTS
                - stage.fixedStatements();
        if (budget < 1) {
          transactions.add(current.build());
          current = new Builder();
          continue;
        }
        next = addSegment(current, changes, next, budget, tooLarge);
        if (next < rows.size()) {
          transactions.add(current.build());
          current = new Builder();
        }
      }
    }
    if (!current.statements.isEmpty()) {
      transactions.add(current.build());
    }
    return transactions;
  }

  /**
   * Adds a stage for rows from {@code from}, with at most {@code budget} INSERTs; returns the next
   * row.
   */
  private int addSegment(
      Builder tx, TableChanges changes, int from, int budget, TooLarge tooLarge) {
    TableDef table = changes.table();
    String stageName = stage.stageName(tx.stages++);
    String prefix =
        "INSERT INTO "
            + stageName
            + " ("
            + String.join(", ", stage.stageColumns(table))
            + ") VALUES ";
    int prefixBytes = Utf8.byteLength(prefix);
    List<String> inserts = new ArrayList<>();
    List<ChangeRow> rows = changes.rows();
    int next = from;
    int added = 0;
    StringBuilder sql = null;
    int bytes = 0;
    while (next < rows.size()) {
      String tuple = tuple(table, rows.get(next), next);
      int tupleBytes = Utf8.byteLength(tuple);
      if (prefixBytes + tupleBytes >= limits.maxStatementBytes()) {
        tooLarge.reject(
            table,
            rows.get(next),
            "needs "
                + (prefixBytes + tupleBytes)
                + " bytes of SQL, more than the Data API statement limit of "
                + limits.maxStatementBytes()
                + "; the copy load path takes rows this large");
        next++;
        continue;
      }
      if (sql != null && bytes + 2 + tupleBytes >= limits.maxStatementBytes()) {
        inserts.add(sql.toString());
        sql = null;
      }
      if (sql == null) {
        if (inserts.size() == budget) {
          break;
        }
        sql = new StringBuilder(prefix);
        bytes = prefixBytes;
      } else {
        sql.append(", ");
        bytes += 2;
      }
      sql.append(tuple);
      bytes += tupleBytes;
      tx.track(rows.get(next).source());
      added++;
      next++;
    }
    if (sql != null) {
      inserts.add(sql.toString());
    }
    if (inserts.isEmpty()) {
      return next; // every row of the segment was too large: no stage needed
    }
    tx.statements.add(stage.create(table, stageName));
    tx.statements.addAll(inserts);
    tx.statements.addAll(stage.apply(table, stageName));
    tx.statements.add(stage.drop(stageName));
    tx.rows += added;
    return next;
  }

  private String tuple(TableDef table, ChangeRow row, long position) {
    StringBuilder b = new StringBuilder("(");
    for (String column : table.columnNames()) {
      Object value = row.stagedValue(table, column);
      if (value == null
          && table.keyColumns().contains(column)
          && stage.mode() == WriteMode.UPSERT) {
        SourceOffset s = row.source();
        throw new DataException(
            "key column '"
                + column
                + "' is null in the change at "
                + s.topic()
                + "-"
                + s.partition()
                + "@"
                + s.offset());
      }
      b.append(SqlLiterals.literal(value)).append(", ");
    }
    b.append(row.delete() ? "'d'" : "'u'").append(", ").append(position).append(')');
    return b.toString();
  }

  private final class Builder {
    final List<String> statements = new ArrayList<>();
    final SortedMap<SourceOffset.TopicPartitionKey, Long> nextOffsets = new TreeMap<>();
    int stages;
    int rows;

    void track(SourceOffset source) {
      nextOffsets.merge(source.partitionKey(), source.offset() + 1, Math::max);
    }

    Transaction build() {
      List<String> all = new ArrayList<>(statements);
      all.addAll(offsets.upsert(nextOffsets));
      for (String s : all) {
        if (Utf8.byteLength(s) >= limits.maxStatementBytes()) {
          throw new IllegalStateException(
              "planned a statement of " + Utf8.byteLength(s) + " bytes");
        }
      }
      return new Transaction(all, nextOffsets, rows);
    }
  }
}
