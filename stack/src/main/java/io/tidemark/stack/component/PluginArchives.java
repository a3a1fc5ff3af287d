package io.tidemark.stack.component;

import io.tidemark.stack.StackException;
import io.tidemark.stack.artifacts.Unpack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The plugin archives this repository builds ({@code <module>/target/tidemark-*.zip}). */
public final class PluginArchives {
  private PluginArchives() {}

  /** Every built archive in the checkout, in a stable order; none outside a checkout. */
  public static List<Path> find(Optional<Path> repoRoot) {
    if (repoRoot.isEmpty()) {
      return List.of();
    }
    try (Stream<Path> modules = Files.list(repoRoot.get())) {
      return modules
          .map(module -> module.resolve("target"))
          .filter(Files::isDirectory)
          .flatMap(PluginArchives::archivesIn)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new StackException("connect", "could not list plugin archives: " + e, e);
    }
  }

  private static Stream<Path> archivesIn(Path target) {
    try (Stream<Path> files = Files.list(target)) {
      return files
          .filter(f -> f.getFileName().toString().matches("tidemark-.+\\.zip"))
          .toList()
          .stream();
    } catch (IOException e) {
      return Stream.empty();
    }
  }

  /**
   * Puts one plugin into the plugin folder: a zip is unpacked (Connect does not read zips), a
   * folder or jar is linked. Returns the plugin's name.
   */
  static String install(Path plugin, Path pluginDir) throws IOException {
    String fileName = plugin.getFileName().toString();
    if (fileName.endsWith(".zip")) {
      String name = fileName.substring(0, fileName.length() - ".zip".length());
      Path target = pluginDir.resolve(name);
      Unpack.deleteTree(target);
      Unpack.once(plugin, target, entry -> true);
      return name;
    }
    if (fileName.endsWith(".jar")) {
      Path folder = Files.createDirectories(pluginDir.resolve(fileName.replace(".jar", "")));
      Files.createSymbolicLink(folder.resolve(fileName), plugin.toAbsolutePath());
      return fileName;
    }
    Files.createSymbolicLink(pluginDir.resolve(fileName), plugin.toAbsolutePath());
    return fileName;
  }
}
