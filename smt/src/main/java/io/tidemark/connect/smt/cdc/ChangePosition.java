package io.tidemark.connect.smt.cdc;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.connect.errors.DataException;

/**
 * A single string whose lexicographic order is the order of changes in the source database's log,
 * for "latest wins" merges.
 *
 * <h2>Binlog positions (preferred, used whenever {@code source.file} is present)</h2>
 *
 * <pre>
 *   FFFFFFFFFF-PPPPPPPPPPPPPPPPPPP-S-QQQQQQQQQQQQQQQQQQQ      (52 characters)
 *   0000000123-0000000000000004567-1-0000000000000081234
 * </pre>
 *
 * <ul>
 *   <li>{@code F}: the binlog file sequence number ({@code mysql-bin.000123} gives 123), 10 digits,
 *       so order holds across files and past {@code .999999};
 *   <li>{@code P}: {@code source.pos}, 19 digits;
 *   <li>{@code S}: 0 for snapshot reads ({@code op=r}, or {@code source.snapshot} set), 1 for
 *       streamed changes, so a snapshot row sorts before a streamed change recorded at the same
 *       binlog position (the snapshot's position is where streaming resumes);
 *   <li>{@code Q}: the sequence within the position, 19 digits: the record's Kafka offset ({@code
 *       originalKafkaOffset()}) when the transform runs in a sink connector, else {@code
 *       source.row}.
 * </ul>
 *
 * Why the Kafka offset: Debezium gives every event of a transaction the transaction's {@code
 * source.pos}, and {@code source.row} restarts for each statement, so two changes of one row in one
 * transaction can share (file, pos, row). All changes of a key go to one topic partition in binlog
 * order, so the offset orders them; and a replay (at-least-once) re-sends a whole suffix in order,
 * so the newest change still sorts last. Where there is no offset yet (the transform runs in the
 * source connector), {@code source.row} is used, which does not order several changes of one row
 * inside one transaction: configure CdcUnwrap in the sink connector. Only the sequence number of
 * the file is used: the order is meaningful within one server's binlog lineage. After a fail-over
 * to a server with its own numbering, order by source timestamp first.
 *
 * <h2>GTID positions (only when there is no {@code source.file})</h2>
 *
 * <pre>
 *   g:UUID:TTTTTTTTTTTTTTTTTTT-S-QQQQQQQQQQQQQQQQQQQ
 *   g:3e11fa47-71ca-11e1-9e33-c80aa9429562:0000000000000000023-1-0000000000000000000
 * </pre>
 *
 * A GTID is {@code server_uuid:transaction_number}. Transaction numbers are ordered only within one
 * server UUID; GTIDs of different UUIDs (and GTID positions against binlog positions, which all
 * sort before them) have no meaningful order.
 *
 * <p>Without {@code source.file} and {@code source.gtid} there is no position ({@code null}).
 *
 * <h2>Epochs</h2>
 *
 * <pre>
 *   zEEEEEE:&lt;position as above&gt;
 *   z000001:0000000001-0000000000000000004-1-0000000000000000042
 * </pre>
 *
 * Positions order changes within one log lineage only. A fail-over to a server with its own
 * numbering, {@code RESET MASTER} or a restore starts a new lineage whose positions may sort before
 * the old ones; the sinks detect that ({@code PositionLineage} in common) and stop. CdcUnwrap's
 * {@code position.epoch} n &gt; 0 prefixes every position with {@code z} and n in 6 digits: {@code
 * z} sorts after the digits and {@code g} that start epoch-0 positions, and equal widths keep
 * epochs in numeric order, so every position of a higher epoch sorts after every position of a
 * lower one.
 */
public final class ChangePosition {

  private static final int FILE_DIGITS = 10;
  private static final int POS_DIGITS = 19;
  private static final int SEQUENCE_DIGITS = 19;

  /** The highest epoch: 6 digits. */
  public static final int MAX_EPOCH = 999_999;

  private ChangePosition() {}

  /**
   * The position of a Debezium change event (Struct or Map value), or null. {@code kafkaOffset} is
   * the record's offset in its topic partition, or null before the record reached Kafka.
   */
  public static String of(Object envelope, Operation op, Long kafkaOffset) {
    boolean snapshot = Envelope.isSnapshot(envelope, op);
    Object file = Envelope.source(envelope, "file");
    long sequence =
        kafkaOffset != null
            ? kafkaOffset
            : asLong(Envelope.source(envelope, "row"), "source.row", 0L);
    if (file != null) {
      long pos = asLong(Envelope.source(envelope, "pos"), "source.pos", -1L);
      if (pos < 0) {
        throw new DataException(
            "field 'source.pos': missing or negative binlog position next to source.file '"
                + file
                + "'");
      }
      return binlog(fileSequence(file.toString()), pos, snapshot, sequence);
    }
    Object gtid = Envelope.source(envelope, "gtid");
    if (gtid != null) {
      return gtid(gtid.toString(), snapshot, sequence);
    }
    return null;
  }

