package io.tidemark.connect.s3.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.connect.s3.S3SinkConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

class WriteOptionsTest {

  private static S3SinkConfig config(Map<String, String> extra) {
    Map<String, String> p = new HashMap<>(Map.of(S3SinkConfig.S3_BUCKET_NAME, "lake"));
    p.putAll(extra);
    return new S3SinkConfig(p);
  }

  @Test
  void kmsEncryptionAndCannedAclGoOnPutsAndMultipartUploads() {
    WriteOptions o =
        WriteOptions.fromConfig(
            config(
                Map.of(
                    S3SinkConfig.S3_SSE_TYPE,
                    "SSE_KMS",
                    S3SinkConfig.S3_SSE_KMS_KEY_ID,
                    "arn:aws:kms:eu-west-1:1:key/k",
                    S3SinkConfig.S3_ACL_CANNED,
                    "BUCKET_OWNER_FULL_CONTROL")));
    PutObjectRequest.Builder put = PutObjectRequest.builder().bucket("lake").key("k");
    o.apply(put);
    assertThat(put.build().serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
    assertThat(put.build().ssekmsKeyId()).isEqualTo("arn:aws:kms:eu-west-1:1:key/k");
    assertThat(put.build().acl()).isEqualTo(ObjectCannedACL.BUCKET_OWNER_FULL_CONTROL);
    CreateMultipartUploadRequest.Builder mpu =
        CreateMultipartUploadRequest.builder().bucket("lake").key("k");
    o.apply(mpu);
    assertThat(mpu.build().serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
    assertThat(mpu.build().acl()).isEqualTo(ObjectCannedACL.BUCKET_OWNER_FULL_CONTROL);
  }

  @Test
  void defaultsSendNoEncryptionOrAclHeaders() {
    PutObjectRequest.Builder put = PutObjectRequest.builder().bucket("lake").key("k");
    WriteOptions.fromConfig(config(Map.of())).apply(put);
    assertThat(put.build().serverSideEncryption()).isNull();
    assertThat(put.build().acl()).isNull();
    PutObjectRequest.Builder s3 = PutObjectRequest.builder().bucket("lake").key("k");
    WriteOptions.fromConfig(config(Map.of(S3SinkConfig.S3_SSE_TYPE, "SSE_S3"))).apply(s3);
    assertThat(s3.build().serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
    assertThat(s3.build().ssekmsKeyId()).isNull();
  }
}
