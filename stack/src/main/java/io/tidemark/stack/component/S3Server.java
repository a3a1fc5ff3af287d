package io.tidemark.stack.component;

import io.tidemark.stack.StackContext;
import io.tidemark.stack.StackFiles;
import io.tidemark.stack.process.JavaCommand;
import io.tidemark.stack.process.ManagedProcess;
import io.tidemark.stack.process.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3-compatible server: S3Proxy in its own JVM over a filesystem store under the work folder,
 * with AWS signature checks on and one bucket ready.
 */
public final class S3Server extends ProcessComponent {
  public static final String VERSION = "4.1.0";
  public static final String BUCKET = "tidemark-lake";
  public static final String REGION = "us-east-1";
  public static final String ACCESS_KEY = "tidemark-local";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final int requestedPort;
  private int port;
  private String secretKey;
  private Path dataDir;

  public S3Server(int port) {
    super(START_TIMEOUT, Duration.ofSeconds(10));
    this.requestedPort = port;
  }

  @Override
  public String name() {
    return "s3";
  }

  @Override
  public void start(StackContext context) {
    port = Ports.claim(requestedPort, name(), "--s3-port");
    secretKey = context.secrets().get("aws.secret.access.key");
    Path dir = context.dir(name());
    dataDir = dir.resolve("data");
    Path jar = context.artifacts().file("org.gaul:s3proxy:jar:jar-with-dependencies:" + VERSION);
    Path config = writeConfig(dir);
    launch(
        new ManagedProcess(
            name(),
            JavaCommand.onThisJdk()
                .jvm("-Xmx384m", "-XX:+ExitOnOutOfMemoryError")
                .jar(jar, "--properties", config.toString())
                .toList(),
            dir,
            context.logFile(name()),
            Map.of()));
  }

  private Path writeConfig(Path dir) {
    Properties props = new Properties();
    props.setProperty("s3proxy.endpoint", endpoint());
    props.setProperty("s3proxy.authorization", "aws-v2-or-v4");
    props.setProperty("s3proxy.identity", ACCESS_KEY);
    props.setProperty("s3proxy.credential", secretKey);
    // Trino and newer SDKs send headers S3Proxy does not know; real S3 ignores them too.
    props.setProperty("s3proxy.ignore-unknown-headers", "true");
    props.setProperty("jclouds.provider", "filesystem");
    props.setProperty("jclouds.filesystem.basedir", dataDir.toString());
    props.setProperty("jclouds.identity", ACCESS_KEY);
    props.setProperty("jclouds.credential", secretKey);
    try {
      // With the filesystem store, a bucket is a folder.
      Files.createDirectories(dataDir.resolve(BUCKET));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path file = StackFiles.writePrivate(dir.resolve("s3proxy.properties"), "");
    return StackFiles.writeProperties(file, props, "Tidemark local stack S3Proxy");
  }

  @Override
  boolean isReady() {
    if (!Ports.isListening(port)) {
      return false;
    }
    // Signed, as every client signs: the server answers, checks signatures and has the bucket.
    try (S3Client s3 = client()) {
      s3.headBucket(b -> b.bucket(BUCKET));
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public String secretKey() {
    return secretKey;
  }

  /** The folder behind the store, for tests that look at the bytes that landed. */
  public Path dataDir() {
    return dataDir;
  }

  /** An S3 client for this server (path-style, static keys); the caller closes it. */
  public S3Client client() {
    return S3Client.builder()
        .endpointOverride(URI.create(endpoint()))
        .region(Region.of(REGION))
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, secretKey)))
        .build();
  }

  @Override
  public Map<String, Object> endpoints() {
    Map<String, Object> endpoints = new LinkedHashMap<>();
    endpoints.put("endpoint", endpoint());
    endpoints.put("region", REGION);
    endpoints.put("bucket", BUCKET);
    endpoints.put("accessKeyId", ACCESS_KEY);
    endpoints.put("secretAccessKey", secretKey);
    endpoints.put("pathStyle", true);
    endpoints.put("version", "S3Proxy " + VERSION);
    return endpoints;
  }

  @Override
  public Set<String> secretKeys() {
    return Set.of("secretAccessKey");
  }

  @Override
  public Map<String, String> placeholders() {
    return Map.of(
        "S3_ENDPOINT", endpoint(),
        "S3_BUCKET", BUCKET,
        "AWS_REGION", REGION,
        "AWS_ACCESS_KEY_ID", ACCESS_KEY);
  }
}
