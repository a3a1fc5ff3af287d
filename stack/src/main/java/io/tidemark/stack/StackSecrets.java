package io.tidemark.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Passwords and keys of one stack run: random, so a test can look for them in logs, and kept in a
 * properties file that Connect's FileConfigProvider reads ({@code ${file:<path>:mysql.password}}),
 * so connector configs never hold them.
 */
public final class StackSecrets {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Path file;
  private final Map<String, String> values = new TreeMap<>();

  StackSecrets(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  /** The secret under {@code key}, made on first use. */
  public synchronized String get(String key) {
    String value = values.computeIfAbsent(key, k -> randomToken());
    write();
    return value;
  }

  /** Every secret, e.g. for a test that proves none leaks into logs. */
  public synchronized Map<String, String> all() {
    return Map.copyOf(values);
  }

  private void write() {
    Properties properties = new Properties();
    properties.putAll(values);
    try {
      Files.createDirectories(file.getParent());
      if (!Files.exists(file)) {
        Files.createFile(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      }
      try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        properties.store(out, "secrets of this Tidemark stack run");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String randomToken() {
    String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    StringBuilder token = new StringBuilder("tm");
    for (int i = 0; i < 22; i++) {
      token.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return token.toString();
  }
}
