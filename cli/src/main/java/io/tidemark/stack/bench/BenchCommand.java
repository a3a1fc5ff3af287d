package io.tidemark.stack.bench;

import io.tidemark.stack.RepoRoot;
import io.tidemark.stack.component.ConnectWorker;
import io.tidemark.stack.component.KafkaRuntime;
import io.tidemark.stack.component.MariaDb;
import io.tidemark.stack.component.MskConnectRuntime;
import io.tidemark.stack.component.Postgres;
import io.tidemark.stack.component.S3Server;
import io.tidemark.stack.component.TrinoServer;
import io.tidemark.stack.process.Jdks;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./bench}: runs every benchmark of the project in sequence through its own {@code
 * bench.sh}, each with its default sizes (or small ones with {@code --quick}), records the load
 * average around each, and writes BENCHMARKS.md at the repository root from their {@link
 * BenchResult}s and reports. Output of each bench: {@code .tidemark/bench/<name>.log}. Exit code 0
 * when every bench ran and met its targets, 2 when a target was missed, 1 when a bench failed.
 */
public final class BenchCommand {
  static final String USAGE =
      String.join(
          "\n",
          "usage: ./bench [--quick] [--only NAME[,NAME...]] [Maven options, e.g. -o]",
          "  runs every benchmark ("
              + String.join(", ", BenchSpec.ALL.stream().map(BenchSpec::name).toList())
              + ")",
          "  and writes BENCHMARKS.md; --quick: small sizes, a smoke run whose numbers are not representative");

