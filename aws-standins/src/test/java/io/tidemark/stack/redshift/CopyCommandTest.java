package io.tidemark.stack.redshift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CopyCommandTest {

  @Test
  void parsesTheSinksCopy() {
    CopyCommand copy =
        CopyCommand.parse(
            "COPY \"tidemark_stage_0\" (\"id\", \"__tm_op\") FROM 's3://lake/p/b-1.manifest'"
                + " IAM_ROLE 'arn:aws:iam::1:role/r' FORMAT AS JSON 'auto' GZIP MANIFEST TIMEFORMAT 'auto' REGION 'eu-west-1';");
    assertThat(copy.table()).isEqualTo("\"tidemark_stage_0\"");
    assertThat(copy.columns()).containsExactly("id", "__tm_op");
    assertThat(copy.bucket()).isEqualTo("lake");
    assertThat(copy.key()).isEqualTo("p/b-1.manifest");
    assertThat(copy.gzip()).isTrue();
    assertThat(copy.manifest()).isTrue();
    assertThat(copy.ignoreCase()).isFalse();
  }

  @Test
  void parsesPrefixCopyWithSchemaAndJsonShortForm() {
    CopyCommand copy =
        CopyCommand.parse(
            "copy public.t from 's3://b/prefix/' credentials 'x' json 'auto ignorecase'");
    assertThat(copy.table()).isEqualTo("public.t");
    assertThat(copy.columns()).isEqualTo(List.of());
    assertThat(copy.manifest()).isFalse();
    assertThat(copy.ignoreCase()).isTrue();
    assertThat(CopyCommand.isCopy("  /* x */ copy t from 's3://b/k' iam_role 'r' json 'auto'"))
        .isTrue();
    assertThat(CopyCommand.isCopy("SELECT 'COPY'")).isFalse();
  }

  @Test
  void rejectsWhatItDoesNotEmulate() {
    assertThatThrownBy(() -> CopyCommand.parse("COPY t FROM 's3://b/k' IAM_ROLE 'r' CSV"))
        .hasMessageContaining("CSV");
    assertThatThrownBy(
            () -> CopyCommand.parse("COPY t FROM 's3://b/k' IAM_ROLE 'r' JSON 's3://b/jsonpaths'"))
        .hasMessageContaining("auto");
    assertThatThrownBy(() -> CopyCommand.parse("COPY t FROM 's3://b/k' JSON 'auto'"))
        .hasMessageContaining("IAM_ROLE");
    assertThatThrownBy(() -> CopyCommand.parse("COPY t FROM '/tmp/file' IAM_ROLE 'r' JSON 'auto'"))
        .hasMessageContaining("s3://");
  }

  @Test
  void parametersBindOutsideLiteralsAndCasts() {
    Parameters.Bound bound =
        Parameters.bind(
            "SELECT ':no', x::int FROM t WHERE a = :id AND b = :name",
            java.util.Map.of("id", "5", "name", "x'y"));
    assertThat(bound.sql()).isEqualTo("SELECT ':no', x::int FROM t WHERE a = ? AND b = ?");
    assertThat(bound.values()).containsExactly("5", "x'y");
    assertThatThrownBy(() -> Parameters.bind("SELECT :a", java.util.Map.of()))
        .hasMessageContaining(":a");
    assertThatThrownBy(() -> Parameters.bind("SELECT 1", java.util.Map.of("a", "1")))
        .hasMessageContaining("not used");
  }
}
