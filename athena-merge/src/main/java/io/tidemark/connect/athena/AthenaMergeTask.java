package io.tidemark.connect.athena;

import io.tidemark.connect.athena.engine.QueryException;
import io.tidemark.connect.athena.plan.CommitEvent;
import io.tidemark.connect.athena.plan.CommitEventJson;
import io.tidemark.connect.athena.run.MergeLoop;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import javax.management.JMException;
import javax.management.ObjectName;
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
 * Thin Connect shell over {@link MergeLoop}: parses commit events, hands them to the loop, and
 * commits (through {@link #preCommit}) only offsets whose objects are merged. Progress is tracked
 * by the records' original coordinates.
 */
public class AthenaMergeTask extends SinkTask {

  private static final Logger LOG = LoggerFactory.getLogger(AthenaMergeTask.class);

  private MergeAssembly assembly;
  private MergeLoop<TopicPartition> loop;
  private ErrantRecordReporter reporter;
  private ObjectName mbean;
  private String logPrefix = "";
  // Folders whose objects no table merges, logged once each.
  private final java.util.Set<String> unmerged = new java.util.HashSet<>();

  @Override
  public String version() {
    return Version.get();
  }

  @Override
  public void start(Map<String, String> props) {
    AthenaMergeConfig config = new AthenaMergeConfig(props);
    String name = props.getOrDefault("name", "athena-merge");
    logPrefix = "[" + name + "] ";
    assembly = new MergeAssembly(config, logPrefix);
    try {
      assembly.setUpTables();
    } catch (QueryException | IllegalStateException e) {
      assembly.close();
      throw new ConnectException(logPrefix + "table setup failed: " + e.getMessage(), e);
    }
    loop = assembly.loop(Clock.systemUTC());
    reporter = errantRecordReporter();
    registerMBean(name);
    LOG.info(
        "{}started: engine {}, tables {}",
        logPrefix,
        config.engine(),
        config.tableMappings().stream().map(m -> m.alias() + "<-" + m.topic()).toList());
  }

  private ErrantRecordReporter errantRecordReporter() {
    try {
      return context == null ? null : context.errantRecordReporter();
    } catch (NoSuchMethodError | NoClassDefFoundError e) {
      return null;
    }
  }

  @Override
  public void put(Collection<SinkRecord> records) {
    for (SinkRecord r : records) {
      TopicPartition tp = new TopicPartition(r.originalTopic(), r.originalKafkaPartition());
      long offset = r.originalKafkaOffset();
      CommitEvent event;
      try {
        event = parse(r.value());
      } catch (IllegalArgumentException e) {
        DataException bad =
            new DataException(
                "bad commit event at " + tp + " offset " + offset + ": " + e.getMessage(), e);
        if (reporter == null) {
          throw bad;
        }
        reporter.report(r, bad);
        loop.skip(tp, offset);
        continue;
      }
      if (event == null) {
        loop.skip(tp, offset); // a tombstone
      } else if (!loop.merges(event)) {
        // The event topic may carry other connectors' objects: not an error, but never silent.
        if (unmerged.add(event.topic())) {
          LOG.info(
              "{}objects of folder {} (topic {}) match no table.<t>.topic: skipped from {} offset"
                  + " {} on",
              logPrefix,
              event.topic(),
              event.sourceTopic(),
              tp,
              offset);
        }
        loop.skip(tp, offset);
      } else {
        loop.add(tp, offset, event);
      }
    }
    tick();
  }

  private void tick() {
    try {
      loop.tick();
    } catch (RuntimeException e) {
      assembly.stats().failure();
      throw new ConnectException(
          logPrefix
              + "merge failed; its commit events stay uncommitted and are merged again after a restart: "
              + e.getMessage(),
          e);
    }
  }

  static CommitEvent parse(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Map<?, ?> map) {
      @SuppressWarnings("unchecked")
      Map<String, ?> m = (Map<String, ?>) map;
      return CommitEvent.fromMap(m);
    }
    if (value instanceof String s) {
      return CommitEventJson.parse(s);
    }
    if (value instanceof byte[] b) {
      return CommitEventJson.parse(new String(b, StandardCharsets.UTF_8));
    }
    throw new IllegalArgumentException(
        "expected a JSON object (JsonConverter with schemas.enable=false, or StringConverter), got "
            + value.getClass().getSimpleName());
  }

  @Override
  public Map<TopicPartition, OffsetAndMetadata> preCommit(
      Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    tick();
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    loop.committable()
        .forEach(
            (tp, next) -> {
              if (currentOffsets.containsKey(tp)) {
                out.put(tp, new OffsetAndMetadata(next));
              }
            });
    return out;
  }

  @Override
  public void close(Collection<TopicPartition> partitions) {
    if (loop != null) {
      partitions.forEach(loop::forget);
    }
  }

  @Override
  public void stop() {
    if (assembly != null) {
      assembly.engine().cancelAll(); // running queries end CANCELLED; their events stay uncommitted
    }
    if (loop != null) {
      loop.close();
    }
    if (assembly != null) {
      assembly.close();
    }
    unregisterMBean();
    LOG.info("{}stopped", logPrefix);
  }

  private void registerMBean(String name) {
    try {
      mbean = new ObjectName("io.tidemark:type=athena-merge,connector=" + ObjectName.quote(name));
      if (ManagementFactory.getPlatformMBeanServer().isRegistered(mbean)) {
        ManagementFactory.getPlatformMBeanServer().unregisterMBean(mbean);
      }
      ManagementFactory.getPlatformMBeanServer().registerMBean(assembly.stats(), mbean);
    } catch (JMException e) {
      LOG.warn("{}no JMX metrics: {}", logPrefix, e.getMessage());
      mbean = null;
    }
  }

  private void unregisterMBean() {
    if (mbean != null) {
      try {
        ManagementFactory.getPlatformMBeanServer().unregisterMBean(mbean);
      } catch (JMException e) {
        LOG.debug("{}JMX unregister: {}", logPrefix, e.getMessage());
      }
      mbean = null;
    }
  }
}