  private BenchCommand() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    boolean quick = false;
    List<BenchSpec> specs = BenchSpec.ALL;
    List<String> mavenOptions = new ArrayList<>();
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--quick" -> quick = true;
          case "--only" -> {
            if (++i == args.length) {
              throw new IllegalArgumentException("--only needs a list of benchmark names");
            }
            specs = List.of(args[i].split(",")).stream().map(BenchSpec::named).toList();
          }
          case "-h", "--help" -> {
            out.println(USAGE);
            return 0;
          }
          default -> mavenOptions.add(args[i]);
        }
      }
    } catch (IllegalArgumentException e) {
      err.println("bench: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    Path root =
        RepoRoot.find()
            .orElseThrow(
                () -> new IllegalStateException("bench: run it from the Tidemark checkout"));
    Path logs = root.resolve(".tidemark/bench");
    Instant started = Instant.now();
    Map<String, String> machine = machine(root);
    List<BenchOutcome> outcomes = new ArrayList<>();
    for (BenchSpec spec : specs) {
      outcomes.add(runOne(root, logs, spec, quick, mavenOptions, out));
    }
    String command = "./bench" + (args.length == 0 ? "" : " " + String.join(" ", args));
    BenchmarksReport.Run run =
        new BenchmarksReport.Run(
            started, Instant.now(), quick, command, machine, versions(), outcomes);
    Path file = root.resolve("BENCHMARKS.md");
    write(file, BenchmarksReport.render(run));
    out.println("Written to " + file);
    if (outcomes.stream().anyMatch(o -> o.verdict().equals("FAILED"))) {
      return 1;
    }
    return outcomes.stream().anyMatch(o -> o.verdict().equals("MISSED")) ? 2 : 0;
  }

  private static BenchOutcome runOne(
      Path root,
      Path logs,
      BenchSpec spec,
      boolean quick,
      List<String> mavenOptions,
      PrintStream out) {
    List<String> command = new ArrayList<>(List.of("bash", spec.script()));
    command.addAll(mavenOptions);
    if (quick) {
      command.addAll(spec.quickOptions());
    }
    String shown = String.join(" ", command.subList(1, command.size()));
    Path result = root.resolve(spec.resultFile());
    Path report = root.resolve(spec.reportFile());
    Path log = logs.resolve(spec.name() + ".log");
    try {
      // A report left by an earlier run must not pass for this run's.
      Files.deleteIfExists(result);
      Files.deleteIfExists(report);
      Files.createDirectories(logs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String loadBefore = loadAverage();
    out.printf(
        "[bench] %s: %s (output in %s; load average %s)%n",
        spec.name(), shown, root.relativize(log), loadBefore);
    long begin = System.nanoTime();
    int exit;
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(root.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      exit = process.waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + shown, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + shown, e);
    }
    double seconds = (System.nanoTime() - begin) / 1e9;
    String loadAfter = loadAverage();
    Optional<BenchResult> benchResult =
        Files.isRegularFile(result) ? Optional.of(BenchResult.read(result)) : Optional.empty();
    Optional<String> reportText =
        Files.isRegularFile(report) ? Optional.of(read(report)) : Optional.empty();
    BenchOutcome outcome =
        new BenchOutcome(
            spec,
            shown,
            exit,
            seconds,
            loadBefore,
            loadAfter,
            benchResult,
            reportText,
            root.relativize(log).toString());
    out.printf(
        "[bench] %s: %s (exit code %d, %.0f s, load average %s)%n",
        spec.name(), outcome.verdict(), exit, seconds, loadAfter);
    return outcome;
  }

  /** Cores, CPU model, memory, OS and kernel, the JDKs. */
  static Map<String, String> machine(Path root) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
    m.put("CPU", firstMatch(Path.of("/proc/cpuinfo"), "model name\\s*:\\s*(.+)").orElse("unknown"));
    m.put(
        "memory",
        firstMatch(Path.of("/proc/meminfo"), "MemTotal:\\s*(\\d+) kB")
            .map(kb -> String.format("%.1f GiB", Long.parseLong(kb) / 1048576.0))
            .orElse("unknown"));
    m.put(
        "OS",
        firstMatch(Path.of("/etc/os-release"), "PRETTY_NAME=\"?([^\"]+)\"?")
                .orElse(System.getProperty("os.name"))
            + ", "
            + System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"));
    m.put(
        "JDK (benchmarks, Kafka, Connect)",
        System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version")
            + " ("
            + System.getProperty("java.home")
            + ")");
    m.put(
        "JDK (Trino)",
        Jdks.find(TrinoServer.MIN_JAVA, "TRINO_JAVA_HOME")
            .map(Path::toString)
            .orElse("none found (TRINO_JAVA_HOME or /usr/lib/jvm)"));
    m.put(
        "Tidemark",
        firstMatch(
                    root.resolve("pom.xml"),
                    "<artifactId>tidemark-parent</artifactId>\\s*<version>([^<]+)")
                .orElse("unknown")
            + ", commit "
            + gitCommit(root));
    return m;
  }

  /** The versions the benchmarks' stacks run, from the local stack's own constants. */
  static Map<String, String> versions() {
    Map<String, String> v = new LinkedHashMap<>();
    v.put(
        "Kafka broker and Connect worker",
        KafkaRuntime.DEFAULT_VERSION
            + " (plugins built for the Connect "
            + MskConnectRuntime.KAFKA_VERSION
            + " API, the MSK Connect runtime)");
    v.put(
        "Debezium (MariaDB source, JDBC sink baseline, ExtractNewRecordState)",
        ConnectWorker.DEBEZIUM_VERSION);
    v.put("MariaDB (MySQL source)", MariaDb.VERSION);
    v.put("PostgreSQL (Redshift stand-in)", Postgres.VERSION);
    v.put("Trino (Athena stand-in)", TrinoServer.VERSION);
    v.put("S3Proxy", S3Server.VERSION);
    return v;
  }

  /** The 1, 5 and 15 minute load averages, as the kernel reports them. */
  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | ArrayIndexOutOfBoundsException e) {
      return String.format(
          "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  private static String gitCommit(Path root) {
    try {
      Process git =
          new ProcessBuilder("git", "describe", "--always", "--dirty")
              .directory(root.toFile())
              .redirectErrorStream(true)
              .start();
      String text = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return git.waitFor() == 0 ? text : "unknown";
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  private static Optional<String> firstMatch(Path file, String regex) {
    if (!Files.isReadable(file)) {
      return Optional.empty();
    }
    Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(read(file));
    return m.find() ? Optional.of(m.group(1).trim()) : Optional.empty();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file, e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file, e);
    }
  }
}
