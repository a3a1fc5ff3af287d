package io.tidemark.connect.s3.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.connect.s3.store.InMemoryObjectStore;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartBufferTest {

  private static final io.tidemark.connect.s3.store.Deadline LATER =
      new io.tidemark.connect.s3.store.Deadline(
          java.time.Clock.systemUTC(), java.time.Instant.now().plusSeconds(3600));

  private static final long MIB = 1024 * 1024;

  @TempDir Path spill;

  @Test
  void thousandOpenFilesStayWithinTheBudget() throws Exception {
    InMemoryObjectStore store = new InMemoryObjectStore();
    long budgetBytes = 8 * MIB;
    BufferBudget budget = new BufferBudget(budgetBytes);
    int files = 1000;
    List<PartBuffer> buffers = new ArrayList<>();
    List<ByteArrayOutputStream> expected = new ArrayList<>();
    for (int i = 0; i < files; i++) {
      buffers.add(new PartBuffer(store, "k/" + i, budget, 5 * MIB, spill));
      expected.add(new ByteArrayOutputStream());
    }
    Random random = new Random(42);
    byte[] chunk = new byte[4096];
    // 1000 files x ~16 KiB, plus three hot files of ~12 MiB: 60 MiB through an 8 MiB budget.
    for (int round = 0; round < 4 * files; round++) {
      int f = random.nextInt(files);
      random.nextBytes(chunk);
      buffers.get(f).write(chunk);
      expected.get(f).write(chunk);
    }
    for (int round = 0; round < 3 * 3000; round++) {
      int f = round % 3;
      random.nextBytes(chunk);
      buffers.get(f).write(chunk);
      expected.get(f).write(chunk);
    }
    assertThat(budget.peakBytes()).isLessThanOrEqualTo(budgetBytes + chunk.length);
    assertThat(budget.releases()).isPositive();
    try (Stream<Path> s = Files.list(spill)) {
      assertThat(s.count()).isPositive();
    }
    for (int i = 0; i < files; i++) {
      buffers.get(i).close();
      buffers.get(i).publish(LATER);
      assertThat(store.get("k/" + i).orElseThrow())
          .as("object %d", i)
          .isEqualTo(expected.get(i).toByteArray());
    }
    for (int i = 0; i < 3; i++) {
      List<Long> parts = store.partSizes("k/" + i);
      assertThat(parts).hasSizeGreaterThan(1);
      assertThat(parts.subList(0, parts.size() - 1)).allMatch(p -> p >= 5 * MIB);
    }
    assertThat(budget.usedBytes()).isZero();
    assertThat(store.openUploads()).isZero();
    try (Stream<Path> s = Files.list(spill)) {
      assertThat(s.count()).isZero();
    }
  }

  @Test
  void nothingIsVisibleBeforePublishAndDiscardCleansUp() throws Exception {
    InMemoryObjectStore store = new InMemoryObjectStore();
    BufferBudget budget = new BufferBudget(MIB);
    PartBuffer big = new PartBuffer(store, "big", budget, 5 * MIB, spill);
    PartBuffer small = new PartBuffer(store, "small", budget, 5 * MIB, spill);
    big.write(new byte[(int) (6 * MIB)]);
    small.write(new byte[10]);
    big.close();
    small.close();
    assertThat(store.list("")).isEmpty();
    small.publish(LATER);
    assertThat(store.get("small").orElseThrow()).hasSize(10);
    big.discard();
    assertThat(store.list("")).containsExactly("small");
    assertThat(store.openUploads()).isZero();
    assertThat(budget.usedBytes()).isZero();
  }
}
