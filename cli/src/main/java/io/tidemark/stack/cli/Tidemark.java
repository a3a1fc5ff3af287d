package io.tidemark.stack.cli;

import io.tidemark.stack.LocalStack;
import io.tidemark.stack.RepoRoot;
import io.tidemark.stack.StackException;
import io.tidemark.stack.athena.AthenaComponent;
import io.tidemark.stack.component.ConnectWorker;
import io.tidemark.stack.component.KafkaBroker;
import io.tidemark.stack.component.MariaDb;
import io.tidemark.stack.component.Postgres;
import io.tidemark.stack.component.S3Server;
import io.tidemark.stack.component.TrinoServer;
import io.tidemark.stack.redshift.RedshiftDataApiComponent;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/** The {@code ./tidemark} command: {@code up}, {@code demo}, {@code status}. */
public final class Tidemark {
  private static final String USAGE =
      String.join(
          "\n",
          "usage: ./tidemark <command> [options]",
          "",
          "commands:",
          "  up     start the local stack and keep it running until Ctrl-C",
          "  demo   start the stack (with Trino and the Athena stand-in) and run the demo pipeline:",
          "         MySQL -> Debezium -> Kafka -> S3 (Parquet) -> Athena MERGE -> Iceberg, then check",
          "         every copy against MySQL (exit code 1 on a mismatch)",
          "  status connector states and tasks (Connect REST API) and each sink's lag (Kafka) of a",
          "         running stack (from its endpoints.json, or --connect-url and --bootstrap-servers)",
          "  deploy validate connect-configs JSON files against a Connect REST URL and PUT them",
          "         (./tidemark deploy --help for its options)",
          "",
          "options:",
          "  --work-dir DIR                        the stack's folder (default .tidemark/stack)",
          "  --kafka-port N, --connect-port N, --mysql-port N, --s3-port N, --postgres-port N,",
          "  --redshift-port N, --trino-port N, --athena-port N (demo)",
          "                                        fixed ports (default: free ones)",
          "  --keep-running                        demo: keep the stack up after the demo",
          "  --connect-url URL, --bootstrap-servers HOST:PORT",
          "                                        status: a stack not described by --work-dir",
          "  --command-config FILE                 status: Kafka client properties (SASL/TLS, e.g.",
          "                                        MSK IAM), as Kafka's own tools take them");

  private Tidemark() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs one command as {@code ./tidemark} does; the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Deque<String> queue = new ArrayDeque<>(List.of(args));
    String command = queue.isEmpty() ? "help" : queue.poll();
    if (command.equals("deploy")) { // its own options: see Deploy.USAGE
      return io.tidemark.configs.deploy.Deploy.run(
          queue.toArray(String[]::new), System.getenv(), out, err);
    }
    Map<String, String> options;
    try {
      options = parseOptions(queue);
    } catch (IllegalArgumentException e) {
      err.println("tidemark: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    try {
      switch (command) {
        case "up":
          return up(options, out);
        case "demo":
          return new Demo(out)
              .run(
                  startStack(demoStack(workDir(options), options), out),
                  options.containsKey("keep-running"));
        case "status":
          return new StatusCommand(out)
              .run(
                  workDir(options),
                  Optional.ofNullable(options.get("connect-url")),
                  Optional.ofNullable(options.get("bootstrap-servers")),
                  commandConfig(options));
        case "help":
        case "--help":
        case "-h":
          out.println(USAGE);
          return 0;
        default:
          err.println("tidemark: unknown command '" + command + "'");
          err.println(USAGE);
          return 2;
      }
    } catch (StackException e) {
      err.println("tidemark: " + e.getMessage());
      return 1;
    }
  }

  private static int up(Map<String, String> options, PrintStream out) {
    LocalStack stack = startStack(stack(workDir(options), options), out);
    out.println("Press Ctrl-C to stop the stack.");
    CountDownLatch forever = new CountDownLatch(1);
    try {
      forever.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /** The default stack, with the ports the options fix. */
  static LocalStack.Builder stack(Path workDir, Map<String, String> options) {
    return LocalStack.builder(workDir)
        .add(new KafkaBroker(port(options, "kafka-port")))
        .add(new ConnectWorker(port(options, "connect-port")))
        .add(new MariaDb(port(options, "mysql-port")))
        .add(new S3Server(port(options, "s3-port")))
        .add(new Postgres(port(options, "postgres-port")))
        .add(new RedshiftDataApiComponent(port(options, "redshift-port")));
  }

  /** The demo's stack: the default one plus Trino and the Athena API stand-in over it. */
  public static LocalStack.Builder demoStack(Path workDir) {
    return demoStack(workDir, Map.of());
  }

  static LocalStack.Builder demoStack(Path workDir, Map<String, String> options) {
    return stack(workDir, options)
        .add(new TrinoServer(port(options, "trino-port")))
        .add(new AthenaComponent(port(options, "athena-port")));
  }

  private static Path workDir(Map<String, String> options) {
    return Path.of(
        options.getOrDefault(
            "work-dir",
            RepoRoot.find()
                .map(root -> root.resolve(".tidemark/stack"))
                .orElse(Path.of(".tidemark/stack"))
                .toString()));
  }

  /** Starts the stack and arranges for it to stop on Ctrl-C or any exit. */
  static LocalStack startStack(LocalStack.Builder builder, PrintStream out) {
    LocalStack stack = builder.build();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stack.close();
                  out.println("Stack stopped.");
                },
                "tidemark-shutdown"));
    out.println("Starting the Tidemark local stack in " + stack.workDir() + " ...");
    stack.start();
    out.printf(
        "Stack started in %.1f s:%n%s", stack.startTime().toMillis() / 1000.0, stack.describe());
    out.println("Endpoints (with passwords) written to " + stack.endpointsFile());
    return stack;
  }

  private static int port(Map<String, String> options, String key) {
    String value = options.get(key);
    if (value == null) {
      return 0;
    }
    try {
      int port = Integer.parseInt(value);
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new StackException(
          "options",
          "--" + key + " must be a port number from 1 to 65535, not '" + value + "'",
          null);
    }
  }

  /** The Kafka client properties of {@code --command-config}, as Kafka's tools read them. */
  private static Map<String, String> commandConfig(Map<String, String> options) {
    String file = options.get("command-config");
    if (file == null) {
      return Map.of();
    }
    java.util.Properties p = new java.util.Properties();
    try (java.io.Reader in = java.nio.file.Files.newBufferedReader(Path.of(file))) {
      p.load(in);
    } catch (java.io.IOException e) {
      throw new StackException("status", "cannot read --command-config " + file + ": " + e, e);
    }
    Map<String, String> settings = new HashMap<>();
    p.stringPropertyNames().forEach(k -> settings.put(k, p.getProperty(k)));
    return settings;
  }

  private static Map<String, String> parseOptions(Deque<String> args) {
    Map<String, String> options = new HashMap<>();
    while (!args.isEmpty()) {
      String arg = args.poll();
      switch (arg) {
        case "--keep-running" -> options.put("keep-running", "true");
        case "--work-dir",
            "--kafka-port",
            "--connect-port",
            "--mysql-port",
            "--s3-port",
            "--postgres-port",
            "--redshift-port",
            "--trino-port",
            "--athena-port",
            "--connect-url",
            "--bootstrap-servers",
            "--command-config" -> {
          if (args.isEmpty()) {
            throw new IllegalArgumentException(arg + " needs a value");
          }
          options.put(arg.substring(2), args.poll());
        }
        default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
      }
    }
    return options;
  }
}
