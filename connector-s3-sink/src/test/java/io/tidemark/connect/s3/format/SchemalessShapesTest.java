package io.tidemark.connect.s3.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

/**
 * A converter that remembers shapes infers exactly what a fresh one infers, record after record.
 */
class SchemalessShapesTest {

  @Test
  void recordsOfOneShapeShareTheirSchemaAndKeepTheirOwnValues() {
    SchemalessConverter converter = new SchemalessConverter();
    SchemalessConverter.Inferred first =
        converter.infer(row(1, "paid", Map.of("file", "bin.1", "pos", 4L)));
    SchemalessConverter.Inferred second =
        converter.infer(row(2, "refunded", Map.of("file", "bin.1", "pos", 9L)));

    assertThat(second.schema()).isSameAs(first.schema());
    assertThat(second.row().get("id")).isEqualTo(2L);
    assertThat(second.row().get("status")).isEqualTo("refunded");
    assertThat(((Row) second.row().get("source")).get("pos")).isEqualTo(9L);
    assertThat(((Row) first.row().get("source")).get("pos")).isEqualTo(4L);
    assertThat(second.row().asMap().keySet()).containsExactly("id", "source", "status");
  }

  @Test
  void aChangedTypeOrKeySetOrKeyOrderIsInferredAfresh() {
    SchemalessConverter converter = new SchemalessConverter();
    converter.infer(row(1, "paid", Map.of("pos", 4L)));

    assertSameAsFresh(converter, row(2, null, Map.of("pos", 5L)));
    assertSameAsFresh(converter, row(3, "paid", Map.of("pos", "five")));
    assertSameAsFresh(converter, row(4, "paid", Map.of("pos", 6L, "row", 0L)));
    Map<String, Object> reordered = new LinkedHashMap<>();
    reordered.put("status", "paid");
    reordered.put("source", Map.of("pos", 7L));
    reordered.put("id", 5L);
    assertSameAsFresh(converter, reordered);
    assertThat(converter.infer(reordered).row().asMap().keySet())
        .containsExactly("id", "source", "status");
  }

  @Test
  void randomRecordsOfAFewShapesMatchAFreshConverterEveryTime() {
    Random random = new Random(7);
    SchemalessConverter converter = new SchemalessConverter();
    for (int i = 0; i < 5_000; i++) {
      assertSameAsFresh(converter, randomMap(random, 0));
    }
  }

  @Test
  void duplicateKeysFailEvenAfterTheShapeWasLearnt() {
    SchemalessConverter converter = new SchemalessConverter();
    Map<Object, Object> ok = new LinkedHashMap<>();
    ok.put("1", "a");
    ok.put("2", "b");
    converter.infer(ok);
    Map<Object, Object> clash = new LinkedHashMap<>();
    clash.put("1", "a");
    clash.put(1, "b");

    assertThatThrownBy(() -> converter.infer(clash))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("'1'");
  }

  private static void assertSameAsFresh(SchemalessConverter converter, Object value) {
    SchemalessConverter.Inferred reused = converter.infer(value);
    SchemalessConverter.Inferred fresh = new SchemalessConverter().infer(value);
    assertThat(reused.schema()).as("schema of %s", value).isEqualTo(fresh.schema());
    assertThat(reused.row()).as("row of %s", value).isEqualTo(fresh.row());
    assertThat(reused.row().asMap().keySet())
        .containsExactlyElementsOf(fresh.row().asMap().keySet());
  }

  private static Map<String, Object> row(long id, String status, Map<String, Object> source) {
    Map<String, Object> m = new HashMap<>();
    m.put("id", id);
    m.put("status", status);
    m.put("source", source);
    return m;
  }

  /**
   * Maps over a few keys whose values switch between null, text, numbers, nested maps and lists.
   */
  private static Object randomValue(Random random, int depth) {
    int kind = random.nextInt(depth < 2 ? 8 : 5);
    switch (kind) {
      case 0:
        return null;
      case 1:
        return "t" + random.nextInt(3);
      case 2:
        return (long) random.nextInt(100);
      case 3:
        return random.nextDouble();
      case 4:
        return random.nextBoolean();
      case 5:
        List<Object> list = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
          list.add(randomValue(random, depth + 1));
        }
        return list;
      default:
        return randomMap(random, depth);
    }
  }

  private static Map<String, Object> randomMap(Random random, int depth) {
    Map<String, Object> map = random.nextBoolean() ? new HashMap<>() : new LinkedHashMap<>();
    for (String key : List.of("a", "b", "c", "d")) {
      if (random.nextInt(4) > 0) {
        map.put(key, randomValue(random, depth + 1));
      }
    }
    return map;
  }
}