  /** {@code position} in {@code epoch} (see the class documentation); null stays null. */
  public static String withEpoch(String position, int epoch) {
    if (position == null || epoch == 0) {
      return position;
    }
    if (epoch < 0 || epoch > MAX_EPOCH) {
      throw new IllegalArgumentException("position epoch " + epoch + " is not in 0.." + MAX_EPOCH);
    }
    byte[] prefix = new byte[8];
    prefix[0] = 'z';
    pad(prefix, 1, epoch, 6, "epoch");
    prefix[7] = ':';
    return new String(prefix, StandardCharsets.ISO_8859_1) + position;
  }

  /** The binlog sequence number of a file name such as {@code mysql-bin.000123}. */
  public static long fileSequence(String file) {
    // On the per-record path: parsed in place, without substrings or streams.
    int start = file.lastIndexOf('.') + 1;
    int length = file.length() - start;
    long sequence = 0;
    boolean valid = length > 0 && length <= FILE_DIGITS;
    for (int i = start; valid && i < file.length(); i++) {
      char c = file.charAt(i);
      valid = c >= '0' && c <= '9';
      sequence = sequence * 10 + (c - '0');
    }
    if (!valid) {
      throw new DataException(
          "field 'source.file': cannot read a binlog sequence number from '"
              + file
              + "', expected a name like mysql-bin.000123");
    }
    return sequence;
  }

  /** Encodes a binlog position; see the class documentation. */
  public static String binlog(long fileSequence, long pos, boolean snapshot, long sequence) {
    byte[] out = new byte[FILE_DIGITS + 1 + POS_DIGITS + 1 + 1 + 1 + SEQUENCE_DIGITS];
    int i = pad(out, 0, fileSequence, FILE_DIGITS, "file sequence");
    out[i++] = '-';
    i = pad(out, i, pos, POS_DIGITS, "pos");
    out[i++] = '-';
    out[i++] = (byte) (snapshot ? '0' : '1');
    out[i++] = '-';
    pad(out, i, sequence, SEQUENCE_DIGITS, "sequence");
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  /** Encodes a GTID ({@code uuid:number}) position; see the class documentation. */
  public static String gtid(String gtid, boolean snapshot, long sequence) {
    int colon = gtid.lastIndexOf(':');
    long txn;
    try {
      txn = Long.parseLong(gtid.substring(colon + 1));
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      txn = -1;
    }
    if (colon <= 0 || txn < 0 || gtid.indexOf(',') >= 0) {
      throw new DataException(
          "field 'source.gtid': '"
              + gtid
              + "' is not a single GTID of the form server_uuid:number");
    }
    StringBuilder b = new StringBuilder(2 + colon + 1 + POS_DIGITS + 3 + SEQUENCE_DIGITS);
    b.append("g:").append(gtid, 0, colon).append(':');
    byte[] buf = new byte[POS_DIGITS];
    pad(buf, 0, txn, POS_DIGITS, "gtid transaction");
    b.append(new String(buf, StandardCharsets.ISO_8859_1))
        .append('-')
        .append(snapshot ? '0' : '1')
        .append('-');
    buf = new byte[SEQUENCE_DIGITS];
    pad(buf, 0, sequence, SEQUENCE_DIGITS, "sequence");
    return b.append(new String(buf, StandardCharsets.ISO_8859_1)).toString();
  }

  private static int pad(byte[] out, int start, long value, int digits, String what) {
    if (value < 0) {
      throw new DataException("change position: " + what + " " + value + " is negative");
    }
    int end = start + digits;
    for (int i = end - 1; i >= start; i--) {
      out[i] = (byte) ('0' + (value % 10));
      value /= 10;
    }
    if (value != 0) {
      throw new DataException(
          "change position: " + what + " does not fit in " + digits + " digits");
    }
    return end;
  }

  private static long asLong(Object value, String field, long absent) {
    if (value == null) {
      return absent;
    }
    if (value instanceof Number n) {
      return n.longValue();
    }
    throw new DataException(
        "field '" + field + "': expected a number but found " + value.getClass().getSimpleName());
  }
}
