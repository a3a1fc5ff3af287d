package io.tidemark.stack.component;

import io.tidemark.stack.StackContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jars a Kafka broker and a Connect worker of one Kafka version run on, resolved from Maven
 * Central (there is no Kafka distribution to download here), and their logging setup.
 */
public final class KafkaRuntime {
  public static final String DEFAULT_VERSION = "4.3.1";
  private static final String LOG4J_VERSION = "2.24.3";
  private static final String SLF4J_1_VERSION = "1.7.36";
  private static final ConcurrentHashMap<String, List<Path>> CLASSPATHS = new ConcurrentHashMap<>();

  private KafkaRuntime() {}

  /** Broker, Connect runtime with its JSON converter and transforms, and a log4j2 backend. */
  public static List<Path> classpath(StackContext context, String version) {
    return CLASSPATHS.computeIfAbsent(
        version,
        v ->
            context
                .artifacts()
                .classpath(
                    List.of(
                        "org.apache.kafka:kafka_2.13:" + v,
                        "org.apache.kafka:connect-runtime:" + v,
                        "org.apache.kafka:connect-json:" + v,
                        "org.apache.kafka:connect-transforms:" + v,
                        "org.apache.logging.log4j:log4j-core:" + LOG4J_VERSION,
                        "org.apache.logging.log4j:log4j-slf4j-impl:" + LOG4J_VERSION)));
  }

  /**
   * What a Connect worker of {@code version} runs on. Kafka 4 workers get the same jars as the
   * broker. Kafka 3 workers (what Amazon MSK Connect runs) log through slf4j 1.7 and reload4j
   * (log4j 1.x), as the Kafka 3 distribution does; the broker's jars are not needed there.
   */
  public static List<Path> connectClasspath(StackContext context, String version) {
    if (!isKafka3(version)) {
      return classpath(context, version);
    }
    return CLASSPATHS.computeIfAbsent(
        "connect-" + version,
        v ->
            context
                .artifacts()
                .classpath(
                    List.of(
                        "org.apache.kafka:connect-runtime:" + version,
                        "org.apache.kafka:connect-json:" + version,
                        "org.apache.kafka:connect-transforms:" + version,
                        "org.slf4j:slf4j-reload4j:" + SLF4J_1_VERSION)));
  }

  /** The JVM option that points the worker's logging backend at a config writing to stdout. */
  public static String loggingOption(Path dir, String version) {
    if (isKafka3(version)) {
      return "-Dlog4j.configuration=" + log4j1Config(dir).toUri();
    }
    return "-Dlog4j2.configurationFile=" + log4jConfig(dir);
  }

  static boolean isKafka3(String version) {
    return version.startsWith("3.");
  }

  /** reload4j (log4j 1.x) properties for Kafka 3 workers: stdout, the same levels as below. */
  static Path log4j1Config(Path dir) {
    return write(
        dir.resolve("log4j.properties"),
        String.join(
            "\n",
            "log4j.rootLogger=INFO, stdout",
            "log4j.appender.stdout=org.apache.log4j.ConsoleAppender",
            "log4j.appender.stdout.layout=org.apache.log4j.PatternLayout",
            "log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n",
            "log4j.logger.org.apache.kafka.clients=WARN",
            "log4j.logger.org.reflections=ERROR",
            ""));
  }

  /** A log4j2 configuration that writes to stdout (which the stack sends to a log file). */
  public static Path log4jConfig(Path dir) {
    Path file = dir.resolve("log4j2.properties");
    String config =
        String.join(
            "\n",
            "status = warn",
            "appender.out.type = Console",
            "appender.out.name = OUT",
            "appender.out.layout.type = PatternLayout",
            "appender.out.layout.pattern = [%d] %p %m (%c)%n",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.out.ref = OUT",
            "logger.clients.name = org.apache.kafka.clients",
            "logger.clients.level = WARN",
            "logger.reflections.name = org.reflections",
            "logger.reflections.level = ERROR",
            "");
    return write(file, config);
  }

  private static Path write(Path file, String content) {
    try {
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}
