package io.tidemark.configs;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shipped worker properties ({@code local/worker.properties}, {@code msk/worker.properties}), with
 * the same {@code ${NAME}} / {@code ${NAME:-default}} placeholders as connector configs; lower-case
 * config-provider references are left for the worker.
 */
public final class WorkerProperties {
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::-([^}]*))?}");

  private WorkerProperties() {}

  /**
   * Loads a shipped file and fills its placeholders; a missing value fails naming the file and the
   * keys.
   */
  public static Map<String, String> load(String path, Map<String, String> values) {
    String resource = "tidemark-configs/" + path;
    try (InputStream in = WorkerProperties.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no shipped worker properties " + path);
      }
      Properties raw = new Properties();
      raw.load(new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      Map<String, String> rendered = new LinkedHashMap<>();
      TreeSet<String> missing = new TreeSet<>();
      for (String key : new TreeSet<>(raw.stringPropertyNames())) {
        Matcher matcher = PLACEHOLDER.matcher(raw.getProperty(key));
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
          String value = values.getOrDefault(matcher.group(1), matcher.group(2));
          if (value == null) {
            missing.add("${" + matcher.group(1) + "} (in " + key + ")");
            value = matcher.group();
          }
          matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        rendered.put(key, out.toString());
      }
      if (!missing.isEmpty()) {
        throw new IllegalArgumentException(path + ": no value for " + String.join(", ", missing));
      }
      return rendered;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read worker properties " + path, e);
    }
  }
}
