package io.tidemark.connect.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.configs.ConnectorConfig;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.component.S3Server;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** What the sink ITs read back from the stack's S3: the shipped config, markers and objects. */
final class LandedObjects {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LandedObjects() {}

  static long committedOffset(LocalStack stack, String markerKey) throws IOException {
    Optional<byte[]> marker = get(stack, markerKey);
    return marker.isEmpty() ? -1 : JSON.readTree(marker.get()).get("committedOffset").asLong();
  }

  static ConnectorConfig template() throws IOException {
    Path file = Path.of("src/main/etc/s3-sink-local.json");
    JsonNode doc = JSON.readTree(file.toFile());
    Map<String, String> values = new LinkedHashMap<>();
    doc.get("config").fields().forEachRemaining(f -> values.put(f.getKey(), f.getValue().asText()));
    return new ConnectorConfig(file.toString(), doc.get("name").asText(), values);
  }

  static List<String> keys(LocalStack stack, String prefix) {
    try (S3Client s3 = stack.s3().client()) {
      List<String> keys = new ArrayList<>();
      for (S3Object o :
          s3.listObjectsV2Paginator(r -> r.bucket(S3Server.BUCKET).prefix(prefix)).contents()) {
        keys.add(o.key());
      }
      return keys;
    }
  }

  static byte[] bytes(LocalStack stack, String key) {
    return get(stack, key).orElseThrow(() -> new AssertionError("no object " + key));
  }

  static Optional<byte[]> get(LocalStack stack, String key) {
    try (S3Client s3 = stack.s3().client()) {
      return Optional.of(
          s3.getObjectAsBytes(r -> r.bucket(S3Server.BUCKET).key(key)).asByteArray());
    } catch (SdkException e) {
      // NoSuchKey, or S3Proxy answering a missing key without that code: not there (yet).
      return Optional.empty();
    }
  }

  static String gunzip(byte[] gz) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static String markerKey(String prefix, String connector, String topic, int partition) {
    return prefix + "/_tidemark/markers/" + connector + "/" + topic + "/" + partition + ".json";
  }
}
