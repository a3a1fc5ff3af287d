package io.tidemark.connect.athena;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

/** Generates docs/configuration.md from the ConfigDef, so the docs are never written twice. */
public final class ConfigReference {

  /** The placeholder table name used to document {@code table.<table>.*}. */
  static final String PLACEHOLDER = "table1";

  private ConfigReference() {}

  public static String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("# Athena MERGE companion: configuration reference\n\n")
        .append(
            "Generated from `AthenaMergeConfig` by `ConfigReference`; do not edit by hand. Regenerate with\n")
        .append(
            "`./mvnw -o -pl athena-merge -am test -Dtest=ConfigReferenceTest -Dtidemark.docs.regenerate=true -Dsurefire.failIfNoSpecifiedTests=false`.\n\n")
        .append(
            "Each name `n` in `tables` adds the keys `table.n.*`; they are listed below for a table named `")
        .append(PLACEHOLDER)
        .append("`.\n");
    ConfigDef def = AthenaMergeConfig.configDef(Map.of(AthenaMergeConfig.TABLES, PLACEHOLDER));
    String group = null;
    for (ConfigDef.ConfigKey key : def.configKeys().values()) {
      if (!key.group.equals(group)) {
        group = key.group;
        b.append("\n## ")
            .append(group)
            .append("\n\n")
            .append("| key | type | default | valid values | importance | description |\n")
            .append("| --- | --- | --- | --- | --- | --- |\n");
      }
      b.append("| `")
          .append(key.name)
          .append("` | ")
          .append(key.type.name().toLowerCase(java.util.Locale.ROOT))
          .append(" | ")
          .append(defaultOf(key))
          .append(" | ")
          .append(key.validator == null ? "" : cell(key.validator.toString()))
          .append(" | ")
          .append(key.importance.name().toLowerCase(java.util.Locale.ROOT))
          .append(" | ")
          .append(cell(key.documentation))
          .append(" |\n");
    }
    return b.toString();
  }

  private static String defaultOf(ConfigDef.ConfigKey key) {
    if (!key.hasDefault()) {
      return "(required)";
    }
    Object v = key.defaultValue;
    if (v == null || v instanceof Password) {
      return "";
    }
    String text =
        v instanceof List<?> list
            ? String.join(",", list.stream().map(String::valueOf).toList())
            : v.toString();
    return text.isEmpty() ? "\"\"" : "`" + text + "`";
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
