package io.tidemark.connect.s3.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.connect.s3.errors.Retrier;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * CompleteMultipartUpload is the one S3 write that is not idempotent: a request that completed the
 * upload but whose reply was lost is retried, and the retry gets NoSuchUpload. A small S3 that
 * behaves as AWS documents (upload ids forgotten once completed or aborted, multipart ETags made
 * from the parts' MD5s) stands behind the real {@link S3ObjectStore} and its {@link Retrier}.
 */
class LostCompleteReplyTest {

  private final FakeS3 s3 = new FakeS3();
  private final S3ObjectStore store =
      new S3ObjectStore(
          s3, "lake", new WriteOptions(null, null, null), new Retrier(3, 0, 0, ms -> {}));

  @Test
  void aCompleteWhoseReplyWasLostIsDoneNotFatal() throws Exception {
    ObjectStore.MultipartUpload upload = upload("a/file", "part one", "part two");
    s3.loseNextCompleteReply = true;
    upload.complete();
    assertThat(s3.objects.get("a/file")).isEqualTo("part onepart two");
    assertThat(s3.completeCalls).isEqualTo(2);
  }

  @Test
  void anUploadAbortedBySomeoneElseIsWrittenAgainNotTakenForDone() throws Exception {
    ObjectStore.MultipartUpload upload = upload("a/file", "part one", "part two");
    s3.uploads.clear(); // aborted: e.g. a new owner's recovery, or a lifecycle rule
    assertThatThrownBy(upload::complete)
        .isInstanceOf(RetriableException.class)
        .hasMessageContaining("s3://lake/a/file")
        .hasMessageContaining("written again");
  }

  @Test
  void anotherObjectUnderTheKeyOfTheSameSizeIsNotTakenForOurs() throws Exception {
    ObjectStore.MultipartUpload upload = upload("a/file", "part one", "part two");
    s3.uploads.clear();
    // Another writer completed the same key from parts of the same total size but other bytes.
    s3.objects.put("a/file", "PART ONEPART TWO");
    s3.etags.put("a/file", FakeS3.multipartETag("PART ONE", "PART TWO"));
    assertThatThrownBy(upload::complete).isInstanceOf(RetriableException.class);
  }

  private ObjectStore.MultipartUpload upload(String key, String... parts) throws Exception {
    ObjectStore.MultipartUpload upload = store.startMultipart(key);
    for (String part : parts) {
      byte[] bytes = part.getBytes();
      upload.uploadPart(new ByteArrayInputStream(bytes), bytes.length);
    }
    return upload;
  }

  /** Just enough of S3 for one multipart upload at a time, as AWS documents it. */
  private static final class FakeS3 implements S3Client {
    final Map<String, String> objects = new HashMap<>();
    final Map<String, String> etags = new HashMap<>();
    final Map<String, ByteArrayOutputStream> uploads = new HashMap<>();
    final Map<String, java.util.List<String>> uploadParts = new HashMap<>();
    boolean loseNextCompleteReply;
    int completeCalls;

    @Override
    public CreateMultipartUploadResponse createMultipartUpload(CreateMultipartUploadRequest r) {
      uploads.put(r.key(), new ByteArrayOutputStream());
      uploadParts.put(r.key(), new java.util.ArrayList<>());
      return CreateMultipartUploadResponse.builder().uploadId("u-" + r.key()).build();
    }

    @Override
    public UploadPartResponse uploadPart(UploadPartRequest r, RequestBody body) {
      try {
        byte[] bytes = body.contentStreamProvider().newStream().readAllBytes();
        uploads.get(r.key()).write(bytes);
        String etag = md5(new String(bytes));
        uploadParts.get(r.key()).add(new String(bytes));
        return UploadPartResponse.builder().eTag("\"" + etag + "\"").build();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(
        CompleteMultipartUploadRequest r) {
      completeCalls++;
      ByteArrayOutputStream upload = uploads.remove(r.key());
      if (upload == null) {
        throw (NoSuchUploadException)
            NoSuchUploadException.builder().statusCode(404).message("NoSuchUpload").build();
      }
      objects.put(r.key(), upload.toString());
      etags.put(r.key(), multipartETag(uploadParts.get(r.key()).toArray(String[]::new)));
      if (loseNextCompleteReply) {
        loseNextCompleteReply = false;
        throw SdkClientException.create(
            "reply lost", new java.net.SocketTimeoutException("Read timed out"));
      }
      return CompleteMultipartUploadResponse.builder().build();
    }

    @Override
    public HeadObjectResponse headObject(HeadObjectRequest r) {
      String body = objects.get(r.key());
      if (body == null) {
        throw NoSuchKeyException.builder().statusCode(404).build();
      }
      return HeadObjectResponse.builder()
          .contentLength((long) body.length())
          .eTag("\"" + etags.get(r.key()) + "\"")
          .build();
    }

    static String multipartETag(String... parts) {
      try {
        MessageDigest all = MessageDigest.getInstance("MD5");
        for (String p : parts) {
          all.update(MessageDigest.getInstance("MD5").digest(p.getBytes()));
        }
        return HexFormat.of().formatHex(all.digest()) + "-" + parts.length;
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    static String md5(String s) {
      try {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes()));
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public String serviceName() {
      return "s3";
    }

    @Override
    public void close() {}
  }
}
