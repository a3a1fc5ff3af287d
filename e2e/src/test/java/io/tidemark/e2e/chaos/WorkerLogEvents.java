package io.tidemark.e2e.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the sinks and Connect did about faults, read from the workers' logs (the stack's log4j
 * pattern {@code [%d] %p %m (%c)}, the worker's local time): a rewind, a fenced write, a retry by
 * Connect after a {@code RetriableException}, a retried Data API or Athena call. Counted per fault
 * window by {@link ChaosReport}. The texts are the plugins' own log messages (cited per kind);
 * Kafka-free.
 */
final class WorkerLogEvents {
  enum Kind {
    /** WorkerSinkTask: "RetriableException from SinkTask" (Connect redelivers the batch). */
    CONNECT_RETRY,
    /** S3 sink SinkWriter.rewind: "rewinding to the last durable offset". */
    S3_REWIND,
    /** S3 sink SinkWriter.fence: "another task owns this partition now". */
    S3_FENCED,
    /** Redshift sink: "fenced by another task's commit" (it rewinds to the new owner's offsets). */
    REDSHIFT_FENCED,
    /** Redshift sink RedshiftWriter: "write failed" (a rewind and a Connect retry follow). */
    REDSHIFT_WRITE_FAILED,
    /** Redshift sink DataApiStatementRunner: a Data API call retried ("retrying in"). */
    DATA_API_RETRY,
    /** MERGE companion RetryingRunner: a statement retried ("retrying ... token in"). */
    ATHENA_RETRY,
    /**
     * WorkerTask: "Task threw an uncaught and unrecoverable exception" on any worker, a zombie's
     * included (the REST status drops a stale generation's FAILED, so it may never show it).
     */
    TASK_FAILED
  }

  /** One event: when, what, and the connector it is about (empty when the line does not say). */
  record Event(Instant at, Kind kind, String connector) {}

  private static final Pattern LINE =
      Pattern.compile("^\\[(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},\\d{3})\\] (\\w+) (.*)$");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
  private static final Pattern SINK_TASK_ID = Pattern.compile("WorkerSinkTask\\{id=(.+)-\\d+\\}");
  private static final Pattern TASK_ID = Pattern.compile("Worker\\w*Task\\{id=(.+-\\d+)\\}");
  private static final Pattern REDSHIFT_CONTEXT = Pattern.compile("\\[(\\S+) task\\]");
  private static final Pattern S3_CONTEXT = Pattern.compile("Connector (\\S+) ");

  private WorkerLogEvents() {}

  /**
   * The zone the workers log in: their JVMs' default, which comes from the operating system ({@code
   * TZ}, else {@code /etc/localtime}), not from this JVM's {@code user.timezone} (the build sets a
   * non-UTC one for tests).
   */
  static ZoneId workerZone() {
    String tz = System.getenv("TZ");
    if (tz != null && !tz.isBlank()) {
      return ZoneId.of(tz.startsWith(":") ? tz.substring(1) : tz);
    }
    try {
      String target = Files.readSymbolicLink(Path.of("/etc/localtime")).toString();
      int at = target.indexOf("zoneinfo/");
      if (at >= 0) {
        return ZoneId.of(target.substring(at + "zoneinfo/".length()));
      }
    } catch (IOException | UnsupportedOperationException | java.time.DateTimeException e) {
      // no link: UTC below
    }
    return ZoneId.of("UTC");
  }

  /** The events of one log's lines; lines without a timestamp (stack traces) are skipped. */
  static List<Event> parse(List<String> lines, ZoneId zone) {
    List<Event> events = new ArrayList<>();
    for (String line : lines) {
      parse(line, zone).ifPresent(events::add);
    }
    return events;
  }

  static Optional<Event> parse(String line, ZoneId zone) {
    Matcher m = LINE.matcher(line);
    if (!m.matches()) {
      return Optional.empty();
    }
    String message = m.group(3);
    Kind kind = kind(message);
    if (kind == null) {
      return Optional.empty();
    }
    Instant at;
    try {
      at = LocalDateTime.parse(m.group(1), TIME).atZone(zone).toInstant();
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
    return Optional.of(new Event(at, kind, connector(kind, message)));
  }

  private static Kind kind(String message) {
    if (message.contains("Task threw an uncaught and unrecoverable exception")) {
      return Kind.TASK_FAILED;
    }
    if (message.contains("RetriableException from SinkTask")) {
      return Kind.CONNECT_RETRY;
    }
    if (message.contains("rewinding to the last durable offset")) {
      return Kind.S3_REWIND;
    }
    if (message.contains("another task owns this partition now")) {
      return Kind.S3_FENCED;
    }
    if (message.contains("fenced by another task's commit")) {
      return Kind.REDSHIFT_FENCED;
    }
    if (message.contains(" write failed ")) {
      return Kind.REDSHIFT_WRITE_FAILED;
    }
    if (message.contains("), retrying in ") && message.contains("(attempt ")) {
      return Kind.DATA_API_RETRY;
    }
    if (message.contains("), retrying ") && message.contains(" token in ")) {
      return Kind.ATHENA_RETRY;
    }
    return null;
  }

  private static String connector(Kind kind, String message) {
    Pattern p =
        switch (kind) {
          case CONNECT_RETRY -> SINK_TASK_ID;
          case TASK_FAILED -> TASK_ID;
          case S3_REWIND, S3_FENCED -> S3_CONTEXT;
          case REDSHIFT_FENCED, REDSHIFT_WRITE_FAILED, DATA_API_RETRY -> REDSHIFT_CONTEXT;
          case ATHENA_RETRY -> null;
        };
    if (p == null) {
      return "";
    }
    Matcher m = p.matcher(message);
    return m.find() ? m.group(1) : "";
  }
}
