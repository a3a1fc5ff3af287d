package io.tidemark.configs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Placeholder values from an env file: {@code NAME=value} lines, {@code #} comments, blank lines,
 * optional single or double quotes around the value (the subset docker compose and shells share).
 */
public final class EnvFile {
  private static final Pattern LINE =
      Pattern.compile("(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(.*)");

  private EnvFile() {}

  public static Map<String, String> read(Path file) {
    try {
      return parse(file.toString(), Files.readAllLines(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read env file " + file, e);
    }
  }

  /**
   * Parses lines; a malformed line fails naming the file and the line number (not its text, it may
   * hold a secret).
   */
  public static Map<String, String> parse(String source, List<String> lines) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Matcher matcher = LINE.matcher(line);
      if (!matcher.matches()) {
        throw new IllegalArgumentException(source + ":" + (i + 1) + ": expected NAME=value");
      }
      values.put(matcher.group(1), unquote(matcher.group(2).strip()));
    }
    return values;
  }

  private static String unquote(String value) {
    if (value.length() >= 2
        && (value.startsWith("\"") && value.endsWith("\"")
            || value.startsWith("'") && value.endsWith("'"))) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }
}
