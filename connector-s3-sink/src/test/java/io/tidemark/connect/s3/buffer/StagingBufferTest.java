package io.tidemark.connect.s3.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagingBufferTest {

  @TempDir Path spill;

  @Test
  void pressureSpillsTheLargestToDiskAndReadGivesEverythingBackInOrder() throws Exception {
    BufferBudget budget = new BufferBudget(1000);
    StagingBuffer big = new StagingBuffer(budget, spill);
    StagingBuffer small = new StagingBuffer(budget, spill);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    for (int i = 0; i < 30; i++) {
      byte[] chunk = ("chunk-" + i + "-" + "x".repeat(40) + "\n").getBytes();
      big.write(chunk, 0, chunk.length);
      expected.write(chunk);
      small.write(new byte[] {(byte) i}, 0, 1);
      assertThat(budget.usedBytes()).isLessThanOrEqualTo(1000);
    }
    assertThat(big.size()).isEqualTo(expected.size());
    assertThat(big.memoryBytes()).isLessThan(big.size());
    assertThat(small.size()).isEqualTo(30);
    assertThat(small.memoryBytes())
        .isEqualTo(256); // one chunk, never the largest: stayed in memory
    try (java.util.stream.Stream<Path> files = Files.list(spill)) {
      assertThat(files.count()).isEqualTo(1);
    }
    assertThat(readAll(big)).isEqualTo(expected.toByteArray());

    big.discard();
    small.discard();
    assertThat(budget.usedBytes()).isZero();
    try (java.util.stream.Stream<Path> files = Files.list(spill)) {
      assertThat(files.count()).isZero();
    }
    assertThatThrownBy(() -> big.write(new byte[1], 0, 1)).isInstanceOf(IOException.class);
  }

  private static byte[] readAll(StagingBuffer b) throws IOException {
    try (InputStream in = b.read()) {
      return in.readAllBytes();
    }
  }
}
