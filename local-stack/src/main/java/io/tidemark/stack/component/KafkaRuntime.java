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
    try {
      Files.writeString(file, config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}
