package io.tidemark.stack.cli;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a sink connector consumes, from its config as Connect reads it: the topics of {@code topics}
 * or those matching {@code topics.regex}, and its consumer group ({@code connect-<name>} unless
 * {@code consumer.override.group.id} says otherwise).
 */
final class SinkTopics {
  private SinkTopics() {}

  /** The sink's topics among {@code existing} (internal topics never match a regex). */
  static List<String> of(Map<String, String> config, Collection<String> existing) {
    String regex = config.getOrDefault("topics.regex", "").trim();
    if (!regex.isEmpty()) {
      Pattern p = Pattern.compile(regex);
      return existing.stream()
          .filter(t -> !t.startsWith("__") && p.matcher(t).matches())
          .sorted()
          .toList();
    }
    return Arrays.stream(config.getOrDefault("topics", "").split(","))
        .map(String::trim)
        .filter(t -> !t.isEmpty())
        .toList();
  }

  static String group(String connector, Map<String, String> config) {
    String override = config.getOrDefault("consumer.override.group.id", "").trim();
    return override.isEmpty() ? "connect-" + connector : override;
  }
}
