package io.tidemark.connect.s3;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Generates the markdown configuration reference from {@link S3SinkConfig#CONFIG_DEF}, so the docs
 * are never written twice. {@code main(path)} writes the file; a unit test fails when it is stale.
 */
public final class ConfigReference {

  private ConfigReference() {}

  public static String markdown(ConfigDef def) {
    StringBuilder sb = new StringBuilder();
    sb.append("# S3 sink connector configuration\n\n")
        .append("Generated from `S3SinkConfig` by `ConfigReference`; do not edit by hand.\n");
    List<String> groups = new ArrayList<>(def.groups());
    for (String group : groups) {
      sb.append("\n## ")
          .append(group)
          .append("\n\n")
          .append("| Key | Type | Default | Valid values | Importance | Description |\n")
          .append("| --- | --- | --- | --- | --- | --- |\n");
      List<ConfigDef.ConfigKey> keys = new ArrayList<>();
      for (ConfigDef.ConfigKey k : def.configKeys().values()) {
        if (group.equals(k.group)) {
          keys.add(k);
        }
      }
      keys.sort((a, b) -> Integer.compare(a.orderInGroup, b.orderInGroup));
      for (ConfigDef.ConfigKey k : keys) {
        sb.append("| `")
            .append(k.name)
            .append("` | ")
            .append(k.type.name().toLowerCase(java.util.Locale.ROOT))
            .append(" | ")
            .append(defaultText(k))
            .append(" | ")
            .append(k.validator == null ? "" : cell(k.validator.toString()))
            .append(" | ")
            .append(k.importance.name().toLowerCase(java.util.Locale.ROOT))
            .append(" | ")
            .append(cell(k.documentation))
            .append(" |\n");
      }
    }
    return sb.toString();
  }

  private static String defaultText(ConfigDef.ConfigKey k) {
    if (!k.hasDefault()) {
      return "(required)";
    }
    if (k.type == ConfigDef.Type.PASSWORD) {
      return "\"\"";
    }
    if (k.name.equals(S3SinkConfig.BUFFER_SPILL_DIR)) {
      return "`java.io.tmpdir`";
    }
    Object d = k.defaultValue;
    String s =
        d instanceof List
            ? String.join(",", ((List<?>) d).stream().map(String::valueOf).toList())
            : String.valueOf(d);
    return s.isEmpty() ? "\"\"" : "`" + s + "`";
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }

  public static void main(String[] args) throws IOException {
    Files.writeString(Path.of(args[0]), markdown(S3SinkConfig.CONFIG_DEF), StandardCharsets.UTF_8);
  }
}
