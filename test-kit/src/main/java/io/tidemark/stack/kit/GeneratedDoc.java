package io.tidemark.stack.kit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.opentest4j.AssertionFailedError;

/**
 * A committed file generated from code (configuration references, README tables): a test fails
 * while it differs from what the code generates. One switch rewrites every such file: run the unit
 * tests with {@value #REGENERATE}{@code =true} ({@code ./mvnw -o test
 * -Dtidemark.docs.regenerate=true}).
 */
public final class GeneratedDoc {
  public static final String REGENERATE = "tidemark.docs.regenerate";

  private GeneratedDoc() {}

  /** Fails unless {@code file} holds exactly {@code generated}; rewrites it first when asked to. */
  public static void assertCurrent(Path file, String generated) {
    try {
      if (regenerate()) {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, generated, StandardCharsets.UTF_8);
      }
      if (!Files.exists(file)) {
        throw new AssertionFailedError(file + " is missing: " + hint());
      }
      String committed = Files.readString(file, StandardCharsets.UTF_8);
      if (!committed.equals(generated)) {
        throw new AssertionFailedError(file + " is stale: " + hint(), generated, committed);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Fails unless the characters {@code [start, end)} of {@code file} are exactly {@code generated};
   * replaces them first when asked to. The caller finds the region (a README's table); a negative
   * {@code start} means it is missing.
   */
  public static void assertRegionCurrent(Path file, int start, int end, String generated) {
    try {
      if (start < 0) {
        throw new AssertionFailedError(file + ": the generated region is missing");
      }
      String text = Files.readString(file, StandardCharsets.UTF_8);
      if (regenerate()) {
        text = text.substring(0, start) + generated + text.substring(end);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        end = start + generated.length();
      }
      String committed = text.substring(start, end);
      if (!committed.equals(generated)) {
        throw new AssertionFailedError(
            file + ": a generated region is stale: " + hint(), generated, committed);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean regenerate() {
    return Boolean.getBoolean(REGENERATE);
  }

  private static String hint() {
    return "regenerate every generated file with ./mvnw -o test -D" + REGENERATE + "=true";
  }
}
