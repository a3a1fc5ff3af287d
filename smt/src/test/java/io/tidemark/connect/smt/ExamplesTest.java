package io.tidemark.connect.smt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.Configurable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every snippet in connect-configs/snippets/smt (shipped in the archive's etc/) configures the
 * plugins it names without errors.
 */
class ExamplesTest {

  static Stream<Path> examples() throws IOException {
    String base = System.getProperty("tidemark.smt.basedir", System.getProperty("user.dir"));
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s =
        Files.list(
            Path.of(base).resolveSibling("connect-configs").resolve("snippets").resolve("smt"))) {
      s.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(8);
    return files.stream();
  }

  private static Map<String, String> read(Path file) throws IOException {
    Map<String, String> m = new LinkedHashMap<>();
    try (JsonParser p = new JsonFactory().createParser(file.toFile())) {
      assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        assertThat(p.nextToken()).as(name).isEqualTo(JsonToken.VALUE_STRING);
        m.put(name, p.getText());
      }
    }
    return m;
  }

  @ParameterizedTest
  @MethodSource("examples")
  void snippetConfiguresItsPlugins(Path file) throws Exception {
    Map<String, String> config = read(file);
    int configured = 0;
    for (String prefix : List.of("transforms", "predicates")) {
      String aliases = config.get(prefix);
      if (aliases == null) {
        continue;
      }
      for (String alias : aliases.split(",")) {
        String type = config.get(prefix + "." + alias + ".type");
        assertThat(type).as(file + ": " + alias).isNotNull();
        if (!type.startsWith("io.tidemark.")) {
          continue;
        }
        Map<String, String> props = new HashMap<>();
        String p = prefix + "." + alias + ".";
        config.forEach(
            (k, v) -> {
              if (k.startsWith(p) && !k.equals(p + "type")) {
                props.put(k.substring(p.length()), v);
              }
            });
        Object plugin = Class.forName(type).getDeclaredConstructor().newInstance();
        ((Configurable) plugin).configure(props);
        configured++;
      }
    }
    assertThat(configured).as(file.toString()).isPositive();
  }
}
