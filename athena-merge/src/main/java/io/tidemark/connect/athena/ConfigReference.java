package io.tidemark.connect.athena;

import io.tidemark.common.config.ConfigMarkdown;
import java.util.Map;

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
        .append("`./mvnw -o test -Dtidemark.docs.regenerate=true` (every generated file).\n\n")
        .append(
            "Each name `n` in `tables` adds the keys `table.n.*`; they are listed below for a table named `")
        .append(PLACEHOLDER)
        .append("`.\n");
    return b.append(
            ConfigMarkdown.byGroup(
                AthenaMergeConfig.configDef(Map.of(AthenaMergeConfig.TABLES, PLACEHOLDER))))
        .toString();
  }
}
