package io.tidemark.stack.component;

import io.tidemark.stack.StackException;
import io.tidemark.stack.process.Jdks;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What Amazon MSK Connect runs our plugins on: a Kafka Connect 3.7 worker on Java 17. A
 * compatibility test has to run exactly that, so the JDK must be a 17, not merely 17 or newer.
 */
public final class MskConnectRuntime {
  public static final String KAFKA_VERSION = "3.7.2";
  public static final int JAVA_FEATURE = 17;

  /** Names a JDK 17 home when it is not in the usual places. */
  public static final String JAVA_HOME_VARIABLE = "TIDEMARK_JAVA17_HOME";

  private MskConnectRuntime() {}

  /** A Connect 3.7.2 worker on a JDK 17, with the given port (0: any free one). */
  public static ConnectWorker worker(int port) {
    return new ConnectWorker(port, KAFKA_VERSION).onJdk(javaHome());
  }

  /**
   * {@code TIDEMARK_JAVA17_HOME}, else this JVM when it is a 17, else a JDK 17 under /usr/lib/jvm
   * or /opt; fails saying what to install when there is none.
   */
  public static Path javaHome() {
    return javaHome(
        System.getenv(JAVA_HOME_VARIABLE),
        Path.of(System.getProperty("java.home")),
        Jdks.JVM_FOLDERS);
  }

  static Path javaHome(String configured, Path running, List<Path> jvmFolders) {
    if (configured != null && !configured.isBlank()) {
      Path home = Path.of(configured);
      if (feature(home).orElse(0) != JAVA_FEATURE) {
        throw new StackException(
            "connect", JAVA_HOME_VARIABLE + "=" + configured + " is not a JDK 17 home", null);
      }
      return home;
    }
    if (feature(running).orElse(0) == JAVA_FEATURE) {
      return running;
    }
    return Jdks.installed(jvmFolders)
        .filter(home -> feature(home).orElse(0) == JAVA_FEATURE)
        .min(Comparator.comparing(Path::toString))
        .orElseThrow(
            () ->
                new StackException(
                    "connect",
                    "the Amazon MSK Connect runtime test needs a JDK 17 (MSK Connect runs Connect 3.7 on Java 17) and none was found"
                        + " in "
                        + jvmFolders
                        + ": install one (Debian: apt-get install openjdk-17-jdk-headless)"
                        + " or set "
                        + JAVA_HOME_VARIABLE,
                    null));
  }

  static Optional<Integer> feature(Path home) {
    return Jdks.feature(home);
  }
}
