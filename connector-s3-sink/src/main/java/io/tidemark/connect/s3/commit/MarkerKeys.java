package io.tidemark.connect.s3.commit;

/**
 * Where commit markers live: {@code
 * <prefix>/_tidemark/markers/<connector>/<topic>/<partition>.json}. Outside every topic folder
 * (Athena table locations), and per connector, so two connectors writing one bucket never share a
 * marker. The leading underscore also hides the folder from Hive/Athena.
 */
public final class MarkerKeys {

  private final String base;

  public MarkerKeys(String prefix, String connectorName) {
    String p = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
    this.base = (p.isEmpty() ? "" : p + "/") + "_tidemark/markers/" + connectorName + "/";
  }

  public String markerKey(String topic, int partition) {
    return base + topic + "/" + partition + ".json";
  }
}
