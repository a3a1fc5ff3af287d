package io.tidemark.common.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

/**
 * Renders a {@link ConfigDef} as the Markdown tables of a plugin's configuration reference, one
 * rendering for every plugin: the docs are generated from the code, never written twice.
 */
public final class ConfigMarkdown {
  private static final String HEADER =
      "| Key | Type | Default | Valid values | Importance | Description |\n"
          + "|---|---|---|---|---|---|\n";

  private ConfigMarkdown() {}

  /** One {@code ## group} section per group, keys in their order within it. */
  public static String byGroup(ConfigDef def) {
    return byGroup(def, Map.of());
  }

  /**
   * As {@link #byGroup(ConfigDef)}, with the default shown for some keys replaced (a default
   * computed on the machine, such as a temp directory, is documented by its meaning).
   */
  public static String byGroup(ConfigDef def, Map<String, String> shownDefaults) {
    StringBuilder b = new StringBuilder();
    for (String group : def.groups()) {
      List<ConfigDef.ConfigKey> keys = new ArrayList<>();
      for (ConfigDef.ConfigKey k : def.configKeys().values()) {
        if (group.equals(k.group)) {
          keys.add(k);
        }
      }
      keys.sort(Comparator.comparingInt(k -> k.orderInGroup));
      b.append("\n## ").append(group).append("\n\n").append(table(keys, shownDefaults));
    }
    return b.toString();
  }

  /** A table of the keys, in the order given. */
  public static String table(Collection<ConfigDef.ConfigKey> keys) {
    return table(keys, Map.of());
  }

  private static String table(
      Collection<ConfigDef.ConfigKey> keys, Map<String, String> shownDefaults) {
    StringBuilder b = new StringBuilder(HEADER);
    for (ConfigDef.ConfigKey k : keys) {
      b.append("| `")
          .append(k.name)
          .append("` | ")
          .append(k.type.name().toLowerCase(Locale.ROOT))
          .append(" | ")
          .append(
              shownDefaults.containsKey(k.name)
                  ? "`" + cell(shownDefaults.get(k.name)) + "`"
                  : defaultValue(k))
          .append(" | ")
          .append(k.validator == null ? "" : cell(k.validator.toString()))
          .append(" | ")
          .append(k.importance.name().toLowerCase(Locale.ROOT))
          .append(" | ")
          .append(k.documentation == null ? "" : cell(k.documentation))
          .append(" |\n");
    }
    return b.toString();
  }

  static String defaultValue(ConfigDef.ConfigKey k) {
    if (!k.hasDefault()) {
      return "(required)";
    }
    Object d = k.defaultValue;
    if (d == null) {
      return "null";
    }
    String text =
        d instanceof Password p
            ? p.value()
            : d instanceof List<?> l
                ? String.join(",", l.stream().map(String::valueOf).toList())
                : String.valueOf(d);
    if (text.isEmpty()) {
      return "\"\"";
    }
    // A password's default is never shown, not even a harmless one.
    return k.type == ConfigDef.Type.PASSWORD ? "[hidden]" : "`" + cell(text) + "`";
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }
}
