package io.tidemark.connect.redshift;

import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The configuration reference, generated from {@link RedshiftSinkConfig#CONFIG_DEF}: {@code
 * docs/configuration.md}.
 */
public final class ConfigDocs {

  private ConfigDocs() {}

  public static String markdown() {
    StringBuilder b =
        new StringBuilder(
            "# Redshift sink: configuration\n\n"
                + "Generated from `RedshiftSinkConfig.CONFIG_DEF`; `ConfigDocsTest` fails when this file and the code differ.\n");
    List<String> groups = RedshiftSinkConfig.CONFIG_DEF.groups();
    for (String group : groups) {
      b.append("\n## ")
          .append(group)
          .append(
              "\n\n| Key | Type | Default | Valid values | Importance | Description |\n"
                  + "|---|---|---|---|---|---|\n");
      RedshiftSinkConfig.CONFIG_DEF.configKeys().values().stream()
          .filter(k -> group.equals(k.group))
          .sorted(Comparator.comparingInt(k -> k.orderInGroup))
          .forEach(
              k ->
                  b.append("| `")
                      .append(k.name)
                      .append("` | ")
                      .append(k.type.name().toLowerCase(java.util.Locale.ROOT))
                      .append(" | ")
                      .append(defaultValue(k))
                      .append(" | ")
                      .append(k.validator == null ? "" : cell(k.validator.toString()))
                      .append(" | ")
                      .append(k.importance.name().toLowerCase(java.util.Locale.ROOT))
                      .append(" | ")
                      .append(cell(k.documentation))
                      .append(" |\n"));
    }
    return b.toString();
  }

  private static String defaultValue(ConfigDef.ConfigKey k) {
    if (!k.hasDefault()) {
      return "(required)";
    }
    Object v =
        k.defaultValue instanceof org.apache.kafka.common.config.types.Password p
            ? p.value()
            : k.defaultValue;
    String text =
        v instanceof List<?> l
            ? String.join(",", l.stream().map(String::valueOf).toList())
            : String.valueOf(v);
    return text.isEmpty() ? "\"\"" : "`" + cell(text) + "`";
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }
}
