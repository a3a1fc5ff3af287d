package io.tidemark.connect.smt.docs;

import io.tidemark.common.config.ConfigMarkdown;
import io.tidemark.connect.smt.CdcUnwrap;
import io.tidemark.connect.smt.FieldValueMatches;
import io.tidemark.connect.smt.HashFields;
import io.tidemark.connect.smt.IsDelete;
import io.tidemark.connect.smt.NormalizeIdentifiers;
import io.tidemark.connect.smt.NormalizeTypes;
import io.tidemark.connect.smt.ParseJson;
import io.tidemark.connect.smt.RedactFields;
import io.tidemark.connect.smt.TimePartitionFields;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Renders every transform's and predicate's {@link ConfigDef} as Markdown; the committed {@code
 * smt/docs/config-reference.md} is this output (a unit test fails when it is stale).
 */
public final class ConfigReference {

  /** One documented plugin. */
  public record Entry(
      String title, String kind, List<String> classes, String overview, ConfigDef config) {}

  public static final List<Entry> ENTRIES =
      List.of(
          new Entry(
              "CdcUnwrap",
              "Transformation",
              List.of(CdcUnwrap.class.getName()),
              CdcUnwrap.OVERVIEW_DOC,
              CdcUnwrap.CONFIG_DEF),
          new Entry(
              "NormalizeTypes",
              "Transformation",
              keyValue(NormalizeTypes.class),
              NormalizeTypes.OVERVIEW_DOC,
              NormalizeTypes.CONFIG_DEF),
          new Entry(
              "NormalizeIdentifiers",
              "Transformation",
              keyValue(NormalizeIdentifiers.class),
              NormalizeIdentifiers.OVERVIEW_DOC,
              NormalizeIdentifiers.CONFIG_DEF),
          new Entry(
              "HashFields",
              "Transformation",
              keyValue(HashFields.class),
              HashFields.OVERVIEW_DOC,
              HashFields.CONFIG_DEF),
          new Entry(
              "RedactFields",
              "Transformation",
              keyValue(RedactFields.class),
              RedactFields.OVERVIEW_DOC,
              RedactFields.CONFIG_DEF),
          new Entry(
              "ParseJson",
              "Transformation",
              keyValue(ParseJson.class),
              ParseJson.OVERVIEW_DOC,
              ParseJson.CONFIG_DEF),
          new Entry(
              "TimePartitionFields",
              "Transformation",
              List.of(TimePartitionFields.class.getName()),
              TimePartitionFields.OVERVIEW_DOC,
              TimePartitionFields.CONFIG_DEF),
          new Entry(
              "FieldValueMatches",
              "Predicate",
              keyValue(FieldValueMatches.class),
              FieldValueMatches.OVERVIEW_DOC,
              FieldValueMatches.CONFIG_DEF),
          new Entry(
              "IsDelete",
              "Predicate",
              List.of(IsDelete.class.getName()),
              IsDelete.OVERVIEW_DOC,
              IsDelete.CONFIG_DEF));

  private ConfigReference() {}

  private static List<String> keyValue(Class<?> c) {
    return List.of(c.getName() + "$Key", c.getName() + "$Value");
  }

  public static String render() {
    StringBuilder b = new StringBuilder();
    b.append("# Tidemark SMT configuration reference\n\n")
        .append(
            "<!-- Generated from the ConfigDefs by io.tidemark.connect.smt.docs.ConfigReference; do not edit.\n")
        .append(
            "     Regenerate every generated file: ./mvnw -o test -Dtidemark.docs.regenerate=true -->\n\n");
    for (Entry e : ENTRIES) {
      b.append("- [").append(e.title()).append("](#").append(e.title().toLowerCase()).append(")\n");
    }
    for (Entry e : ENTRIES) {
      b.append("\n## ").append(e.title()).append("\n\n");
      b.append(e.kind())
          .append(": ")
          .append(e.classes().stream().map(c -> "`" + c + "`").collect(Collectors.joining(", ")))
          .append("\n\n");
      b.append(e.overview()).append("\n\n");
      b.append(ConfigMarkdown.table(e.config().configKeys().values()));
    }
    return b.toString();
  }
}
