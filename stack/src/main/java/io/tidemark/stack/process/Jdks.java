package io.tidemark.stack.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Finds an installed JDK of at least a given version, for programs that need a newer Java. */
public final class Jdks {
  private static final Pattern VERSION = Pattern.compile("JAVA_VERSION=\"(\\d+)");

  private Jdks() {}

  /**
   * {@code envVariable} when it names a JDK home, else the newest JDK of at least {@code
   * minFeature} under /usr/lib/jvm (Debian's standard JVM folder) or /opt.
   */
  public static Optional<Path> find(int minFeature, String envVariable) {
    String configured = System.getenv(envVariable);
    if (configured != null && !configured.isBlank()) {
      Path home = Path.of(configured);
      return feature(home).filter(f -> f >= minFeature).map(f -> home);
    }
    if (Runtime.version().feature() >= minFeature) {
      return Optional.of(Path.of(System.getProperty("java.home")));
    }
    return installed(JVM_FOLDERS)
        .filter(home -> feature(home).orElse(0) >= minFeature)
        .max(Comparator.comparingInt(home -> feature(home).orElse(0)));
  }

  /** Where JDKs are usually installed: /usr/lib/jvm (Debian's standard JVM folder) and /opt. */
  public static final java.util.List<Path> JVM_FOLDERS =
      java.util.List.of(Path.of("/usr/lib/jvm"), Path.of("/opt"));

  /** The JDK homes (folders with an executable bin/java) directly under {@code folders}. */
  public static Stream<Path> installed(java.util.List<Path> folders) {
    return folders.stream()
        .filter(Files::isDirectory)
        .flatMap(Jdks::children)
        .filter(home -> Files.isExecutable(home.resolve("bin/java")));
  }

  /** The major version a JDK's {@code release} file declares. */
  public static Optional<Integer> feature(Path home) {
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
