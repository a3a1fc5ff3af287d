package io.tidemark.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** What a plugin ZIP holds: its library jars and the plugins their META-INF/services declare. */
final class ZipServices {
  static final Set<String> SERVICE_TYPES =
      Set.of(
          "org.apache.kafka.connect.sink.SinkConnector",
          "org.apache.kafka.connect.source.SourceConnector",
          "org.apache.kafka.connect.transforms.Transformation",
          "org.apache.kafka.connect.transforms.predicates.Predicate");

  private ZipServices() {}

  /** Class names in the services files of the jars (by entry name) that {@code jars} accepts. */
  static Set<String> declared(Path zipFile, Predicate<String> jars) throws IOException {
    Set<String> classes = new TreeSet<>();
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(zipFile))) {
      for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
        if (entry.getName().endsWith(".jar") && jars.test(entry.getName())) {
          classes.addAll(servicesIn(zip));
        }
      }
    }
    return classes;
  }

  /**
   * The plugin service types (of {@link #SERVICE_TYPES}) the accepted jars declare any class of.
   */
  static Set<String> declaredServiceTypes(Path zipFile, Predicate<String> jars) throws IOException {
    Set<String> types = new TreeSet<>();
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(zipFile))) {
      for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
        if (entry.getName().endsWith(".jar") && jars.test(entry.getName())) {
          ZipInputStream jar = new ZipInputStream(zip);
          for (ZipEntry inner; (inner = jar.getNextEntry()) != null; ) {
            String type = inner.getName().replaceFirst("^META-INF/services/", "");
            if (!type.equals(inner.getName()) && SERVICE_TYPES.contains(type)) {
              types.add(type);
            }
          }
        }
      }
    }
    return types;
  }

  private static Set<String> servicesIn(InputStream jarBytes) throws IOException {
    Set<String> classes = new TreeSet<>();
    ZipInputStream jar = new ZipInputStream(jarBytes);
    for (ZipEntry entry; (entry = jar.getNextEntry()) != null; ) {
      String name = entry.getName();
      if (name.startsWith("META-INF/services/")
          && SERVICE_TYPES.contains(name.substring("META-INF/services/".length()))) {
        BufferedReader lines =
            new BufferedReader(new InputStreamReader(jar, StandardCharsets.UTF_8));
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

  /** File names of the jars below a {@code lib/} folder. */
  static List<String> libraryJars(Path zipFile) throws IOException {
    List<String> jars = new ArrayList<>();
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(zipFile))) {
      for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
        if (entry.getName().contains("/lib/") && entry.getName().endsWith(".jar")) {
          jars.add(entry.getName().substring(entry.getName().lastIndexOf('/') + 1));
        }
      }
    }
    return jars;
  }
}
