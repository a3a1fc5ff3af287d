package io.tidemark.connect.s3;

import io.tidemark.common.config.ConfigMarkdown;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The markdown configuration reference ({@code docs/configuration.md}), generated from {@link
 * S3SinkConfig#CONFIG_DEF} so the docs are never written twice; a unit test fails when it is stale.
 */
public final class ConfigReference {

  private ConfigReference() {}

  public static String markdown(ConfigDef def) {
    return "# S3 sink connector configuration\n\n"
        + "Generated from `S3SinkConfig` by `ConfigReference`; do not edit by hand.\n"
        + ConfigMarkdown.byGroup(def, Map.of(S3SinkConfig.BUFFER_SPILL_DIR, "java.io.tmpdir"));
  }
}
