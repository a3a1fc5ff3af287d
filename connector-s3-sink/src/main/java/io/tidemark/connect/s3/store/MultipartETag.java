package io.tidemark.connect.s3.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The ETag S3 gives an object made by a multipart upload: the MD5 of the parts' binary MD5s, a
 * dash, and the number of parts. Objects encrypted with SSE-KMS or SSE-C have other ETags; {@link
 * #isMultipart} tells the form apart so callers compare only where it applies.
 */
final class MultipartETag {

  private MultipartETag() {}

  static boolean isMultipart(String etag) {
    return etag.matches("[0-9a-f]{32}-[0-9]+");
  }

  /** The ETag of an object made from parts with these (hex MD5) ETags, quotes removed. */
  static String of(List<String> partETags) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      for (String part : partETags) {
        md5.update(HexFormat.of().parseHex(part.replace("\"", "")));
      }
      return HexFormat.of().formatHex(md5.digest()) + "-" + partETags.size();
    } catch (NoSuchAlgorithmException | IllegalArgumentException e) {
      return "";
    }
  }
}
