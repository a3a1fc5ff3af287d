package io.tidemark.connect.athena;

import io.tidemark.connect.athena.mapping.TableMapping;
import io.tidemark.connect.athena.plan.BatchPlanner;
import io.tidemark.connect.athena.plan.CommitEvent;
import io.tidemark.connect.athena.plan.LandedObjects;
import io.tidemark.connect.athena.plan.MergeBatch;
import io.tidemark.connect.athena.sql.MergeSql;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One-off runs and backfills with the connector's own config (a .properties file, or the shipped
 * JSON {@code {"name":...,"config":{...}}} with placeholders already filled):
 *
 * <pre>
 * java -cp 'tidemark-athena-merge-*&#47;lib/*' io.tidemark.connect.athena.AthenaMergeCli \
 *     --config athena-merge.properties --table users [--prefix s3://lake/raw/db.users/partition=3/]
 *     [--full] [--dry-run] [--s3-endpoint http://127.0.0.1:9000] [--print-aggregate]
 * </pre>
 *
 * {@code --prefix} lists the landed objects under the prefix (default: the table's landing
 * location) and merges them in planner batches, exactly like the connector (same SQL, same request
 * tokens, so it is safe to run beside it or twice); {@code --full} runs the full-rescan MERGE
 * instead; {@code --dry-run} prints the statements. Exit code 0 on success, 1 on a failed
 * statement, 2 on bad arguments.
 */
public final class AthenaMergeCli {

  private AthenaMergeCli() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    Map<String, String> opts = new LinkedHashMap<>();
    try {
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("--full") || a.equals("--dry-run") || a.equals("--print-aggregate")) {
          opts.put(a, "true");
        } else if (a.startsWith("--") && i + 1 < args.length) {
          opts.put(a, args[++i]);
        } else {
          throw new IllegalArgumentException("unknown argument " + a);
        }
      }
      if (!opts.containsKey("--config")) {
        throw new IllegalArgumentException("--config <file> is required");
      }
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println(
          "usage: AthenaMergeCli --config <file.properties|file.json> [--table <name>] [--prefix s3://...] [--full] "
              + "[--dry-run] [--s3-endpoint <url>] [--print-aggregate]");
      return 2;
    }
    try {
      AthenaMergeConfig config = new AthenaMergeConfig(load(Path.of(opts.get("--config"))));
      try (MergeAssembly assembly = new MergeAssembly(config, "[cli] ")) {
        if (opts.containsKey("--table")) {
          TableMapping mapping =
              config.tableMappings().stream()
                  .filter(m -> m.alias().equals(opts.get("--table")))
                  .findFirst()
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              "--table "
                                  + opts.get("--table")
                                  + " is not one of "
                                  + config.getList(AthenaMergeConfig.TABLES)));
          merge(config, assembly, mapping, opts, out);
        }
        if (opts.containsKey("--print-aggregate")) {
          var agg =
              assembly
                  .userTransactions()
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              "--print-aggregate needs "
                                  + AthenaMergeConfig.AGG_ENABLED
                                  + "=true"));
          out.println("dt | user_id | total_cost_usd | registration_date");
          for (List<String> row :
              assembly.engine().query(agg.selectAll(), "tm-print-" + java.util.UUID.randomUUID())) {
            out.println(String.join(" | ", row.stream().map(String::valueOf).toList()));
          }
        }
      }
      return 0;
    } catch (IllegalArgumentException | org.apache.kafka.common.config.ConfigException e) {
      err.println(e.getMessage());
      return 2;
    } catch (RuntimeException e) {
      err.println("failed: " + e.getMessage());
      return 1;
    }
  }

  private static void merge(
      AthenaMergeConfig config,
      MergeAssembly assembly,
      TableMapping mapping,
      Map<String, String> opts,
      PrintStream out) {
    boolean dryRun = opts.containsKey("--dry-run");
    if (opts.containsKey("--full")) {
      String sql = MergeSql.fullRescan(mapping);
      if (dryRun) {
        out.println(sql + ";");
      } else {
        assembly.setUpTables();
        var r = assembly.engine().execute(sql, "tm-full-" + java.util.UUID.randomUUID());
        out.printf(
            "table %s: full-rescan MERGE done, query %s, %d bytes scanned%n",
            mapping.alias(), r.queryId(), r.bytesScanned());
      }
      return;
    }
    String prefix = opts.getOrDefault("--prefix", mapping.landingLocation());
    List<CommitEvent> events =
        list(config, mapping, prefix, Optional.ofNullable(opts.get("--s3-endpoint")));
    out.printf("table %s: %d objects under %s%n", mapping.alias(), events.size(), prefix);
    if (events.isEmpty()) {
      return;
    }
    if (dryRun) {
      BatchPlanner planner =
          new BatchPlanner(
              config.getInt(AthenaMergeConfig.BATCH_MAX_QUERY_BYTES),
              config.getInt(AthenaMergeConfig.BATCH_MAX_PARTITIONS),
              config.getInt(AthenaMergeConfig.BATCH_MAX_FILES));
      for (MergeBatch b : planner.plan(mapping, events)) {
        out.println(b.sql() + ";");
      }
      return;
    }
    assembly.setUpTables();
    long scanned = assembly.merger().merge(mapping, events);
    out.printf(
        "table %s: merged %d objects, %d bytes scanned by the MERGEs%n",
        mapping.alias(), events.size(), scanned);
  }

  private static List<CommitEvent> list(
      AthenaMergeConfig config, TableMapping mapping, String prefix, Optional<String> endpoint) {
    String base =
        mapping.landingLocation().endsWith("/")
            ? mapping.landingLocation()
            : mapping.landingLocation() + "/";
    if (!prefix.startsWith(base) && !(prefix + "/").equals(base)) {
      throw new IllegalArgumentException(
          "--prefix "
              + prefix
              + " is not under table."
              + mapping.alias()
              + ".landing.location "
              + base);
    }
    String rest = prefix.substring("s3://".length());
    String bucket = rest.substring(0, rest.indexOf('/'));
    String keyPrefix = rest.substring(rest.indexOf('/') + 1);
    S3ClientBuilder b = S3Client.builder().forcePathStyle(endpoint.isPresent());
    String region = config.getString(AthenaMergeConfig.ATHENA_REGION);
    b.region(Region.of(region.isBlank() ? "us-east-1" : region));
    endpoint.map(URI::create).ifPresent(b::endpointOverride);
    String keyId = config.getString(AthenaMergeConfig.ATHENA_ACCESS_KEY);
    b.credentialsProvider(
        keyId.isBlank()
            ? DefaultCredentialsProvider.builder().build()
            : StaticCredentialsProvider.create(
                AwsBasicCredentials.create(
                    keyId, config.getPassword(AthenaMergeConfig.ATHENA_SECRET_KEY).value())));
    List<CommitEvent> events = new ArrayList<>();
    try (S3Client s3 = b.build()) {
      for (S3Object o :
          s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(keyPrefix)).contents()) {
        LandedObjects.event(mapping, bucket, o.key(), o.size()).ifPresent(events::add);
      }
    }
    return events;
  }

  /** A .properties file, or a connector JSON document ({"config": {...}} or a flat object). */
  static Map<String, String> load(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      Map<String, String> props = new LinkedHashMap<>();
      if (text.stripLeading().startsWith("{")) {
        JsonNode root = JsonNodeParser.create().parse(text);
        JsonNode config =
            root.asObject().containsKey("config") ? root.field("config").orElseThrow() : root;
        config
            .asObject()
            .forEach((k, v) -> props.put(k, v.isString() ? v.asString() : v.toString()));
      } else {
        Properties p = new Properties();
        p.load(new java.io.StringReader(text));
        p.stringPropertyNames().forEach(k -> props.put(k, p.getProperty(k)));
      }
      return props;
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("cannot read --config " + file + ": " + e.getMessage(), e);
    }
  }
}
