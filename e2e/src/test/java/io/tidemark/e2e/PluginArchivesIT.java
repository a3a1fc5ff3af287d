package io.tidemark.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.stack.LocalStack;
import io.tidemark.stack.component.PluginArchives;
import io.tidemark.stack.junit.LocalStackExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every plugin archive this repository builds loads into a real Connect worker that only
 * service-loads plugins, and offers every connector, transform and predicate it declares.
 */
@ExtendWith(LocalStackExtension.class)
class PluginArchivesIT {
  private static final List<String> PLUGIN_MODULES =
      List.of("athena-merge", "connector-redshift-sink", "connector-s3-sink", "smt");
  private static final Set<String> SERVICE_TYPES = Set.of(
      "org.apache.kafka.connect.sink.SinkConnector",
      "org.apache.kafka.connect.source.SourceConnector",
      "org.apache.kafka.connect.transforms.Transformation",
      "org.apache.kafka.connect.transforms.predicates.Predicate");

  @Test
  void everyArchiveIsOnThePluginPathAndOffersWhatItDeclares(LocalStack stack) throws IOException {
    List<Path> archives = PluginArchives.find(stack.repoRoot());
    assertThat(archives.stream().map(a -> a.getParent().getParent().getFileName().toString()))
        .as("a plugin archive for every plugin module").containsExactlyInAnyOrderElementsOf(PLUGIN_MODULES);

    Set<String> declared = new TreeSet<>();
    for (Path archive : archives) {
      String name = archive.getFileName().toString().replace(".zip", "");
      assertThat(stack.connect().loadedPlugins()).contains(name);
      declared.addAll(declaredPlugins(archive));
    }
    List<String> offered = stack.connect().rest().pluginClasses(false);
    assertThat(offered).containsAll(declared);
  }

  @Test
  void archivesBundleNeitherTheConnectApiNorKafkaClients() throws IOException {
    for (Path archive : PluginArchives.find(io.tidemark.stack.RepoRoot.find())) {
      assertThat(libraryJars(archive))
          .as("jars in %s", archive.getFileName())
          .noneMatch(jar -> jar.startsWith("connect-api-") || jar.startsWith("kafka-clients-")
              || jar.startsWith("connect-runtime-") || jar.startsWith("slf4j-api-"));
    }
  }

  /** Class names in the archive's META-INF/services files for Connect's plugin types. */
  private static Set<String> declaredPlugins(Path archive) throws IOException {
    Set<String> classes = new TreeSet<>();
    try (ZipInputStream zip = new ZipInputStream(java.nio.file.Files.newInputStream(archive))) {
      for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
        // Only our own jars: a bundled third-party jar may declare plugins we do not offer.
        if (entry.getName().matches(".*/lib/(smt|connector-s3-sink|connector-redshift-sink|athena-merge|common)-[0-9].*\\.jar")) {
          classes.addAll(servicesIn(zip));
        }
      }
    }
    return classes;
  }

  private static Set<String> servicesIn(InputStream jarBytes) throws IOException {
    Set<String> classes = new TreeSet<>();
    ZipInputStream jar = new ZipInputStream(jarBytes);
    for (ZipEntry entry; (entry = jar.getNextEntry()) != null; ) {
      String name = entry.getName();
      if (name.startsWith("META-INF/services/") && SERVICE_TYPES.contains(name.substring("META-INF/services/".length()))) {
        BufferedReader lines = new BufferedReader(new InputStreamReader(jar, StandardCharsets.UTF_8));
        for (String line; (line = lines.readLine()) != null; ) {
          String className = line.replaceAll("#.*", "").trim();
          if (!className.isEmpty()) {
            classes.add(className);
          }
        }
      }
    }
    return classes;
  }

  private static List<String> libraryJars(Path archive) throws IOException {
    List<String> jars = new ArrayList<>();
    try (ZipInputStream zip = new ZipInputStream(java.nio.file.Files.newInputStream(archive))) {
      for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
        if (entry.getName().contains("/lib/") && entry.getName().endsWith(".jar")) {
          jars.add(entry.getName().substring(entry.getName().lastIndexOf('/') + 1));
        }
      }
    }
    return jars;
  }
}
