package io.tidemark.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

class ConfigMarkdownTest {

  private static ConfigDef def() {
    return new ConfigDef()
        .define(
            "b.second",
            Type.INT,
            5,
            ConfigDef.Range.atLeast(1),
            Importance.LOW,
            "Second | of A.",
            "A",
            2,
            Width.SHORT,
            "b")
        .define(
            "a.first",
            Type.STRING,
            ConfigDef.NO_DEFAULT_VALUE,
            Importance.HIGH,
            "First\nof A.",
            "A",
            1,
            Width.SHORT,
            "a")
        .define(
            "c.secret",
            Type.PASSWORD,
            new Password("s3cr3t"),
            Importance.MEDIUM,
            "Secret.",
            "B",
            1,
            Width.SHORT,
            "c")
        .define(
            "c.empty.secret",
            Type.PASSWORD,
            "",
            Importance.LOW,
            "No secret.",
            "B",
            4,
            Width.SHORT,
            "c")
        .define(
            "d.list",
            Type.LIST,
            List.of("x", "y"),
            Importance.LOW,
            "List.",
            "B",
            2,
            Width.SHORT,
            "d")
        .define(
            "e.dir",
            Type.STRING,
            "/tmp/machine-specific",
            Importance.LOW,
            "Dir.",
            "B",
            3,
            Width.SHORT,
            "e");
  }

  @Test
  void groupsInDefinitionOrderKeysInOrderWithinThem() {
    String md = ConfigMarkdown.byGroup(def(), Map.of("e.dir", "java.io.tmpdir"));
    assertThat(md.indexOf("## A")).isLessThan(md.indexOf("## B"));
    assertThat(md.indexOf("`a.first`")).isLessThan(md.indexOf("`b.second`"));
    assertThat(md)
        .contains("| `a.first` | string | (required) |  | high | First of A. |")
        .contains("| `b.second` | int | `5` | [1,...] | low | Second \\| of A. |")
        .contains("| `d.list` | list | `x,y` |")
        .contains("| `e.dir` | string | `java.io.tmpdir` |");
  }

  @Test
  void aPasswordDefaultIsNeverShown() {
    String md = ConfigMarkdown.byGroup(def());
    assertThat(md)
        .contains("| `c.secret` | password | [hidden] |")
        .contains("| `c.empty.secret` | password | \"\" |")
        .doesNotContain("s3cr3t");
  }
}
