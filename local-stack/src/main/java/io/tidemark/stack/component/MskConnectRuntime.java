package io.tidemark.stack.component;

import io.tidemark.stack.StackException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What Amazon MSK Connect runs our plugins on: a Kafka Connect 3.7 worker on Java 17. A
 * compatibility test has to run exactly that, so the JDK must be a 17, not merely 17 or newer.
 */
public final class MskConnectRuntime {
  public static final String KAFKA_VERSION = "3.7.2";
  public static final int JAVA_FEATURE = 17;
  /** Names a JDK 17 home when it is not in the usual places. */
  public static final String JAVA_HOME_VARIABLE = "TIDEMARK_JAVA17_HOME";
  private static final Pattern VERSION = Pattern.compile("JAVA_VERSION=\"(\\d+)");

  private MskConnectRuntime() {}

  /** A Connect 3.7.2 worker on a JDK 17, with the given port (0: any free one). */
  public static ConnectWorker worker(int port) {
    return new ConnectWorker(port, KAFKA_VERSION).onJdk(javaHome());
  }

  /**
   * {@code TIDEMARK_JAVA17_HOME}, else this JVM when it is a 17, else a JDK 17 under
   * /usr/lib/jvm or /opt; fails saying what to install when there is none.
   */
  public static Path javaHome() {
    return javaHome(System.getenv(JAVA_HOME_VARIABLE), Path.of(System.getProperty("java.home")),
        List.of(Path.of("/usr/lib/jvm"), Path.of("/opt")));
  }

  static Path javaHome(String configured, Path running, List<Path> jvmFolders) {
    if (configured != null && !configured.isBlank()) {
      Path home = Path.of(configured);
      if (feature(home).orElse(0) != JAVA_FEATURE) {
        throw new StackException("connect", JAVA_HOME_VARIABLE + "=" + configured + " is not a JDK 17 home", null);
      }
      return home;
    }
    if (feature(running).orElse(0) == JAVA_FEATURE) {
      return running;
    }
    return jvmFolders.stream()
        .filter(Files::isDirectory)
        .flatMap(MskConnectRuntime::children)
        .filter(home -> Files.isExecutable(home.resolve("bin/java")))
        .filter(home -> feature(home).orElse(0) == JAVA_FEATURE)
        .min(Comparator.comparing(Path::toString))
        .orElseThrow(() -> new StackException("connect",
            "the Amazon MSK Connect runtime test needs a JDK 17 (MSK Connect runs Connect 3.7 on Java 17) and none was found"
                + " in " + jvmFolders + ": install one (Debian: apt-get install openjdk-17-jdk-headless)"
                + " or set " + JAVA_HOME_VARIABLE, null));
  }

  static Optional<Integer> feature(Path home) {
    try {
      Matcher matcher = VERSION.matcher(Files.readString(home.resolve("release")));
      return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Stream<Path> children(Path dir) {
    try (Stream<Path> list = Files.list(dir)) {
      return list.toList().stream();
    } catch (IOException e) {
      return Stream.empty();
    }
  }
}
