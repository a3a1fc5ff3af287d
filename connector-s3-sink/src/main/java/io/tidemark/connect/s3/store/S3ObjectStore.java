package io.tidemark.connect.s3.store;

import io.tidemark.connect.s3.S3SinkConfig;
import io.tidemark.connect.s3.errors.PreconditionFailedException;
import io.tidemark.connect.s3.errors.Retrier;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.connect.errors.RetriableException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The {@link ObjectStore} port on AWS SDK v2. Every call goes through the {@link Retrier}, so a
 * transient failure is retried and then surfaces as a {@code RetriableException}, a configuration
 * failure as a {@code ConnectException}. Written objects carry the configured SSE and canned ACL.
 */
public final class S3ObjectStore implements ObjectStore {

  private final S3Client s3;
  private final String bucket;
  private final WriteOptions options;
  private final Retrier retrier;

  public S3ObjectStore(S3Client s3, String bucket, WriteOptions options, Retrier retrier) {
    this.s3 = s3;
    this.bucket = bucket;
    this.options = options;
    this.retrier = retrier;
  }

  public static S3ObjectStore fromConfig(S3SinkConfig config) {
    return fromConfig(config, () -> {});
  }

  /** {@code onRetry} runs once per retried call (the task's retry metric). */
  public static S3ObjectStore fromConfig(S3SinkConfig config, Runnable onRetry) {
    Retrier retrier =
        new Retrier(
            config.getInt(S3SinkConfig.RETRY_MAX_ATTEMPTS),
            config.getLong(S3SinkConfig.RETRY_BACKOFF_INITIAL_MS),
            config.getLong(S3SinkConfig.RETRY_BACKOFF_MAX_MS),
            Thread::sleep,
            onRetry);
    return new S3ObjectStore(
        S3Clients.create(config),
        config.getString(S3SinkConfig.S3_BUCKET_NAME).trim(),
        WriteOptions.fromConfig(config),
        retrier);
  }

  @Override
  public String bucket() {
    return bucket;
  }

