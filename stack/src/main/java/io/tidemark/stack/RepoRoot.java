package io.tidemark.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the Tidemark checkout: {@code -Dtidemark.home}, else the nearest parent with ./tidemark.
 */
public final class RepoRoot {
  private RepoRoot() {}

  public static Optional<Path> find() {
    String home = System.getProperty("tidemark.home");
    if (home != null && !home.isBlank() && isRoot(Path.of(home))) {
      return Optional.of(Path.of(home).toAbsolutePath().normalize());
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (isRoot(dir)) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }

  private static boolean isRoot(Path dir) {
    return Files.isRegularFile(dir.resolve("tidemark"))
        && Files.isRegularFile(dir.resolve("pom.xml"));
  }
}
