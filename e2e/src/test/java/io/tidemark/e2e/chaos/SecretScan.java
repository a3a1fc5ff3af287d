package io.tidemark.e2e.chaos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Looks for configured secret values in text the suite collected (logs, task traces, validate
 * answers, exception messages). A finding names the secret and where it was, never the value.
 * Kafka-free.
 */
final class SecretScan {
  /** Shorter values would match by chance; every configured secret is longer. */
  static final int MIN_LENGTH = 8;

  private final Map<String, String> secrets;
  private final List<String> findings = new ArrayList<>();
  private int sources;
  private long bytes;

  /** {@code secrets}: a name for the report -> the value to look for. */
  SecretScan(Map<String, String> secrets) {
    secrets.forEach(
        (name, value) -> {
          if (value == null || value.length() < MIN_LENGTH) {
            throw new IllegalArgumentException(
                "secret "
                    + name
                    + " is shorter than "
                    + MIN_LENGTH
                    + " characters; cannot scan for it");
          }
        });
    this.secrets = new LinkedHashMap<>(secrets);
  }

  /** Scans one text; {@code source} says where it came from (a file, a connector's status, ...). */
  void scan(String source, String text) {
    sources++;
    bytes += text.length();
    secrets.forEach(
        (name, value) -> {
          int at = text.indexOf(value);
          if (at >= 0) {
            int line = 1 + (int) text.substring(0, at).chars().filter(c -> c == '\n').count();
            findings.add(name + " in " + source + " (line " + line + ")");
          }
        });
  }

  List<String> findings() {
    return List.copyOf(findings);
  }

  int sources() {
    return sources;
  }

  long bytes() {
    return bytes;
  }

  List<String> names() {
    return List.copyOf(secrets.keySet());
  }
}