  @Override
  public void put(String key, byte[] data) {
    PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket).key(key);
    options.apply(request);
    PutObjectRequest built = request.build();
    retrier.call("PUT", bucket, key, () -> s3.putObject(built, RequestBody.fromBytes(data)));
  }

  @Override
  public void put(String key, byte[] data, Deadline deadline) {
    PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket).key(key);
    options.apply(request);
    retrier.call(
        "PUT",
        bucket,
        key,
        () -> {
          ObjectStore.refuseAfter(deadline, key);
          PutObjectRequest bounded =
              request
                  .overrideConfiguration(o -> o.apiCallAttemptTimeout(deadline.remaining()))
                  .build();
          return s3.putObject(bounded, RequestBody.fromBytes(data));
        });
  }

  @Override
  public Optional<byte[]> get(String key) {
    return getVersioned(key).map(Versioned::data);
  }

  @Override
  public Optional<Versioned> getVersioned(String key) {
    return retrier.call(
        "GET",
        bucket,
        key,
        () -> {
          try {
            var object = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key));
            return Optional.of(new Versioned(object.asByteArray(), object.response().eTag()));
          } catch (NoSuchKeyException e) {
            return Optional.empty();
          }
        });
  }

  @Override
  public String putIfMatch(String key, byte[] data, String expectedEtag) {
    PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket).key(key);
    if (expectedEtag == null) {
      request.ifNoneMatch("*");
    } else {
      request.ifMatch(expectedEtag);
    }
    options.apply(request);
    PutObjectRequest built = request.build();
    return retrier.call(
        "PUT",
        bucket,
        key,
        () -> {
          try {
            return s3.putObject(built, RequestBody.fromBytes(data)).eTag();
          } catch (S3Exception e) {
            if (e.statusCode() == 409) {
              // ConditionalRequestConflict: a concurrent write to the key; S3 says retry.
              throw new IOException("conditional write conflict on " + key, e);
            }
            boolean failed =
                e.statusCode() == 412 || (e.statusCode() == 404 && expectedEtag != null);
            if (!failed) {
              throw e;
            }
            // An earlier attempt may have written exactly this and lost its reply.
            Optional<Versioned> now = getVersioned(key);
            if (now.isPresent() && java.util.Arrays.equals(now.get().data(), data)) {
              return now.get().etag();
            }
            throw new PreconditionFailedException(
                "s3://" + bucket + "/" + key + " was changed by another writer");
          }
        });
  }

  @Override
  public Optional<Long> size(String key) {
    return retrier.call(
        "HEAD",
        bucket,
        key,
        () -> {
          try {
            return Optional.of(s3.headObject(r -> r.bucket(bucket).key(key)).contentLength());
          } catch (NoSuchKeyException e) {
            return Optional.empty();
          } catch (S3Exception e) {
            if (e.statusCode() == 404) {
              return Optional.empty();
            }
            throw e;
          }
        });
  }

  @Override
  public void delete(String key) {
    retrier.call("DELETE", bucket, key, () -> s3.deleteObject(r -> r.bucket(bucket).key(key)));
    abortUploads(key);
  }

  @Override
  public void abortUploads(String key) {
    for (String uploadId : unfinishedUploads(key)) {
      abort(key, uploadId);
    }
  }

  private List<String> unfinishedUploads(String key) {
    return retrier.call(
        "LIST UPLOADS",
        bucket,
        key,
        () -> {
          List<String> ids = new ArrayList<>();
          try {
            for (software.amazon.awssdk.services.s3.model.MultipartUpload u :
                s3.listMultipartUploads(r -> r.bucket(bucket).prefix(key)).uploads()) {
              if (u.key().equals(key)) {
                ids.add(u.uploadId());
              }
            }
          } catch (S3Exception e) {
            if (e.statusCode() != 501) {
              throw e;
            }
            // The server cannot list uploads (some S3-compatible stores): a lifecycle rule cleans
            // them.
          }
          return ids;
        });
  }

  private void abort(String key, String uploadId) {
    retrier.call(
        "ABORT UPLOAD",
        bucket,
        key,
        () -> {
          try {
            return s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
          } catch (NoSuchUploadException e) {
            return null;
          }
        });
  }

  @Override
  public List<String> list(String prefix) {
    return retrier.call(
        "LIST",
        bucket,
        prefix,
        () -> {
          List<String> keys = new ArrayList<>();
          for (S3Object o :
              s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents()) {
            keys.add(o.key());
          }
          keys.sort(null);
          return keys;
        });
  }

  @Override
  public MultipartUpload startMultipart(String key) {
    CreateMultipartUploadRequest.Builder request =
        CreateMultipartUploadRequest.builder().bucket(bucket).key(key);
    options.apply(request);
    CreateMultipartUploadRequest built = request.build();
    String uploadId =
        retrier.call(
            "CREATE UPLOAD", bucket, key, () -> s3.createMultipartUpload(built).uploadId());
    return new Upload(key, uploadId);
  }

  @Override
  public void close() {
    s3.close();
  }

  /** One multipart upload; parts are read into memory once so a retry can resend them. */
  private final class Upload implements ObjectStore.MultipartUpload {
    private final String key;
    private final String uploadId;
    private final List<CompletedPart> parts = new ArrayList<>();
    private final List<String> partETags = new ArrayList<>();
    private long uploadedBytes;
    private boolean done;

    Upload(String key, String uploadId) {
      this.key = key;
      this.uploadId = uploadId;
    }

    @Override
    public String key() {
      return key;
    }

    @Override
    public void uploadPart(InputStream data, long length) throws IOException {
      byte[] bytes = data.readNBytes(Math.toIntExact(length));
      if (bytes.length != length) {
        throw new IOException(
            "part of " + key + " is " + bytes.length + " bytes, expected " + length);
      }
      int number = parts.size() + 1;
      String etag =
          retrier.call(
              "UPLOAD PART " + number,
              bucket,
              key,
              () ->
                  s3.uploadPart(
                          r ->
                              r.bucket(bucket)
                                  .key(key)
                                  .uploadId(uploadId)
                                  .partNumber(number)
                                  .contentLength(length),
                          RequestBody.fromBytes(bytes))
                      .eTag());
      parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
      partETags.add(etag);
      uploadedBytes += length;
    }

    /**
     * Completes the upload. A request can complete it and still fail (the reply lost): the retry
     * then gets {@code NoSuchUpload}, and so does a request after someone else aborted the upload.
     * The object itself tells which: the one these parts make (same size, and the multipart ETag of
     * these parts where S3 reports one) means done; anything else means the upload is gone and the
     * file must be written again (a {@code RetriableException}: the partition rewinds).
     */
    @Override
    public void complete() {
      complete(null);
    }

    @Override
    public void complete(Deadline deadline) {
      retrier.call(
          "COMPLETE UPLOAD",
          bucket,
          key,
          () -> {
            if (deadline != null) {
              ObjectStore.refuseAfter(deadline, key);
            }
            try {
              return s3.completeMultipartUpload(
                  r -> {
                    r.bucket(bucket)
                        .key(key)
                        .uploadId(uploadId)
                        .multipartUpload(m -> m.parts(parts));
                    if (deadline != null) {
                      r.overrideConfiguration(o -> o.apiCallAttemptTimeout(deadline.remaining()));
                    }
                  });
            } catch (NoSuchUploadException e) {
              if (isCompletedObject()) {
                return null;
              }
              throw new RetriableException(
                  "S3 multipart upload of s3://"
                      + bucket
                      + "/"
                      + key
                      + " no longer exists and the object is not the one it would make: the file"
                      + " is written again",
                  e);
            }
          });
      done = true;
    }

    private boolean isCompletedObject() {
      HeadObjectResponse head;
      try {
        head = s3.headObject(r -> r.bucket(bucket).key(key));
      } catch (NoSuchKeyException e) {
        return false;
      }
      if (head.contentLength() != uploadedBytes) {
        return false;
      }
      String etag = head.eTag() == null ? "" : head.eTag().replace("\"", "");
      return !MultipartETag.isMultipart(etag) || etag.equals(MultipartETag.of(partETags));
    }

    @Override
    public void abort() {
      if (!done) {
        S3ObjectStore.this.abort(key, uploadId);
        done = true;
      }
    }
  }
}
