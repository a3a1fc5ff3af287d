package io.tidemark.configs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A connector config as users POST it to the Connect REST API ({@code {"name", "config"}}), with
 * {@code ${NAME}} or {@code ${NAME:-default}} placeholders filled from an env file, the environment
 * or the local stack.
 *
 * <p>Only upper-case names are placeholders; Connect's own config-provider references such as
 * {@code ${file:/path:key}} are left for the worker to resolve, so secrets stay out of configs.
 */
public record ConnectorConfig(String source, String name, Map<String, String> config) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::-([^}]*))?}");

  public ConnectorConfig {
    config = Map.copyOf(config);
  }

  /** Loads a shipped config, e.g. {@code local/debezium-mysql.json}. */
  public static ConnectorConfig load(String path) {
    String resource = "tidemark-configs/" + path;
    try (InputStream in = ConnectorConfig.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no shipped connector config " + path);
      }
      return parse(path, JSON.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read connector config " + path, e);
    }
  }

  /** Reads a connector config file, e.g. one a user copied and edited. */
  public static ConnectorConfig read(java.nio.file.Path file) {
    try {
      return parse(file.toString(), JSON.readTree(file.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read connector config " + file, e);
    }
  }

  static ConnectorConfig parse(String source, JsonNode document) {
    JsonNode name = document.get("name");
    JsonNode config = document.get("config");
    if (name == null || !name.isTextual() || config == null || !config.isObject()) {
      throw new IllegalArgumentException(
          source + ": expected {\"name\": \"...\", \"config\": {...}}");
    }
    Map<String, String> values = new LinkedHashMap<>();
    config
        .fields()
        .forEachRemaining(
            field -> {
              if (!field.getValue().isValueNode()) {
                throw new IllegalArgumentException(
                    source + ": value of " + field.getKey() + " must be a string");
              }
              values.put(field.getKey(), field.getValue().asText());
            });
    return new ConnectorConfig(source, name.asText(), values);
  }

  /**
   * Fills every placeholder. A placeholder with no value and no default fails, naming the config
   * file, the key and the placeholder.
   */
  public ConnectorConfig render(Function<String, String> values) {
    Map<String, String> rendered = new LinkedHashMap<>();
    TreeSet<String> missing = new TreeSet<>();
    config.forEach((key, value) -> rendered.put(key, fill(value, values, key, missing)));
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          source
              + ": no value for "
              + String.join(", ", missing)
              + "; set it in the env file or the environment");
    }
    return new ConnectorConfig(source, fill(name, values, "name", missing), rendered);
  }

  public ConnectorConfig render(Map<String, String> values) {
    return render(values::get);
  }

  /** A copy with some keys set or replaced, e.g. a test's own topic prefix. */
  public ConnectorConfig with(Map<String, String> overrides) {
    Map<String, String> merged = new LinkedHashMap<>(config);
    merged.putAll(overrides);
    return new ConnectorConfig(source, name, merged);
  }

  public ConnectorConfig named(String newName) {
    return new ConnectorConfig(source, newName, config);
  }

  private static String fill(
      String value, Function<String, String> values, String key, TreeSet<String> missing) {
    Matcher matcher = PLACEHOLDER.matcher(value);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String replacement = values.apply(matcher.group(1));
      if (replacement == null) {
        replacement = matcher.group(2);
      }
      if (replacement == null) {
        missing.add("${" + matcher.group(1) + "} (in " + key + ")");
        replacement = matcher.group();
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
