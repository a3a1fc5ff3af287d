package io.tidemark.e2e.chaos;

import io.tidemark.e2e.chaos.ChangeGenerator.Change;
import io.tidemark.e2e.chaos.ChangeGenerator.Kind;
import io.tidemark.e2e.chaos.ChaosSchedule.Action;
import io.tidemark.e2e.chaos.OffsetAudit.Coordinates;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What one chaos run did and what it verified, as rows of the summary table; {@link #problems()}
 * lists every check that failed (empty: the run passed). Kafka-free.
 */
final class ChaosReport {
  /** The DLQ check: distinct original offsets against the records made bad on purpose. */
  record Dlq(
      int expected,
      int letters,
      int distinct,
      Set<Coordinates> missing,
      Set<Coordinates> unexpected,
      List<String> wrongReasons,
      String exampleReason) {
    boolean exact() {
      return missing.isEmpty() && unexpected.isEmpty() && wrongReasons.isEmpty();
    }
  }

  /**
   * One fault window: what was injected from {@code opened} to {@code closed} ({@code requests}
   * through the S3 proxy, 0 for the stand-ins, which count only what they inject).
   */
  record FaultWindow(
      Action action, int number, Instant opened, Instant closed, long requests, long faults) {}

  /** What followed a window: the workers' log events from its start until FOLLOW after its end. */
  static final Duration FOLLOW = Duration.ofSeconds(30);

  /** A fault window that injected fewer faults than this proves nothing (scale-out mode). */
  static final int MIN_WINDOW_FAULTS = 5;

  private final ChaosMode mode;
  private final Map<Action, Integer> required;
  private final List<FaultWindow> windows = new ArrayList<>();
  private List<WorkerLogEvents.Event> logEvents = List.of();
  private AssignmentLog assignments;
  private OffsetAudit.Result append;
  private String appendTable = "";
  private int mergeTasks = -1;

  private final long seed;
  private final Duration planned;
  private final Map<Kind, Integer> changes = new EnumMap<>(Kind.class);
  private final Map<Action, Integer> actions = new EnumMap<>(Action.class);
  private final Map<String, List<String>> validations = new LinkedHashMap<>();
  private final List<TableDiff.Result> tables = new ArrayList<>();
  private long statements;
  private Duration ran = Duration.ZERO;
  private Duration drained = Duration.ZERO;
  private int proxyRequests;
  private int proxyErrors;
  private int proxyResets;
  private int proxyStalls;
  private int proxyRefused;
  private long athenaFaults;
  private long topicRecords;
  private long objectsRead;
  private long objectsListed;
  private OffsetAudit.Result s3;
  private Dlq dlq;
  private int badRows;
  private SecretScan secrets;
  private Map<String, String> failedTasks = Map.of();

  ChaosReport(long seed, Duration planned) {
    this(seed, planned, ChaosMode.SINGLE);
  }

  ChaosReport(long seed, Duration planned, ChaosMode mode) {
    this.seed = seed;
    this.planned = planned;
    this.mode = mode;
    this.required = mode.required();
  }

  synchronized void window(FaultWindow window) {
    windows.add(window);
  }

  void logEvents(List<WorkerLogEvents.Event> events) {
    logEvents = List.copyOf(events);
  }

  void assignments(AssignmentLog log) {
    assignments = log;
  }

  /** The append-mode Redshift table: one row per change event, read as topic coordinates. */
  void append(String table, OffsetAudit.Result result) {
    appendTable = table;
    append = result;
  }

  /** How many tasks the MERGE companion runs, deployed with tasks.max > 1. */
  void mergeTasks(int tasks) {
    mergeTasks = tasks;
  }

  /** The log events of {@code kind} (for {@code connector}, empty: any) that followed a window. */
  long followed(FaultWindow w, WorkerLogEvents.Kind kind, String connector) {
    Instant until = w.closed().plus(FOLLOW);
    return logEvents.stream()
        .filter(e -> e.kind() == kind)
        .filter(e -> connector.isEmpty() || e.connector().equals(connector))
        .filter(e -> !e.at().isBefore(w.opened()) && !e.at().isAfter(until))
        .count();
  }

  long total(WorkerLogEvents.Kind kind) {
    return logEvents.stream().filter(e -> e.kind() == kind).count();
  }

  synchronized void applied(Change change) {
    changes.merge(change.kind(), 1, Integer::sum);
    statements += change.statements().size();
  }

  synchronized int changes() {
    return changes.values().stream().mapToInt(Integer::intValue).sum();
  }

  synchronized void did(Action action) {
    actions.merge(action, 1, Integer::sum);
  }

  synchronized int count(Action action) {
    return actions.getOrDefault(action, 0);
  }

  synchronized void validated(String connector, List<String> errors) {
    validations.put(connector, errors);
  }

  void ran(Duration d) {
    ran = d;
  }

  void drained(Duration d) {
    drained = d;
  }

  void proxy(int requests, int errors, int resets, int stalls) {
    proxyRequests = requests;
    proxyErrors = errors;
    proxyResets = resets;
    proxyStalls = stalls;
  }

  /** Connections the S3 proxy refused while down (the outage at the end of each S3 window). */
  void proxyRefused(int refused) {
    proxyRefused = refused;
  }

  void athenaFaults(long injected) {
    athenaFaults = injected;
  }

  void table(TableDiff.Result result) {
    tables.add(result);
  }

  void topics(long records) {
    topicRecords = records;
  }

  void landedObjects(long read, long listed) {
    objectsRead = read;
    objectsListed = listed;
  }

  void s3(OffsetAudit.Result result) {
    s3 = result;
  }

  void dlq(Dlq result, int madeBad) {
    dlq = result;
    badRows = madeBad;
  }

  void secrets(SecretScan scan) {
    secrets = scan;
  }

  void failedTasks(Map<String, String> failed) {
    failedTasks = new TreeMap<>(failed);
  }

  long seed() {
    return seed;
  }

  /** Every failed check, one line each; empty when the run passed. */
  List<String> problems() {
    List<String> problems = new ArrayList<>();
    required.forEach(
        (action, needed) -> {
          if (count(action) < needed) {
            problems.add(
                "only "
                    + count(action)
                    + " "
                    + NAMES.get(action)
                    + " (at least "
                    + needed
                    + " needed)");
          }
        });
    if (mode == ChaosMode.SCALE_OUT) {
      problems.addAll(scaleOutProblems());
    }
    failedTasks.forEach(
        (task, trace) -> problems.add("task " + task + " FAILED: " + firstLine(trace)));
    validations.forEach(
        (connector, errors) -> {
          if (!errors.isEmpty()) {
            problems.add("validate " + connector + ": " + errors);
          }
        });
    if (s3 == null || !s3.exactlyOnce()) {
      problems.add("S3: " + (s3 == null ? "not checked" : s3.describe(5)));
    }
    tables.stream().filter(t -> !t.equal()).forEach(t -> problems.add(t.describe(5)));
    if (tables.size() < 4) {
      problems.add("only " + tables.size() + " of 4 table copies checked");
    }
    if (dlq == null || !dlq.exact() || dlq.expected() == 0) {
      problems.add(
          "DLQ: "
              + (dlq == null
                  ? "not checked"
                  : dlq.expected()
                      + " bad records expected, "
                      + dlq.distinct()
                      + " distinct dead letters; missing "
                      + dlq.missing()
                      + ", unexpected "
                      + dlq.unexpected()
                      + ", wrong reasons "
                      + dlq.wrongReasons()));
    }
    if (secrets == null) {
      problems.add("secrets: not scanned");
    } else {
      secrets.findings().forEach(f -> problems.add("secret leaked: " + f));
    }
    return problems;
  }

  private static final Map<Action, String> NAMES =
      Map.of(
          Action.KILL_WORKER, "worker kills",
          Action.RESTART_BROKER, "broker restarts",
          Action.PAUSE_WORKER, "worker pauses past the session timeout",
          Action.ROLLING_RESTART, "rolling restarts",
          Action.SCALE_WORKER, "workers added or removed");

  /** The checks only scale-out mode has: moves, fault windows that bite, append table, MERGE. */
  private List<String> scaleOutProblems() {
    List<String> problems = new ArrayList<>();
    if (assignments == null || assignments.samples() == 0) {
      problems.add("assignments: never sampled");
    } else {
      for (String sink : List.of(ChaosRun.S3_SINK, ChaosRun.REDSHIFT_SINK)) {
        if (assignments.partitionMoves().getOrDefault(sink, 0) == 0) {
          problems.add(
              "no partition of "
                  + sink
                  + " moved between workers ("
                  + assignments.samples()
                  + " samples)");
        }
      }
    }
    int expectedWindows =
        count(Action.S3_FAULTS) + count(Action.DATA_API_FAULTS) + count(Action.ATHENA_FAULTS);
    if (windows.size() != expectedWindows) {
      problems.add(windows.size() + " fault windows measured, " + expectedWindows + " opened");
    }
    for (FaultWindow w : windows) {
      if (w.faults() < MIN_WINDOW_FAULTS) {
        problems.add(
            windowName(w)
                + " injected "
                + w.faults()
                + " faults (at least "
                + MIN_WINDOW_FAULTS
                + " needed)");
      }
    }
    failedInLogs()
        .forEach(
            task ->
                problems.add(
                    "task "
                        + task
                        + " failed on a worker (its log: \"unrecoverable exception\"; the REST"
                        + " status may not show it)"));
    if (append == null || !append.exactlyOnce() || append.expected() == 0) {
      problems.add(
          "Redshift append table "
              + appendTable
              + ": "
              + (append == null ? "not checked" : append.describe(5)));
    }
    if (mergeTasks != 1) {
      problems.add(
          "the MERGE companion with tasks.max="
              + ChaosMode.SCALE_OUT_TASKS
              + " runs "
              + mergeTasks
              + " tasks (its rule: one writer per table, one task)");
    }
    return problems;
  }

  /** Tasks that failed on some worker, read from the logs (connector-task, e.g. chaos-cdc-0). */
  java.util.SortedSet<String> failedInLogs() {
    return logEvents.stream()
        .filter(e -> e.kind() == WorkerLogEvents.Kind.TASK_FAILED)
        .map(WorkerLogEvents.Event::connector)
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  private static String windowName(FaultWindow w) {
    return w.action().name().toLowerCase().replace("_faults", "").replace('_', ' ')
        + " window "
        + w.number();
  }

  /** Per fault window: what it injected and what followed (markdown), scale-out mode. */
  String windowsMarkdown() {
    StringBuilder md =
        new StringBuilder(
            "| window | length | requests | faults injected | S3 rewinds | Connect retries"
                + " (S3 / Redshift) | Redshift write failures / Data API retries | Athena"
                + " retries | fenced (S3 / Redshift) |\n|---|---|---|---|---|---|---|---|---|\n");
    for (FaultWindow w : windows) {
      md.append(
          String.format(
              "| %s | %d s | %s | %d | %d | %d / %d | %d / %d | %d | %d / %d |%n",
              windowName(w),
              Duration.between(w.opened(), w.closed()).toSeconds(),
              w.action() == Action.S3_FAULTS ? Long.toString(w.requests()) : "-",
              w.faults(),
              followed(w, WorkerLogEvents.Kind.S3_REWIND, ChaosRun.S3_SINK),
              followed(w, WorkerLogEvents.Kind.CONNECT_RETRY, ChaosRun.S3_SINK),
              followed(w, WorkerLogEvents.Kind.CONNECT_RETRY, ChaosRun.REDSHIFT_SINK)
                  + followed(w, WorkerLogEvents.Kind.CONNECT_RETRY, ChaosRun.REDSHIFT_APPEND_SINK),
              followed(w, WorkerLogEvents.Kind.REDSHIFT_WRITE_FAILED, ""),
              followed(w, WorkerLogEvents.Kind.DATA_API_RETRY, ""),
              followed(w, WorkerLogEvents.Kind.ATHENA_RETRY, ""),
              followed(w, WorkerLogEvents.Kind.S3_FENCED, ""),
              followed(w, WorkerLogEvents.Kind.REDSHIFT_FENCED, "")));
    }
    return md.toString();
  }

  /** The summary table of this run: what it did, then what it verified. */
  String markdown() {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"seed", Long.toString(seed)});
    rows.add(
        new String[] {
          "chaos phase / drain",
          String.format(
              "%.1f min (planned %.1f) / %.1f min",
              ran.toMillis() / 60000.0, planned.toMillis() / 60000.0, drained.toMillis() / 60000.0)
        });
    rows.add(
        new String[] {
          "MySQL changes",
          changes()
              + " ("
              + statements
              + " statements): "
              + changes.entrySet().stream()
                  .map(e -> e.getKey().name().toLowerCase() + " " + e.getValue())
                  .collect(Collectors.joining(", "))
        });
    if (mode == ChaosMode.SCALE_OUT) {
      rows.add(
          new String[] {
            "mode",
            "scale-out: source topics of "
                + ChaosMode.SCALE_OUT_PARTITIONS
                + " partitions, S3 and Redshift sinks at tasks.max="
                + ChaosMode.SCALE_OUT_TASKS
          });
      rows.add(
          new String[] {
            "cluster faults",
            String.format(
                "%d SIGKILL + restart, %d SIGSTOP past the session timeout + SIGCONT, %d rolling"
                    + " restarts, %d workers added or removed",
                count(Action.KILL_WORKER),
                count(Action.PAUSE_WORKER),
                count(Action.ROLLING_RESTART),
                count(Action.SCALE_WORKER))
          });
      rows.add(
          new String[] {
            "moves between workers (REST + consumer groups)",
            assignments == null
                ? "not sampled"
                : String.format(
                    "partitions %s, tasks %s; %d samples, %d distinct assignments",
                    assignments.partitionMoves(),
                    assignments.taskMoves(),
                    assignments.samples(),
                    assignments.distinctAssignments())
          });
      rows.add(
          new String[] {
            "rewinds, retries, fenced writes (worker logs, whole run)",
            String.format(
                "S3 rewinds %d, Connect retries %d, Redshift write failures %d, Data API retries"
                    + " %d, Athena retries %d, fenced S3 %d / Redshift %d",
                total(WorkerLogEvents.Kind.S3_REWIND),
                total(WorkerLogEvents.Kind.CONNECT_RETRY),
                total(WorkerLogEvents.Kind.REDSHIFT_WRITE_FAILED),
                total(WorkerLogEvents.Kind.DATA_API_RETRY),
                total(WorkerLogEvents.Kind.ATHENA_RETRY),
                total(WorkerLogEvents.Kind.S3_FENCED),
                total(WorkerLogEvents.Kind.REDSHIFT_FENCED))
          });
      rows.add(
          new String[] {
            "tasks failed per the worker logs (zombies included)",
            failedInLogs().isEmpty() ? "none" : String.join(", ", failedInLogs())
          });
    }
    rows.add(
        new String[] {
          "worker kills (SIGKILL + restart)", Integer.toString(count(Action.KILL_WORKER))
        });
    rows.add(
        new String[] {
          "broker restarts (SIGKILL + restart)", Integer.toString(count(Action.RESTART_BROKER))
        });
    rows.add(
        new String[] {
          mode == ChaosMode.SCALE_OUT ? "S3 fault windows" : "S3 fault windows (45 s)",
          String.format(
                  "%d: %d requests through the proxy, %d 5xx, %d resets, %d 5 s stalls",
                  count(Action.S3_FAULTS), proxyRequests, proxyErrors, proxyResets, proxyStalls)
              + (mode == ChaosMode.SCALE_OUT
                  ? String.format(
                      ", then %d connections refused while down (%d s at the end of each window)",
                      proxyRefused, 25)
                  : "")
        });
    rows.add(
        new String[] {
          "Data API faults",
          count(Action.DATA_API_FAULTS)
              + (mode == ChaosMode.SCALE_OUT
                  ? " x (5 throttled calls + 1 FAILED statement)"
                  : " x (3 throttled calls + 1 FAILED statement)")
        });
    rows.add(
        new String[] {
          "Athena faults",
          count(Action.ATHENA_FAULTS)
              + " x (3 throttled calls + 2 failed MERGEs); "
              + athenaFaults
              + " injected"
        });
    rows.add(
        new String[] {
          "schema changes",
          count(Action.ADD_COLUMN)
              + " ADD COLUMN, "
              + count(Action.WIDEN_VARCHAR)
              + " widen VARCHAR"
        });
    rows.add(new String[] {"rows made bad on purpose", Integer.toString(badRows)});
    rows.add(new String[] {"change events in Kafka", Long.toString(topicRecords)});
    rows.add(
        new String[] {
          "S3: offsets landed exactly once",
          s3 == null
              ? "not checked"
              : verdict(
                  s3.exactlyOnce(),
                  String.format(
                      "%d offsets, %d rows in %d objects (%d listed): %d lost, %d duplicated, %d unexpected",
                      s3.expected(),
                      s3.landed(),
                      objectsRead,
                      objectsListed,
                      s3.lost().size(),
                      s3.duplicated().size(),
                      s3.unexpected().size()))
        });
    for (TableDiff.Result t : tables) {
      rows.add(
          new String[] {
            t.table() + " = MySQL",
            verdict(
                t.equal(),
                String.format(
                    "%d rows (MySQL %d): %d lost, %d extra, %d different",
                    t.actualRows(),
                    t.expectedRows(),
                    t.missing().size(),
                    t.extra().size(),
                    t.different().size()))
          });
    }
    if (mode == ChaosMode.SCALE_OUT) {
      rows.add(
          new String[] {
            "Redshift append table " + appendTable + ": one row per change event",
            append == null
                ? "not checked"
                : verdict(
                    append.exactlyOnce() && append.expected() > 0,
                    String.format(
                        "%d rows, %d change events (inserts and updates, by topic coordinates):"
                            + " %d lost, %d twice, %d unexpected",
                        append.landed(),
                        append.expected(),
                        append.lost().size(),
                        append.duplicated().size(),
                        append.unexpected().size()))
          });
      rows.add(
          new String[] {
            "MERGE companion at tasks.max=" + ChaosMode.SCALE_OUT_TASKS,
            verdict(mergeTasks == 1, mergeTasks + " task(s) (its rule: one task, one writer)")
          });
    }
    rows.add(
        new String[] {
          "DLQ = rows made bad",
          dlq == null
              ? "not checked"
              : verdict(
                  dlq.exact() && dlq.expected() > 0,
                  String.format(
                      "%d bad records expected, %d dead letters (%d distinct offsets), missing %d, unexpected %d, wrong reason %d; e.g. \"%s\"",
                      dlq.expected(),
                      dlq.letters(),
                      dlq.distinct(),
                      dlq.missing().size(),
                      dlq.unexpected().size(),
                      dlq.wrongReasons().size(),
                      dlq.exampleReason().replace("|", "\\|")))
        });
    rows.add(
        new String[] {
          "secrets in logs, traces, validate answers, messages",
          secrets == null
              ? "not scanned"
              : verdict(
                  secrets.findings().isEmpty(),
                  String.format(
                      "%d secrets (%s) in %d texts, %.1f MB: %d found",
                      secrets.names().size(),
                      String.join(", ", secrets.names()),
                      secrets.sources(),
                      secrets.bytes() / 1e6,
                      secrets.findings().size()))
        });
    rows.add(
        new String[] {
          "failed tasks", failedTasks.isEmpty() ? "none" : String.join(", ", failedTasks.keySet())
        });
    rows.add(
        new String[] {
          "result",
          problems().isEmpty()
              ? "PASSED"
              : "FAILED: " + String.join("; ", problems()).replace("|", "\\|")
        });
    StringBuilder md = new StringBuilder("| run seed " + seed + " | |\n|---|---|\n");
    for (String[] row : rows) {
      md.append("| ").append(row[0]).append(" | ").append(row[1]).append(" |\n");
    }
    if (mode == ChaosMode.SCALE_OUT) {
      md.append("\nFault windows of seed ")
          .append(seed)
          .append(" (what followed: worker log events from the window's start to ")
          .append(FOLLOW.toSeconds())
          .append(" s after its end)\n\n")
          .append(windowsMarkdown())
          .append("\nTask assignments per worker of seed ")
          .append(seed)
          .append(" (tasks with their sink partitions, each time they changed)\n\n")
          .append(assignments == null ? "not sampled\n" : assignments.markdown());
    }
    return md.toString();
  }

  private static String verdict(boolean ok, String detail) {
    return (ok ? "yes: " : "NO: ") + detail;
  }

  private static String firstLine(String trace) {
    int newline = trace.indexOf('\n');
    return newline < 0 ? trace : trace.substring(0, newline);
  }
}
