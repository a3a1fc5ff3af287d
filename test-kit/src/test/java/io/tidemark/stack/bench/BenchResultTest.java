package io.tidemark.stack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchResultTest {

  @Test
  void writesWhatItReadsBackInOrderWithAwkwardText(@TempDir Path dir) {
    BenchResult written =
        new BenchResult("s3-sink", "S3 sink: throughput\nand memory")
            .setting("records", 1_000_000)
            .setting(" leading space", "  a\\b = c: #d")
            .line(
                BenchResult.Line.compared(
                    "S3 sink JSONL+gzip",
                    "records/s",
                    "60,704",
                    "FileStreamSinkConnector",
                    "98,219",
                    "0.62",
                    ">= 0.60",
                    true))
            .line(
                BenchResult.Line.compared(
                    "S3 sink Parquet",
                    "records/s",
                    "30,000",
                    "FileStreamSinkConnector",
                    "98,219",
                    "0.31",
                    ">= 0.40",
                    false))
            .line(
                BenchResult.Line.measured("Kafka", "s from commit", "p50 0.3 / p95 0.5 / max 0.6"))
            .note("Worker live heap: idle 20.1 MiB → peak 35.6 MiB");

    Path file = written.writeTo(dir);
    BenchResult read = BenchResult.read(file);

    assertThat(file.getFileName().toString()).isEqualTo("s3-sink.bench.properties");
    assertThat(read.name()).isEqualTo("s3-sink");
    assertThat(read.title()).isEqualTo("S3 sink: throughput\nand memory");
    assertThat(read.settings())
        .containsExactly(
            org.assertj.core.api.Assertions.entry("records", "1000000"),
            org.assertj.core.api.Assertions.entry(" leading space", "  a\\b = c: #d"));
    assertThat(read.lines()).isEqualTo(written.lines());
    assertThat(read.lines().get(0).verdict()).isEqualTo("met");
    assertThat(read.lines().get(1).missed()).isTrue();
    assertThat(read.lines().get(2).verdict()).isEmpty();
    assertThat(read.notes()).containsExactly("Worker live heap: idle 20.1 MiB → peak 35.6 MiB");
  }

  @Test
  void aResultWithoutItsNameOrALineWithoutItsValueIsRejectedNamingTheKey() {
    assertThatThrownBy(() -> BenchResult.parse("title=x\n", "smt.bench.properties"))
        .hasMessage("bench result smt.bench.properties has no 'name'");
    assertThatThrownBy(
            () ->
                BenchResult.parse(
                    "name=smt\ntitle=x\nline.1.contender=a\n", "smt.bench.properties"))
        .hasMessage("bench result smt.bench.properties has no 'line.1.value'");
  }
}
