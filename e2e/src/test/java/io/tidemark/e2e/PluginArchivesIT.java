package io.tidemark.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.stack.LocalStack;
import io.tidemark.stack.component.PluginArchives;
import io.tidemark.stack.junit.LocalStackExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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

  @Test
  void everyArchiveIsOnThePluginPathAndOffersWhatItDeclares(LocalStack stack) throws IOException {
    List<Path> archives = PluginArchives.find(stack.repoRoot());
    assertThat(archives.stream().map(a -> a.getParent().getParent().getFileName().toString()))
        .as("a plugin archive for every plugin module")
        .containsExactlyInAnyOrderElementsOf(PLUGIN_MODULES);

    Set<String> declared = new TreeSet<>();
    for (Path archive : archives) {
      String name = archive.getFileName().toString().replace(".zip", "");
      assertThat(stack.connect().loadedPlugins()).contains(name);
      // Only our own jars: a bundled third-party jar may declare plugins we do not offer.
      declared.addAll(
          ZipServices.declared(
              archive,
              jar ->
                  jar.matches(
                      ".*/lib/(smt|connector-s3-sink|connector-redshift-sink|athena-merge|common)-[0-9].*\\.jar")));
    }
    List<String> offered = stack.connect().rest().pluginClasses(false);
    assertThat(offered).containsAll(declared);
  }

  @Test
  void archivesBundleNeitherTheConnectApiNorKafkaClients() throws IOException {
    for (Path archive : PluginArchives.find(io.tidemark.stack.RepoRoot.find())) {
      assertThat(ZipServices.libraryJars(archive))
          .as("jars in %s", archive.getFileName())
          .noneMatch(
              jar ->
                  jar.startsWith("connect-api-")
                      || jar.startsWith("kafka-clients-")
                      || jar.startsWith("connect-runtime-")
                      || jar.startsWith("slf4j-api-")
                      // The Secrets Manager config provider's SDK is for the MSK bundles only.
                      || jar.startsWith("secretsmanager-"));
    }
  }
}
