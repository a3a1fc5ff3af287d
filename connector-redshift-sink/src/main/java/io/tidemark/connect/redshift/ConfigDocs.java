package io.tidemark.connect.redshift;

import io.tidemark.common.config.ConfigMarkdown;

/**
 * The configuration reference, generated from {@link RedshiftSinkConfig#CONFIG_DEF}: {@code
 * docs/configuration.md}.
 */
public final class ConfigDocs {

  private ConfigDocs() {}

  public static String markdown() {
    return "# Redshift sink: configuration\n\n"
        + "Generated from `RedshiftSinkConfig.CONFIG_DEF`; `ConfigDocsTest` fails when this file and"
        + " the code differ.\n"
        + ConfigMarkdown.byGroup(RedshiftSinkConfig.CONFIG_DEF);
  }
}
