package io.tidemark.stack.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * One benchmark's outcome in the form {@code ./bench} collects into BENCHMARKS.md: the settings it
 * ran with, one line per measured contender with the baseline it is compared with in the same run,
 * the ratio and the target verdict, and free-text notes. Each bench writes it as {@code
 * <name>.bench.properties} next to its own report; values are preformatted text, so the report
 * shows exactly what the bench printed.
 */
public final class BenchResult {
  /** Suffix of the file a bench writes its result to: {@code <name>.bench.properties}. */
  public static final String FILE_SUFFIX = ".bench.properties";

  /**
   * A measured contender; baseline, its value, ratio, target and verdict are empty when the line
   * has no baseline or no target.
   */
  public record Line(
      String contender,
      String metric,
      String value,
      String baseline,
      String baselineValue,
      String ratio,
      String target,
      String verdict) {
    /** A measurement with no baseline and no target. */
    public static Line measured(String contender, String metric, String value) {
      return new Line(contender, metric, value, "", "", "", "", "");
    }

    /**
     * A measurement against a baseline of the same run; {@code met} null when there is no target.
     */
    public static Line compared(
        String contender,
        String metric,
        String value,
        String baseline,
        String baselineValue,
        String ratio,
        String target,
        Boolean met) {
      return new Line(
          contender,
          metric,
          value,
          baseline,
          baselineValue,
          ratio,
          target,
          met == null ? "" : met ? "met" : "MISSED");
    }

    /** True when the line has a target and missed it. */
    public boolean missed() {
      return verdict.equals("MISSED");
    }
  }

  private final String name;
  private final String title;
  private final Map<String, String> settings = new LinkedHashMap<>();
  private final List<Line> lines = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  public BenchResult(String name, String title) {
    this.name = name;
    this.title = title;
  }

  public String name() {
    return name;
  }

  public String title() {
    return title;
  }

  public Map<String, String> settings() {
    return settings;
  }

  public List<Line> lines() {
    return lines;
  }

  public List<String> notes() {
    return notes;
  }

  public BenchResult setting(String key, Object value) {
    settings.put(key, String.valueOf(value));
    return this;
  }

  public BenchResult line(Line line) {
    lines.add(line);
    return this;
  }

  public BenchResult note(String note) {
    notes.add(note);
    return this;
  }

  /** Writes {@code <dir>/<name>.bench.properties}; returns the file. */
  public Path writeTo(Path dir) {
    Path file = dir.resolve(name + FILE_SUFFIX);
    try {
      Files.createDirectories(dir);
      Files.writeString(file, format(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the bench result " + file, e);
    }
    return file;
  }

  /** The properties text, in a stable order so that a person can read it too. */
  String format() {
    StringBuilder out =
        new StringBuilder("# Benchmark result, read by ./bench into BENCHMARKS.md\n");
    put(out, "name", name);
    put(out, "title", title);
    int i = 0;
    for (Map.Entry<String, String> setting : settings.entrySet()) {
      i++;
      put(out, "setting." + i + ".key", setting.getKey());
      put(out, "setting." + i + ".value", setting.getValue());
    }
    for (int n = 0; n < lines.size(); n++) {
      Line line = lines.get(n);
      String p = "line." + (n + 1) + ".";
      put(out, p + "contender", line.contender());
      put(out, p + "metric", line.metric());
      put(out, p + "value", line.value());
      put(out, p + "baseline", line.baseline());
      put(out, p + "baseline.value", line.baselineValue());
      put(out, p + "ratio", line.ratio());
      put(out, p + "target", line.target());
      put(out, p + "verdict", line.verdict());
    }
    for (int n = 0; n < notes.size(); n++) {
      put(out, "note." + (n + 1), notes.get(n));
    }
    return out.toString();
  }

  public static BenchResult read(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(reader, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the bench result " + file, e);
    }
  }

  static BenchResult parse(String text, String where) {
    try {
      return parse(new StringReader(text), where);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static BenchResult parse(Reader reader, String where) throws IOException {
    Properties p = new Properties();
    p.load(reader);
    BenchResult result = new BenchResult(required(p, "name", where), required(p, "title", where));
    for (int i = 1; p.containsKey("setting." + i + ".key"); i++) {
      result.setting(
          p.getProperty("setting." + i + ".key"), required(p, "setting." + i + ".value", where));
    }
    for (int i = 1; p.containsKey("line." + i + ".contender"); i++) {
      String l = "line." + i + ".";
      result.line(
          new Line(
              p.getProperty(l + "contender"),
              p.getProperty(l + "metric", ""),
              required(p, l + "value", where),
              p.getProperty(l + "baseline", ""),
              p.getProperty(l + "baseline.value", ""),
              p.getProperty(l + "ratio", ""),
              p.getProperty(l + "target", ""),
              p.getProperty(l + "verdict", "")));
    }
    for (int i = 1; p.containsKey("note." + i); i++) {
      result.note(p.getProperty("note." + i));
    }
    return result;
  }

  private static String required(Properties p, String key, String where) {
    String value = p.getProperty(key);
    if (value == null) {
      throw new IllegalArgumentException("bench result " + where + " has no '" + key + "'");
    }
    return value;
  }

  private static void put(StringBuilder out, String key, String value) {
    out.append(key).append('=').append(escape(value)).append('\n');
  }

  /** Escapes what {@link Properties#load} would otherwise drop or misread. */
  private static String escape(String value) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case ' ' -> b.append(i == 0 ? "\\ " : " ");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
