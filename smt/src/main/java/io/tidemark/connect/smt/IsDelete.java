package io.tidemark.connect.smt;

import io.tidemark.connect.smt.cdc.Envelope;
import io.tidemark.connect.smt.util.Configs;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.transforms.predicates.Predicate;

/**
 * True for a delete: a Debezium envelope with {@code op=d}, a row flattened by CdcUnwrap whose
 * deleted flag is true (boolean or the string "true"), or a tombstone (null value).
 */
public class IsDelete<R extends ConnectRecord<R>> implements Predicate<R> {

  public static final String OVERVIEW_DOC =
      "Predicate: true for a CDC delete (a Debezium envelope with op=d, or a row "
          + "whose deleted flag is true) or a tombstone.";

  public static final String TOMBSTONE_MATCHES = "tombstone.matches.enabled";
  public static final String DELETED_FIELD = "deleted.field";

  public static final ConfigDef CONFIG_DEF =
      new ConfigDef()
          .define(
              TOMBSTONE_MATCHES,
              ConfigDef.Type.BOOLEAN,
              true,
              ConfigDef.Importance.MEDIUM,
              "Whether a tombstone (null value) counts as a delete.",
              "Delete",
              1,
              ConfigDef.Width.SHORT,
              "Tombstones")
          .define(
              DELETED_FIELD,
              ConfigDef.Type.STRING,
              "__deleted",
              Configs.OPTIONAL_FIELD_NAME,
              ConfigDef.Importance.MEDIUM,
              "Top-level field of a flattened row that flags deletes (CdcUnwrap's field.deleted); empty to check "
                  + "envelopes and tombstones only.",
              "Delete",
              2,
              ConfigDef.Width.SHORT,
              "Deleted flag field");

  private boolean tombstones;
  private String deletedField;

  @Override
  public void configure(Map<String, ?> props) {
    AbstractConfig c = new AbstractConfig(CONFIG_DEF, props);
    tombstones = c.getBoolean(TOMBSTONE_MATCHES);
    deletedField = c.getString(DELETED_FIELD).isEmpty() ? null : c.getString(DELETED_FIELD);
  }

  @Override
  public boolean test(R record) {
    Object value = record.value();
    if (value == null) {
      return tombstones;
    }
    if (Envelope.classify(record.valueSchema(), value) == Envelope.Kind.CHANGE) {
      return "d".equals(Envelope.field(value, Envelope.OP));
    }
    if (deletedField != null) {
      Object flag = Envelope.field(value, deletedField);
      return Boolean.TRUE.equals(flag) || "true".equals(flag);
    }
    return false;
  }

  @Override
  public ConfigDef config() {
    return CONFIG_DEF;
  }

  @Override
  public void close() {}
}
