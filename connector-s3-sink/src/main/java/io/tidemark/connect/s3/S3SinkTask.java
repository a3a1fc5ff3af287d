package io.tidemark.connect.s3;

import io.tidemark.connect.s3.errors.Retrier;
import io.tidemark.connect.s3.events.CommitEventSink;
import io.tidemark.connect.s3.events.KafkaCommitEventSink;
import io.tidemark.connect.s3.metrics.JmxRegistration;
import io.tidemark.connect.s3.metrics.TaskMetrics;
import io.tidemark.connect.s3.sink.IncomingRecord;
import io.tidemark.connect.s3.sink.SinkWriter;
import io.tidemark.connect.s3.sink.WriterSetup;
import io.tidemark.connect.s3.store.ObjectStore;
import io.tidemark.connect.s3.store.S3ObjectStore;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Values;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Connect shell around {@link SinkWriter}: converts records to their original coordinates,
 * seeks where recovery says, returns from {@code preCommit} only what is durable, and routes bad
 * records to the errant record reporter ({@code errors.tolerance=all}) or fails with a {@code
 * DataException}.
 */
public class S3SinkTask extends SinkTask {

  private static final Logger LOG = LoggerFactory.getLogger(S3SinkTask.class);

  /**
   * Set by {@link S3SinkConnector#taskConfigs} (not a user setting): the task's index, used in its
   * JMX name. A task started without it gets a JVM-unique {@code unnumbered-<n>}.
   */
  static final String TASK_ID = "tidemark.task.id";

  private static final AtomicInteger UNNUMBERED = new AtomicInteger();

  /**
   * What the task talks to, built from its config: S3, the commit event producer and the clock.
   * Tests give the real task in-memory ones.
   */
  interface Adapters {
    ObjectStore store(S3SinkConfig config, TaskMetrics metrics);

    CommitEventSink events(S3SinkConfig config, String connectorName);

    Clock clock();

    /** How the task waits (a publish lease); tests move their clock instead. */
    default Retrier.Sleeper sleeper() {
      return Thread::sleep;
    }
  }

  private static final Adapters AWS =
      new Adapters() {
        @Override
        public ObjectStore store(S3SinkConfig config, TaskMetrics metrics) {
          return S3ObjectStore.fromConfig(config, metrics::retried);
        }

        @Override
        public CommitEventSink events(S3SinkConfig config, String connectorName) {
          String topic = config.getString(S3SinkConfig.COMMIT_EVENTS_TOPIC).trim();
          if (topic.isEmpty()) {
            return CommitEventSink.NONE;
          }
          return KafkaCommitEventSink.create(
              config.getString(S3SinkConfig.COMMIT_EVENTS_BOOTSTRAP_SERVERS).trim(),
              topic,
              "tidemark-s3-sink-" + connectorName + "-events",
              config.commitEventsProducerSettings());
        }

        @Override
        public Clock clock() {
          return Clock.systemUTC();
        }
      };

  private final Adapters adapters;
  private SinkWriter writer;
  private ObjectStore store;
  private String connectorName;
  private JmxRegistration jmx;

  public S3SinkTask() {
    this(AWS);
  }

  S3SinkTask(Adapters adapters) {
    this.adapters = adapters;
  }

  @Override
  public String version() {
    return Version.get();
  }

  @Override
  public void start(Map<String, String> props) {
    S3SinkConfig config = new S3SinkConfig(props);
    connectorName = props.getOrDefault("name", "s3-sink");
    String taskId = props.getOrDefault(TASK_ID, "unnumbered-" + UNNUMBERED.incrementAndGet());
    TaskMetrics metrics = new TaskMetrics();
    store = adapters.store(config, metrics);
    CommitEventSink events = adapters.events(config, connectorName);
    WriterSetup setup =
        WriterSetup.fromConfig(
            config, connectorName, store, events, adapters.clock(), adapters.sleeper(), metrics);
    writer =
        new SinkWriter(
            setup, new BadRecords(reporter(), "all".equals(props.get("errors.tolerance"))));
    LOG.info(
        "Connector {}: S3 sink task started, bucket {}, format {}",
        connectorName,
        store.bucket(),
        config.format());
    jmx = JmxRegistration.register(metrics, connectorName, taskId);
  }

  private ErrantRecordReporter reporter() {
    try {
      return context.errantRecordReporter();
    } catch (NoSuchMethodError | NoClassDefFoundError e) {
      return null;
    }
  }

  @Override
  public void open(Collection<TopicPartition> partitions) {
    try {
      Map<TopicPartition, Long> seeks = writer.open(partitions);
      if (!seeks.isEmpty()) {
        context.offset(seeks);
      }
      LOG.info("Connector {}: opened {}, seeking {}", connectorName, partitions, seeks);
    } catch (IOException e) {
      throw new ConnectException(
          "Connector " + connectorName + ": recovery of " + partitions + " failed", e);
    }
  }

  @Override
  public void put(Collection<SinkRecord> records) {
    List<IncomingRecord> incoming = new ArrayList<>(records.size());
    for (SinkRecord r : records) {
      incoming.add(incoming(r));
    }
    Map<TopicPartition, Long> seeks = writer.write(incoming);
    if (!seeks.isEmpty()) {
      context.offset(seeks);
      throw new RetriableException(
          "Connector "
              + connectorName
              + ": rewound "
              + seeks.keySet()
              + " to their durable offsets after a transient failure");
    }
  }

  static IncomingRecord incoming(SinkRecord r) {
    Map<String, String> headers = new HashMap<>();
    for (Header h : r.headers()) {
      headers.put(
          h.key(), h.value() == null ? null : Values.convertToString(h.schema(), h.value()));
    }
    return new IncomingRecord(
        r.originalTopic(),
        r.topic(),
        r.originalKafkaPartition(),
        r.originalKafkaOffset(),
        r.timestamp(),
        r.keySchema(),
        r.key(),
        r.valueSchema(),
        r.value(),
        headers,
        r);
  }

  @Override
  public Map<TopicPartition, OffsetAndMetadata> preCommit(
      Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    Map<TopicPartition, OffsetAndMetadata> durable = new HashMap<>();
    writer.preCommit().forEach((tp, offset) -> durable.put(tp, new OffsetAndMetadata(offset)));
    return durable;
  }

  @Override
  public void close(Collection<TopicPartition> partitions) {
    writer.close(partitions);
  }

  @Override
  public void stop() {
    try {
      if (writer != null) {
        writer.close();
      }
    } finally {
      try {
        if (store != null) {
          store.close();
        }
      } finally {
        if (jmx != null) {
          jmx.close();
          jmx = null;
        }
      }
    }
  }
}
