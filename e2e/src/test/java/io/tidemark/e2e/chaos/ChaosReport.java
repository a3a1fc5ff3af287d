package io.tidemark.e2e.chaos;

import io.tidemark.e2e.chaos.ChangeGenerator.Change;
import io.tidemark.e2e.chaos.ChangeGenerator.Kind;
import io.tidemark.e2e.chaos.ChaosSchedule.Action;
import io.tidemark.e2e.chaos.OffsetAudit.Coordinates;
import java.time.Duration;
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

  /** The minimum chaos a run must have had to count (the "done when"). */
  static final int MIN_WORKER_KILLS = 10;

  static final int MIN_BROKER_RESTARTS = 2;

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
    this.seed = seed;
    this.planned = planned;
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
    if (count(Action.KILL_WORKER) < MIN_WORKER_KILLS) {
      problems.add(
          "only "
              + count(Action.KILL_WORKER)
              + " worker kills (at least "
              + MIN_WORKER_KILLS
              + " needed)");
    }
    if (count(Action.RESTART_BROKER) < MIN_BROKER_RESTARTS) {
      problems.add(
          "only "
              + count(Action.RESTART_BROKER)
              + " broker restarts (at least "
              + MIN_BROKER_RESTARTS
              + " needed)");
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
          "S3 fault windows (45 s)",
          String.format(
              "%d: %d requests through the proxy, %d 5xx, %d resets, %d 5 s stalls",
              count(Action.S3_FAULTS), proxyRequests, proxyErrors, proxyResets, proxyStalls)
        });
    rows.add(
        new String[] {
          "Data API faults",
          count(Action.DATA_API_FAULTS) + " x (3 throttled calls + 1 FAILED statement)"
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
