package io.tidemark.connect.smt.types;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.kafka.connect.errors.DataException;

/**
 * Well-known binary to well-known text, for the seven OGC geometry types in 2D, Z, M and ZM (ISO
 * codes 1000/2000/3000 and EWKB flag bits; an EWKB SRID is skipped). Also builds the WKB of a 2D
 * point.
 */
public final class Wkb {

  private static final String[] NAMES = {
    null,
    "POINT",
    "LINESTRING",
    "POLYGON",
    "MULTIPOINT",
    "MULTILINESTRING",
    "MULTIPOLYGON",
    "GEOMETRYCOLLECTION"
  };

  private Wkb() {}

  /** The WKT of {@code wkb}. */
  public static String toWkt(byte[] wkb) {
    ByteBuffer buf = ByteBuffer.wrap(wkb);
    StringBuilder out = new StringBuilder(wkb.length * 2);
    try {
      geometry(buf, out);
    } catch (java.nio.BufferUnderflowException e) {
      throw new DataException(
          "invalid WKB: truncated after " + buf.position() + " of " + wkb.length + " bytes");
    }
    if (buf.hasRemaining()) {
      throw new DataException("invalid WKB: " + buf.remaining() + " trailing bytes");
    }
    return out.toString();
  }

  /** The little-endian WKB of a 2D point. */
  public static byte[] point(double x, double y) {
    return ByteBuffer.allocate(21)
        .order(ByteOrder.LITTLE_ENDIAN)
        .put((byte) 1)
        .putInt(1)
        .putDouble(x)
        .putDouble(y)
        .array();
  }

  private static void geometry(ByteBuffer buf, StringBuilder out) {
    byte order = buf.get();
    if (order != 0 && order != 1) {
      throw new DataException(
          "invalid WKB: byte order marker " + order + " at offset " + (buf.position() - 1));
    }
    buf.order(order == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    int raw = buf.getInt();
    boolean z = (raw & 0x80000000) != 0;
    boolean m = (raw & 0x40000000) != 0;
    if ((raw & 0x20000000) != 0) {
      buf.getInt(); // EWKB SRID
    }
    int code = raw & 0x0FFFFFFF;
    int dims = code / 1000;
    int type = code % 1000;
    z |= dims == 1 || dims == 3;
    m |= dims == 2 || dims == 3;
    if (type < 1 || type > 7 || dims > 3) {
      throw new DataException("invalid WKB: unknown geometry type " + code);
    }
    int ordinates = 2 + (z ? 1 : 0) + (m ? 1 : 0);
    {
      out.append(NAMES[type]);
      if (z && m) {
        out.append(" ZM");
      } else if (z) {
        out.append(" Z");
      } else if (m) {
        out.append(" M");
      }
      out.append(' ');
    }
    switch (type) {
      case 1:
        point(buf, out, ordinates, true);
        break;
      case 2:
        points(buf, out, ordinates);
        break;
      case 3:
        rings(buf, out, ordinates);
        break;
      default:
        int n = count(buf);
        if (n == 0) {
          out.append("EMPTY");
          break;
        }
        out.append('(');
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            out.append(", ");
          }
          if (type == 7) {
            geometry(buf, out);
          } else {
            // Members of MULTI* carry their own header; print without the type name.
            StringBuilder member = new StringBuilder();
            geometry(buf, member);
            String s = member.toString();
            out.append(s.substring(s.indexOf(' ') + 1).replaceFirst("^(Z|M|ZM) ", ""));
          }
        }
        out.append(')');
    }
  }

  private static void point(ByteBuffer buf, StringBuilder out, int ordinates, boolean parens) {
    double[] c = new double[ordinates];
    boolean empty = true;
    for (int i = 0; i < ordinates; i++) {
      c[i] = buf.getDouble();
      empty &= Double.isNaN(c[i]);
    }
    if (empty && parens) {
      out.append("EMPTY");
      return;
    }
    if (parens) {
      out.append('(');
    }
    for (int i = 0; i < ordinates; i++) {
      if (i > 0) {
        out.append(' ');
      }
      out.append(number(c[i]));
    }
    if (parens) {
      out.append(')');
    }
  }

  private static void points(ByteBuffer buf, StringBuilder out, int ordinates) {
    int n = count(buf);
    if (n == 0) {
      out.append("EMPTY");
      return;
    }
    out.append('(');
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        out.append(", ");
      }
      point(buf, out, ordinates, false);
    }
    out.append(')');
  }

  private static void rings(ByteBuffer buf, StringBuilder out, int ordinates) {
    int n = count(buf);
    if (n == 0) {
      out.append("EMPTY");
      return;
    }
    out.append('(');
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        out.append(", ");
      }
      points(buf, out, ordinates);
    }
    out.append(')');
  }

  private static int count(ByteBuffer buf) {
    int n = buf.getInt();
    if (n < 0 || n > buf.remaining()) {
      throw new DataException(
          "invalid WKB: element count "
              + n
              + " exceeds the remaining "
              + buf.remaining()
              + " bytes");
    }
    return n;
  }

  static String number(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      return Double.toString(d);
    }
    String s = BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    return s.equals("-0") ? "0" : s;
  }
}
