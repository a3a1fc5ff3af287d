package io.tidemark.stack.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * ARCHITECTURE.md names, for every guarantee, the class that keeps it and the test that proves it,
 * and lists the modules: each must exist, so the document cannot silently drift from the code.
 */
class ArchitectureDocTest {

  private static final Path ROOT = Path.of("..");
  private static final Pattern NAME = Pattern.compile("`([A-Z][A-Za-z0-9]+)`");

  @Test
  void everyClassAndTestTheGuaranteesTableNamesExists() throws IOException {
    Set<String> sources = javaSources();
    List<String> missing = new ArrayList<>();
    List<String> named = new ArrayList<>();
    for (String row : section("## Guarantees")) {
      if (!row.startsWith("|") || row.startsWith("|---") || row.startsWith("| promise")) {
        continue;
      }
      String[] cells = row.split("\\|");
      assertThat(cells).as("row %s has a class and a test column", row).hasSizeGreaterThan(3);
      List<String> classes = names(cells[2]);
      List<String> tests = names(cells[3]);
      assertThat(classes).as("a class that keeps: %s", row).isNotEmpty();
      assertThat(tests).as("a test that proves: %s", row).isNotEmpty();
      assertThat(tests)
          .as("proved by tests: %s", row)
          .allMatch(t -> t.endsWith("Test") || t.endsWith("IT"));
      for (String name : concat(classes, tests)) {
        named.add(name);
        if (!sources.contains(name)) {
          missing.add(name);
        }
      }
    }
    assertThat(named).hasSizeGreaterThan(20);
    assertThat(missing).as("named in ARCHITECTURE.md but no such Java file").isEmpty();
  }

  @Test
  void everyModuleTheModulesTableNamesIsAModuleOfTheBuild() throws IOException {
    String pom = Files.readString(ROOT.resolve("pom.xml"), StandardCharsets.UTF_8);
    List<String> modules = new ArrayList<>();
    for (String row : section("## Modules")) {
      Matcher m = Pattern.compile("^\\| `([a-z0-9-]+)` \\|").matcher(row);
      if (m.find()) {
        modules.add(m.group(1));
      }
    }
    assertThat(modules).contains("stack", "aws-standins", "test-kit", "cli", "connector-s3-sink");
    for (String module : modules) {
      assertThat(pom).as("module %s in the root pom", module).contains("<module>" + module + "<");
    }
  }

  private static List<String> section(String heading) throws IOException {
    String doc = Files.readString(ROOT.resolve("ARCHITECTURE.md"), StandardCharsets.UTF_8);
    int start = doc.indexOf("\n" + heading);
    assertThat(start).as("ARCHITECTURE.md section %s", heading).isNotNegative();
    int end = doc.indexOf("\n## ", start + 1);
    return List.of(doc.substring(start, end < 0 ? doc.length() : end).split("\n"));
  }

  private static List<String> names(String cell) {
    List<String> out = new ArrayList<>();
    Matcher m = NAME.matcher(cell);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  /** The simple names of every Java file under a module's src/ folder. */
  private static Set<String> javaSources() throws IOException {
    try (Stream<Path> files = Files.walk(ROOT)) {
      return files
          .filter(p -> p.toString().endsWith(".java"))
          .filter(p -> p.toString().contains("/src/"))
          .filter(p -> !p.toString().contains("/target/"))
          .map(p -> p.getFileName().toString().replace(".java", ""))
          .collect(Collectors.toSet());
    }
  }
}
