package io.tidemark.connect.redshift.sql;

import io.tidemark.common.identifiers.Utf8;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import org.apache.kafka.connect.errors.DataException;

/**
 * Plans the {@code insert} load path: each {@link Transaction} creates a temp stage per table,
 * fills it with multi-row INSERTs, applies it, drops it, and records the next offsets, in at most
 * {@link StatementLimits#maxStatements()} statements of less than {@link
 * StatementLimits#maxStatementBytes()} bytes each. A batch that does not fit is split into several
 * transactions. A table's changes are cut in {@linkplain #cutOrder Kafka order per partition}, so
 * each transaction holds the next run of offsets of every partition it covers, and stages each
 * change with its position in the table's change order, so within a transaction the latest change
 * per key wins. Each transaction commits, per partition, the {@link Watermarks watermark}: an
 * offset below which every change of the write is written, never less than the previous
 * transaction's.
 */
public final class InsertPathPlanner {

  /**
   * The fence that opens every transaction ({@link OffsetsTable#guard(java.util.Map)}), preceded by
   * the offsets table's {@code LOCK} at SERIALIZABLE isolation ({@link OffsetsTable#guarded(
   * Transaction, java.util.Map, boolean)}), and the offsets DELETE, INSERT and fence DROP that
   * close it.
   */
  static final int OFFSET_STATEMENTS = 5;

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
    List<Builder> transactions = new ArrayList<>();
    Builder current = new Builder();
    for (TableChanges changes : batch) {
      int[] order = cutOrder(changes.rows());
      int next = 0;
      while (next < order.length) {
        int budget =
            limits.maxStatements()
                - current.statements.size()
                - OFFSET_STATEMENTS
                - stage.fixedStatements();
        if (budget < 1) {
          transactions.add(current);
          current = new Builder();
          continue;
        }
        next = addSegment(current, changes, order, next, budget, tooLarge);
        if (next < order.length) {
          transactions.add(current);
          current = new Builder();
        }
      }
    }
    if (!current.statements.isEmpty()) {
      transactions.add(current);
    }
    List<java.util.SortedMap<SourceOffset.TopicPartitionKey, Long>> commits =
        Watermarks.of(transactions.stream().map(b -> b.sources).toList());
    List<Transaction> out = new ArrayList<>(transactions.size());
    for (int i = 0; i < transactions.size(); i++) {
      out.add(transactions.get(i).build(commits.get(i)));
    }
    return out;
  }

  /**
   * The order in which a table's changes (given in change order) are cut into transactions: each
   * partition's changes in offset order, the partitions interleaved by change order (the partition
   * whose next change comes first in change order goes first). When change order agrees with the
   * offsets of every partition this is the change order itself; when it does not (Debezium re-sent
   * a suffix: copies of earlier positions at later offsets) each partition still goes in offset
   * order, so a transaction never holds a change whose lower offset a later one still holds.
   */
  static int[] cutOrder(List<ChangeRow> rows) {
    java.util.Map<SourceOffset.TopicPartitionKey, List<Integer>> byPartition =
        new java.util.LinkedHashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      byPartition
          .computeIfAbsent(rows.get(i).source().partitionKey(), k -> new ArrayList<>())
          .add(i);
    }
    List<java.util.ArrayDeque<Integer>> queues = new ArrayList<>();
    for (List<Integer> indexes : byPartition.values()) {
      indexes.sort(
          java.util.Comparator.<Integer>comparingLong(i -> rows.get(i).source().offset())
              .thenComparingInt(i -> i));
      queues.add(new java.util.ArrayDeque<>(indexes));
    }
    java.util.PriorityQueue<java.util.ArrayDeque<Integer>> heads =
        new java.util.PriorityQueue<>(java.util.Comparator.comparingInt(q -> q.peekFirst()));
    heads.addAll(queues);
    int[] order = new int[rows.size()];
    int n = 0;
    while (!heads.isEmpty()) {
      java.util.ArrayDeque<Integer> q = heads.poll();
      order[n++] = q.pollFirst();
      if (!q.isEmpty()) {
        heads.add(q);
      }
    }
    return order;
  }

  /**
   * Adds a stage for the rows {@code order[from..]}, with at most {@code budget} INSERTs; returns
   * the next index into {@code order}. Each row is staged with its index in the table's change
   * order as its position.
   */
  private int addSegment(
      Builder tx, TableChanges changes, int[] order, int from, int budget, TooLarge tooLarge) {
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
    while (next < order.length) {
      ChangeRow row = rows.get(order[next]);
      String tuple = tuple(table, row, order[next]);
      int tupleBytes = Utf8.byteLength(tuple);
      if (prefixBytes + tupleBytes >= limits.maxStatementBytes()) {
        tooLarge.reject(
            table,
            row,
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
      tx.sources.add(row.source());
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
    final List<SourceOffset> sources = new ArrayList<>();
    int stages;
    int rows;

    Transaction build(SortedMap<SourceOffset.TopicPartitionKey, Long> nextOffsets) {
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
