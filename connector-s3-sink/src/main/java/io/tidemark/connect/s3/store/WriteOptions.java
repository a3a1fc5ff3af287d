package io.tidemark.connect.s3.store;

import io.tidemark.connect.s3.S3SinkConfig;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** Server-side encryption and canned ACL headers put on every object the sink writes. */
public record WriteOptions(ServerSideEncryption sse, String kmsKeyId, ObjectCannedACL acl) {

  public static WriteOptions fromConfig(S3SinkConfig config) {
    ServerSideEncryption sse =
        switch (config.sseType()) {
          case NONE -> null;
          case SSE_S3 -> ServerSideEncryption.AES256;
          case SSE_KMS -> ServerSideEncryption.AWS_KMS;
        };
    String kms = config.getString(S3SinkConfig.S3_SSE_KMS_KEY_ID).trim();
    ObjectCannedACL acl =
        switch (config.cannedAcl()) {
          case NONE -> null;
          case PRIVATE -> ObjectCannedACL.PRIVATE;
          case BUCKET_OWNER_READ -> ObjectCannedACL.BUCKET_OWNER_READ;
          case BUCKET_OWNER_FULL_CONTROL -> ObjectCannedACL.BUCKET_OWNER_FULL_CONTROL;
        };
    return new WriteOptions(sse, kms.isEmpty() ? null : kms, acl);
  }

  void apply(PutObjectRequest.Builder r) {
    if (sse != null) {
      r.serverSideEncryption(sse);
      if (kmsKeyId != null) {
        r.ssekmsKeyId(kmsKeyId);
      }
    }
    if (acl != null) {
      r.acl(acl);
    }
  }

  void apply(CreateMultipartUploadRequest.Builder r) {
    if (sse != null) {
      r.serverSideEncryption(sse);
      if (kmsKeyId != null) {
        r.ssekmsKeyId(kmsKeyId);
      }
    }
    if (acl != null) {
      r.acl(acl);
    }
  }
}
