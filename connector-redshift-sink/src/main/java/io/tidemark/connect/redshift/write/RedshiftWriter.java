package io.tidemark.connect.redshift.write;

import io.tidemark.connect.redshift.dataapi.ClientTokens;
import io.tidemark.connect.redshift.dataapi.StatementRunner;
import io.tidemark.connect.redshift.sql.ChangeRow;
import io.tidemark.connect.redshift.sql.ColumnDef;
import io.tidemark.connect.redshift.sql.DdlBuilder;
import io.tidemark.connect.redshift.sql.InsertPathPlanner;
import io.tidemark.connect.redshift.sql.OffsetsTable;
import io.tidemark.connect.redshift.sql.SourceOffset.TopicPartitionKey;
import io.tidemark.connect.redshift.sql.TableChanges;
import io.tidemark.connect.redshift.sql.TableDef;
import io.tidemark.connect.redshift.sql.Transaction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches of changes exactly once on the insert load path: tables are created or evolved
 * as configured, every transaction commits its rows and their offsets together, and changes at
 * offsets already committed (a redelivery after a failure or a restart) are skipped. Kafka-free:
 * the task feeds it {@link TableChanges} and reports {@link #committed()} from preCommit.
 */
public final class RedshiftWriter {
    private static final Logger LOG = LoggerFactory.getLogger(RedshiftWriter.class);

    /** What the writer may do to tables. */
    public record TablePolicy(boolean autoCreate, boolean autoEvolve) {
    }

    private final StatementRunner runner;
    private final DdlBuilder ddl;
    private final InsertPathPlanner planner;
    private final OffsetsTable offsets;
    private final TablePolicy policy;
    private final String connectorName;
    private final String logContext;
    private final Map<String, Set<String>> knownColumns = new HashMap<>();
    private final Map<TopicPartitionKey, Long> committed = new TreeMap<>();
    private boolean uncertain;

    public RedshiftWriter(StatementRunner runner, DdlBuilder ddl, InsertPathPlanner planner, OffsetsTable offsets,
                          TablePolicy policy, String connectorName, String logContext) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.ddl = Objects.requireNonNull(ddl, "ddl");
        this.planner = Objects.requireNonNull(planner, "planner");
        this.offsets = Objects.requireNonNull(offsets, "offsets");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.connectorName = Objects.requireNonNull(connectorName, "connectorName");
        this.logContext = Objects.requireNonNull(logContext, "logContext");
    }

    /** Creates the offsets table if needed and loads what is committed: where the task seeks on open. */
    public Map<TopicPartitionKey, Long> start() {
        runner.executeBatch(List.of(offsets.createTable()), ClientTokens.fresh());
        committed.clear();
        committed.putAll(OffsetsTable.parseCommitted(runner.query(offsets.selectCommitted())));
        LOG.info("{} committed offsets in Redshift: {}", logContext, committed);
        return Map.copyOf(committed);
    }

    /** Offsets durably written (next offset to read) per topic partition. */
    public Map<TopicPartitionKey, Long> committed() {
        return Map.copyOf(committed);
    }

    /**
     * Writes {@code batch}; returns the offsets committed so far. After a failed call the next one
     * first re-reads the committed offsets: a transaction whose outcome was unknown (a lost
     * response, a timeout) may have committed, and its changes must not be written twice.
     */
    public Map<TopicPartitionKey, Long> write(List<TableChanges> batch) {
        if (uncertain) {
            committed.putAll(OffsetsTable.parseCommitted(runner.query(offsets.selectCommitted())));
            uncertain = false;
        }
        List<TableChanges> fresh = new ArrayList<>();
        for (TableChanges changes : batch) {
            List<ChangeRow> rows = changes.rows().stream().filter(this::notYetCommitted).toList();
            if (!rows.isEmpty()) {
                prepare(changes.table());
                fresh.add(new TableChanges(changes.table(), rows));
            }
        }
        for (Transaction tx : planner.plan(fresh)) {
            uncertain = true;
            runner.executeBatch(tx.statements(), ClientTokens.fresh());
            uncertain = false;
            tx.offsets().forEach((tp, next) -> committed.merge(tp, next, Math::max));
            LOG.debug("{} committed {} rows in {} statements, offsets {}", logContext, tx.rowCount(), tx.statements().size(), tx.offsets());
        }
        return committed();
    }

    private boolean notYetCommitted(ChangeRow row) {
        Long next = committed.get(row.source().partitionKey());
        return next == null || row.source().offset() >= next;
    }

    /** Makes sure the table exists with every column of {@code table}, as the policy allows. */
    void prepare(TableDef table) {
        String key = table.schema() + '.' + table.name();
        Set<String> known = knownColumns.get(key);
        if (known != null && known.containsAll(table.columnNames())) {
            return;
        }
        Set<String> existing = readColumns(table);
        if (existing.isEmpty()) {
            if (!policy.autoCreate()) {
                throw new ConnectException("table " + key + " does not exist and auto-create is disabled");
            }
            runner.executeBatch(List.of(ddl.createTable(table)), ClientTokens.fresh());
            LOG.info("{} created table {}", logContext, key);
            existing = readColumns(table);
        }
        Set<String> present = existing;
        List<ColumnDef> missing = table.columns().stream().filter(c -> !present.contains(c.name())).toList();
        if (!missing.isEmpty()) {
            if (!policy.autoEvolve()) {
                throw new ConnectException("table " + key + " lacks columns " + missing.stream().map(ColumnDef::name).toList()
                        + " and auto-evolve is disabled");
            }
            List<String> alters = ddl.addMissingColumns(table.schema(), table.name(), existing, missing);
            try {
                runner.executeBatch(alters, ClientTokens.fresh());
            } catch (ConnectException e) {
                // Another task may have added them first: fine if they are there now.
                if (!readColumns(table).containsAll(table.columnNames())) {
                    throw e;
                }
            }
            LOG.info("{} added columns {} to {}", logContext, missing.stream().map(ColumnDef::name).toList(), key);
            existing = readColumns(table);
        }
        knownColumns.put(key, existing);
    }

    private Set<String> readColumns(TableDef table) {
        Set<String> names = new HashSet<>();
        runner.query(ddl.existingColumnsQuery(table.schema(), table.name())).forEach(r -> names.add(r.get(0)));
        return names;
    }
}
