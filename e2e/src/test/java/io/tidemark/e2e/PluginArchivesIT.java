package io.tidemark.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.component.PluginArchives;
import io.tidemark.stack.junit.LocalStackExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

  private static final Map<String, String> COMPONENT_TYPE_OF_SERVICE =
      Map.of(
          "org.apache.kafka.connect.sink.SinkConnector", "sink",
          "org.apache.kafka.connect.source.SourceConnector", "source",
          "org.apache.kafka.connect.transforms.Transformation", "transform",
          "org.apache.kafka.connect.transforms.predicates.Predicate", "transform");

  private static final String OWN_JAR =
      ".*/lib/(smt|connector-s3-sink|connector-redshift-sink|athena-merge|common|msk-config-providers)-[0-9].*\\.jar";

  /** The fields Confluent Hub's component archive specification lists, filled from the POMs. */
  @Test
  void manifestsAreHubCompleteAndDeclareWhatTheArchiveOffers() throws IOException {
    ObjectMapper json = new ObjectMapper();
    for (Path archive : PluginArchives.find(io.tidemark.stack.RepoRoot.find())) {
      ArchiveContents contents = ArchiveContents.of(archive);
      JsonNode manifest =
          json.readTree(
              contents.text("manifest.json").orElseThrow(() -> missing(archive, "manifest.json")));
      String where = archive.getFileName().toString();
      for (String field :
          List.of("name", "version", "title", "description", "documentation_url", "source_url")) {
        assertThat(manifest.path(field).asText())
            .as("%s: %s", where, field)
            .isNotBlank()
            .doesNotContain("${");
      }
      assertThat(manifest.path("title").asText()).as(where).doesNotStartWith("Tidemark Tidemark");
      assertThat(manifest.path("owner").path("username").asText()).as(where).isNotBlank();
      assertThat(manifest.path("support").path("summary").asText()).as(where).isNotBlank();
      assertThat(manifest.path("tags")).as(where).isNotEmpty();
      assertThat(manifest.path("license")).as(where).isNotEmpty();

      Set<String> declaredTypes = new TreeSet<>();
      for (String service :
          ZipServices.declaredServiceTypes(archive, jar -> jar.matches(OWN_JAR))) {
        declaredTypes.add(COMPONENT_TYPE_OF_SERVICE.get(service));
      }
      Set<String> manifestTypes = new TreeSet<>();
      manifest.path("component_types").forEach(t -> manifestTypes.add(t.asText()));
      assertThat(manifestTypes).as("%s: component_types", where).isEqualTo(declaredTypes);
    }
  }

  /**
   * Plugin archives and MSK bundles alike: LICENSE, NOTICE, and every bundled third-party jar
   * listed with its licence (Debezium's own archive inside the bundle carries its own list); every
   * link in the archive's documents leads to a file inside it.
   */
  @Test
  void archivesCarryTheirLicencesAndDocumentsWithoutDeadLinks() throws IOException {
    List<Path> archives =
        new java.util.ArrayList<>(PluginArchives.find(io.tidemark.stack.RepoRoot.find()));
    archives.addAll(MskBundlesIT.bundles());
    assertThat(archives).hasSize(PLUGIN_MODULES.size() + MskBundlesIT.BUNDLES.size());
    for (Path archive : archives) {
      ArchiveContents contents = ArchiveContents.of(archive);
      String where = contents.name();
      assertThat(contents.has("doc/LICENSE")).as("%s: doc/LICENSE", where).isTrue();
      assertThat(contents.has("doc/NOTICE")).as("%s: doc/NOTICE", where).isTrue();
      assertThat(contents.has("doc/README.md")).as("%s: doc/README.md", where).isTrue();
      Set<String> listed = listedJars(contents.text("doc/licenses/THIRD-PARTY.txt").orElse(""));
      for (String jar : contents.jars()) {
        if (("/" + jar).matches(OWN_JAR) || jar.startsWith("lib/debezium-connector-mysql/")) {
          continue;
        }
        String file = jar.substring(jar.lastIndexOf('/') + 1);
        assertThat(listed)
            .as("%s: %s listed with its licence in doc/licenses/THIRD-PARTY.txt", where, file)
            .contains(file);
      }
      if (contents.has("lib/debezium-connector-mysql")) {
        assertThat(contents.has("lib/debezium-connector-mysql/LICENSE-3rd-PARTIES.txt"))
            .as(where)
            .isTrue();
      }
      assertThat(contents.brokenLocalLinks()).as("%s: links leading nowhere", where).isEmpty();
    }
  }

  /**
   * The worker's Kafka clients bring zstd-jni, lz4-java and snappy-java; Debezium's archive copies
   * of them are dead weight in the bundle (and a second native library in the worker's process).
   */
  @Test
  void theDebeziumBundleLeavesKafkasCompressionLibrariesToTheWorker() throws IOException {
    for (Path bundle : MskBundlesIT.bundles()) {
      if (bundle.getFileName().toString().contains("debezium")) {
        assertThat(ArchiveContents.of(bundle).jars())
            .noneMatch(
                j -> j.matches("lib/debezium-connector-mysql/(zstd-jni|lz4-java|snappy-java)-.*"));
      }
    }
  }

  /**
   * The jar file names THIRD-PARTY.txt accounts for: a line {@code (Apache-2.0) Avro
   * (org.apache.avro:avro:1.12.1 - https://...)} covers {@code avro-1.12.1.jar}.
   */
  private static Set<String> listedJars(String thirdParty) {
    Set<String> jars = new TreeSet<>();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\\(([^:()\\s]+):([^:()\\s]+):([^:()\\s]+) - ")
            .matcher(thirdParty);
    while (m.find()) {
      jars.add(m.group(2) + "-" + m.group(3) + ".jar");
    }
    return jars;
  }

  private static AssertionError missing(Path archive, String entry) {
    return new AssertionError(archive.getFileName() + " has no " + entry);
  }
}
