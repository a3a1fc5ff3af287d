package io.tidemark.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The entries of a plugin ZIP below its base folder ({@code tidemark-x-1.0/doc/README.md} becomes
 * {@code doc/README.md}), with the text of its small text files.
 */
final class ArchiveContents {
  private static final Pattern MARKDOWN_LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

  private final Path zip;
  private final List<String> entries = new ArrayList<>();
  private final Map<String, String> texts = new LinkedHashMap<>();

  private ArchiveContents(Path zip) {
    this.zip = zip;
  }

  static ArchiveContents of(Path zipFile) throws IOException {
    ArchiveContents contents = new ArchiveContents(zipFile);
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zipFile))) {
      for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
        String name = entry.getName().substring(entry.getName().indexOf('/') + 1);
        if (name.isEmpty()) {
          continue;
        }
        contents.entries.add(name);
        if (name.endsWith(".md")
            || name.endsWith(".json")
            || name.endsWith(".txt")
            || name.equals("doc/LICENSE")
            || name.equals("doc/NOTICE")) {
          contents.texts.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    }
    return contents;
  }

  String name() {
    return zip.getFileName().toString();
  }

  boolean has(String entry) {
    return entries.contains(entry) || entries.contains(entry + "/");
  }

  Optional<String> text(String entry) {
    return Optional.ofNullable(texts.get(entry));
  }

  /** Jars anywhere below {@code lib/}, as paths inside the archive. */
  List<String> jars() {
    return entries.stream().filter(e -> e.startsWith("lib/") && e.endsWith(".jar")).toList();
  }

  /**
   * Every link target in the archive's markdown files that should resolve inside it (not a web
   * address, not an anchor), with the file it appears in: {@code doc/README.md -> docs/x.md}.
   */
  List<String> brokenLocalLinks() {
    List<String> broken = new ArrayList<>();
    texts.forEach(
        (file, text) -> {
          if (!file.endsWith(".md") || !file.startsWith("doc/")) {
            return;
          }
          Matcher m = MARKDOWN_LINK.matcher(text);
          while (m.find()) {
            String target = m.group(1).replaceAll("#.*", "");
            if (target.isEmpty() || target.matches("^[a-z]+:.*")) {
              continue;
            }
            String resolved =
                Path.of(file).getParent().resolve(target).normalize().toString().replace('\\', '/');
            if (resolved.startsWith("..") || !has(resolved)) {
              broken.add(file + " -> " + m.group(1));
            }
          }
        });
    return broken;
  }
}
