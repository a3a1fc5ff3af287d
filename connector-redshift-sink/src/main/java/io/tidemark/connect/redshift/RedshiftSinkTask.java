package io.tidemark.connect.redshift;

import io.tidemark.connect.redshift.dataapi.DataApiClients;
import io.tidemark.connect.redshift.dataapi.StatementRunner;
import io.tidemark.connect.redshift.sql.DdlBuilder;
import io.tidemark.connect.redshift.sql.InsertPathPlanner;
import io.tidemark.connect.redshift.sql.OffsetsTable;
import io.tidemark.connect.redshift.sql.RedshiftNames;
import io.tidemark.connect.redshift.sql.SourceOffset.TopicPartitionKey;
import io.tidemark.connect.redshift.sql.StageSql;
import io.tidemark.connect.redshift.sql.TableDefs;
import io.tidemark.connect.redshift.write.RedshiftWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thin Connect shell around {@link RedshiftWriter}: seeks to the offsets committed in
 * Redshift on open, writes every {@code put} in transactions that also commit their offsets,
 * and reports only those offsets from {@code preCommit}.
 */
public final class RedshiftSinkTask extends SinkTask {
    private static final Logger LOG = LoggerFactory.getLogger(RedshiftSinkTask.class);
    static final String ERRORS_TOLERANCE = "errors.tolerance";

    private final BiFunction<RedshiftSinkConfig, String, StatementRunner> runners;
    private StatementRunner runner;
    private RedshiftWriter writer;
    private ChangeConverter converter;
    private boolean tolerateAll;
    private String logContext = "[redshift-sink]";

    public RedshiftSinkTask() {
        this(DataApiClients::runner);
    }

    /** {@code runners} makes the statement runner from the config and the log context (tests pass a fake). */
    RedshiftSinkTask(BiFunction<RedshiftSinkConfig, String, StatementRunner> runners) {
        this.runners = runners;
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        RedshiftSinkConfig config = new RedshiftSinkConfig(props);
        if (config.loadPath() != LoadPath.INSERT) {
            throw new ConnectException("the copy load path is not available in the connector yet; set "
                    + RedshiftSinkConfig.LOAD_PATH + "=insert");
        }
        String name = props.getOrDefault("name", "redshift-sink");
        logContext = "[" + name + " task]";
        tolerateAll = "all".equals(props.get(ERRORS_TOLERANCE));
        RedshiftNames names = RedshiftNames.defaults();
        String schema = config.getString(RedshiftSinkConfig.SCHEMA);
        OffsetsTable offsets = new OffsetsTable(names, schema, config.getString(RedshiftSinkConfig.OFFSETS_TABLE), name);
        runner = runners.apply(config, logContext);
        writer = new RedshiftWriter(runner, new DdlBuilder(names),
                new InsertPathPlanner(new StageSql(names, config.mode()), offsets, config.limits()), offsets,
                new RedshiftWriter.TablePolicy(config.getBoolean(RedshiftSinkConfig.AUTO_CREATE),
                        config.getBoolean(RedshiftSinkConfig.AUTO_EVOLVE)), name, logContext);
        converter = new ChangeConverter(config, TableDefs.defaults(), names);
        LOG.info("{} started: mode {}, schema {}", logContext, config.mode().configValue(), schema);
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        Map<TopicPartitionKey, Long> committed = writer.start();
        Map<TopicPartition, Long> seek = new HashMap<>();
        for (TopicPartition tp : partitions) {
            Long next = committed.get(new TopicPartitionKey(tp.topic(), tp.partition()));
            if (next != null) {
                seek.put(tp, next);
            }
        }
        if (!seek.isEmpty()) {
            context.offset(seek);
        }
        LOG.info("{} opened {}, seeking to {}", logContext, partitions, seek);
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        PendingBatch pending = new PendingBatch();
        List<Future<Void>> reported = new ArrayList<>();
        for (SinkRecord record : records) {
            Optional<ChangeConverter.Change> change;
            try {
                change = converter.convert(record);
            } catch (DataException e) {
                reported.add(reportOrThrow(record, e));
                continue;
            }
            if (change.isEmpty()) {
                continue;
            }
            if (!pending.accepts(change.get())) {
                writer.write(pending.drain());
            }
            pending.add(change.get());
        }
        if (!pending.isEmpty()) {
            writer.write(pending.drain());
        }
        awaitReports(reported);
    }

    private Future<Void> reportOrThrow(SinkRecord record, DataException e) {
        ErrantRecordReporter reporter = errantRecordReporter();
        if (!tolerateAll || reporter == null) {
            throw e;
        }
        LOG.warn("{} reporting a bad record: {}", logContext, e.getMessage());
        return reporter.report(record, e);
    }

    private ErrantRecordReporter errantRecordReporter() {
        try {
            return context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            return null;
        }
    }

    private void awaitReports(List<Future<Void>> reported) {
        for (Future<Void> f : reported) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectException("interrupted while reporting bad records", e);
            } catch (ExecutionException e) {
                throw new ConnectException("could not report a bad record", e.getCause());
            }
        }
    }

    @Override
    public void flush(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        // put() writes synchronously: nothing is buffered.
    }

    /** Only offsets whose rows are committed in Redshift, for the partitions the worker asks about. */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        Map<TopicPartitionKey, Long> committed = writer.committed();
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (TopicPartition tp : currentOffsets.keySet()) {
            Long next = committed.get(new TopicPartitionKey(tp.topic(), tp.partition()));
            if (next != null) {
                out.put(tp, new OffsetAndMetadata(next));
            }
        }
        return out;
    }

    @Override
    public void stop() {
        if (runner != null) {
            runner.cancelRunning();
            runner.close();
        }
        LOG.info("{} stopped", logContext);
    }
}
