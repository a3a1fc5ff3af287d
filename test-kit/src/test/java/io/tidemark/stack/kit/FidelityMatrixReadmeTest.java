package io.tidemark.stack.kit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.stack.RepoRoot;
import io.tidemark.stack.kit.FidelityMatrix.Column;
import io.tidemark.stack.kit.FidelityMatrix.Repr;
import io.tidemark.stack.kit.FidelityMatrix.Sink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The root README's "Type fidelity" section is the one rendered from {@link FidelityMatrix}, the
 * list e2e's {@code FidelityIT} and {@code e2e/fidelity.sh} run (regenerated with the other
 * generated files, see {@link GeneratedDoc}).
 */
class FidelityMatrixReadmeTest {

  @Test
  void theReadmeSectionIsTheRenderedList() throws Exception {
    Path readme = RepoRoot.find().orElseThrow().resolve("README.md");
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    int at = text.indexOf("\n" + FidelityMatrix.README_HEADING + "\n");
    int end = at < 0 ? -1 : text.indexOf("\n## ", at + 1);
    GeneratedDoc.assertRegionCurrent(
        readme, at + 1, end + 1, FidelityMatrix.readmeSection() + "\n");
  }

  @Test
  void everyColumnHasARepresentationPerSinkAndQuickCellsCoverTheIssue() {
    Set<String> ids = new HashSet<>();
    for (Column c : FidelityMatrix.columns()) {
      assertThat(ids.add(c.id())).as("id %s is unique", c.id()).isTrue();
      assertThat(c.reprs().keySet()).as(c.id()).containsExactlyInAnyOrder(Sink.values());
      assertThat(c.values()).as(c.id()).isNotEmpty();
      assertThat(c.truthSql()).as(c.id()).contains("v");
      assertThat(c.reprs().values()).as(c.id()).doesNotContain(Repr.DB_TEXT);
    }
    assertThat(FidelityMatrix.quick())
        .extracting(Column::id)
        .contains("bigint_u", "time0", "time6", "datetime6", "timestamp6", "default_varchar");
    assertThat(FidelityMatrix.cells()).isGreaterThan(150);
  }

  /** The decoders undo encodings; they never round, and they keep what tells values apart. */
  @Test
  void decodersAreExactAndTellValuesApart() {
    assertThat(Repr.TIME_TEXT.decode("-838:59:59")).isEqualTo("-838:59:59.000000");
    assertThat(Repr.TIME_TEXT.decode("-838:59:59.000000"))
        .isEqualTo(
            Repr.TIME_TEXT.decode(java.time.Duration.ofSeconds(-(838 * 3600 + 59 * 60 + 59))));
    assertThat(Repr.TIME_TEXT.decode("-00:00:01.500000"))
        .isNotEqualTo(Repr.TIME_TEXT.decode("00:00:01.5"));
    assertThat(Repr.TIMESTAMP_UTC.decode("2024-02-29T12:34:56.123456Z"))
        .isEqualTo(Repr.TIMESTAMP_UTC.decode("2024-02-29 12:34:56.123456"))
        .isNotEqualTo(Repr.TIMESTAMP_UTC.decode("2024-02-29 12:34:56.123"));
    assertThat(Repr.TIMESTAMP_UTC.decode("2024-02-29 14:34:56.1+02"))
        .isEqualTo(Repr.TIMESTAMP_UTC.decode(java.time.Instant.parse("2024-02-29T12:34:56.100Z")));
    assertThat(Repr.DECIMAL.decode(new java.math.BigDecimal("1.50")))
        .isNotEqualTo(Repr.DECIMAL.decode("1.5"));
    assertThat(Repr.FLOAT64.decode("-0")).isNotEqualTo(Repr.FLOAT64.decode("0"));
    assertThat(Repr.BITS_INT64.decode(-1L)).isEqualTo("18446744073709551615");
    // MySQL's byte order: BIT(16) b'1' is stored (and HEX()ed) as 0001.
    assertThat(Repr.BITS_VARBYTE.decode("\\x0001")).isEqualTo("1");
    assertThat(Repr.BITS_VARBYTE.decode("\\x0100")).isEqualTo("256");
    assertThat(Repr.BYTES_BASE64.decode("AP8=")).isEqualTo(Repr.VARBYTE_HEX.decode("\\x00ff"));
    assertThat(Repr.SET_ARRAY.decode(java.util.List.of("x", "z")))
        .isEqualTo(Repr.SET_TEXT.decode("x,z"));
    assertThat(Repr.TEXT.decode("\uD83D\uDE00")).isEqualTo("F09F9880");
    assertThat(Repr.INTEGER.decode(null)).isNull();
  }
}
