package io.tidemark.connect.smt.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class WkbTest {

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  @Test
  void point() {
    assertThat(Wkb.toWkt(Wkb.point(1, 2.25))).isEqualTo("POINT (1 2.25)");
  }

  @Test
  void bigEndianLineString() {
    ByteBuffer b = ByteBuffer.allocate(1 + 4 + 4 + 32).order(ByteOrder.BIG_ENDIAN);
    b.put((byte) 0).putInt(2).putInt(2).putDouble(0).putDouble(0).putDouble(10).putDouble(-5.5);
    assertThat(Wkb.toWkt(b.array())).isEqualTo("LINESTRING (0 0, 10 -5.5)");
  }

  @Test
  void polygonWithRing() {
    ByteBuffer b = le(1 + 4 + 4 + 4 + 4 * 16);
    b.put((byte) 1)
        .putInt(3)
        .putInt(1)
        .putInt(4)
        .putDouble(0)
        .putDouble(0)
        .putDouble(1)
        .putDouble(0)
        .putDouble(1)
        .putDouble(1)
        .putDouble(0)
        .putDouble(0);
    assertThat(Wkb.toWkt(b.array())).isEqualTo("POLYGON ((0 0, 1 0, 1 1, 0 0))");
  }

  @Test
  void multiPointAndCollection() {
    byte[] p1 = Wkb.point(1, 2);
    byte[] p2 = Wkb.point(3, 4);
    ByteBuffer multi = le(1 + 4 + 4 + p1.length + p2.length);
    multi.put((byte) 1).putInt(4).putInt(2).put(p1).put(p2);
    assertThat(Wkb.toWkt(multi.array())).isEqualTo("MULTIPOINT ((1 2), (3 4))");

    ByteBuffer coll = le(1 + 4 + 4 + p1.length);
    coll.put((byte) 1).putInt(7).putInt(1).put(p1);
    assertThat(Wkb.toWkt(coll.array())).isEqualTo("GEOMETRYCOLLECTION (POINT (1 2))");
  }

  @Test
  void isoZPoint() {
    ByteBuffer b = le(1 + 4 + 24);
    b.put((byte) 1).putInt(1001).putDouble(1).putDouble(2).putDouble(3);
    assertThat(Wkb.toWkt(b.array())).isEqualTo("POINT Z (1 2 3)");
  }

  @Test
  void truncatedInputIsReported() {
    byte[] p = Wkb.point(1, 2);
    byte[] cut = java.util.Arrays.copyOf(p, 12);
    assertThatThrownBy(() -> Wkb.toWkt(cut))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> Wkb.toWkt(new byte[] {7})).hasMessageContaining("byte order marker 7");
  }
}
