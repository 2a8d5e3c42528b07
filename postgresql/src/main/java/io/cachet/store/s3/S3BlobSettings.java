package io.cachet.store.s3;

import java.net.URI;
import java.util.Objects;

/**
 * Where the blobs of an {@link S3BlobStore} live and how to reach them.
 *
 * <p>{@link #toString()} never shows the credentials: settings may end up in a log line or an exception.
 *
 * @param bucket the bucket, which must exist; Cachet never creates it
 * @param prefix the key prefix under which this store's objects live, without a leading or trailing slash;
 *     empty for the bucket's top level. Its segments are never {@code .} or {@code ..}, which some
 *     S3-compatible servers map onto directories
 * @param endpoint the S3 endpoint, or null for AWS's endpoint of the region
 * @param region the region, also signed into every request by S3-compatible servers
 * @param pathStyle whether the bucket goes in the path ({@code endpoint/bucket/key}) rather than the host name
 * @param accessKeyId the access key id, or null (with the secret) for the SDK's default credential chain
 * @param secretAccessKey the secret access key, or null (with the id) for the SDK's default credential chain
 */
public record S3BlobSettings(String bucket, String prefix, URI endpoint, String region, boolean pathStyle,
    String accessKeyId, String secretAccessKey) {
  private static final String REDACTED = "(redacted)";

  /**
   * Checks the settings and normalizes the prefix: no trailing slash, null read as empty.
   *
   * @param bucket the bucket, which must exist
   * @param prefix the key prefix, without a leading slash, or null or empty for the bucket's top level
   * @param endpoint the S3 endpoint, or null for AWS's endpoint of the region
   * @param region the region
   * @param pathStyle whether the bucket goes in the path rather than the host name
   * @param accessKeyId the access key id, or null for the SDK's default credential chain
   * @param secretAccessKey the secret access key, or null for the SDK's default credential chain
   * @throws IllegalArgumentException if a setting is missing or malformed
   */
  public S3BlobSettings {
    if (bucket == null || bucket.isBlank() || bucket.contains("/")) {
      throw new IllegalArgumentException("Not a bucket name: " + bucket);
    }
    prefix = normalizedPrefix(prefix);
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException("The S3 region is required");
    }
    if ((accessKeyId == null) != (secretAccessKey == null)) {
      // Named, never shown: which of the two is missing is all the operator needs.
      throw new IllegalArgumentException(
          "Give both the S3 access key id and the secret access key, or neither (for the default credential chain)");
    }
  }

  /**
   * Whether requests are signed with the given access key rather than the SDK's default credential chain.
   *
   * @return true if the access key id and the secret are given
   */
  public boolean hasStaticCredentials() {
    return accessKeyId != null;
  }

  @Override
  public String toString() {
    return "S3BlobSettings[bucket=" + bucket + ", prefix=" + prefix + ", endpoint=" + endpoint + ", region="
        + region + ", pathStyle=" + pathStyle + ", accessKeyId=" + (accessKeyId == null ? null : REDACTED)
        + ", secretAccessKey=" + (secretAccessKey == null ? null : REDACTED) + "]";
  }

  private static String normalizedPrefix(String prefix) {
    String trimmed = Objects.requireNonNullElse(prefix, "");
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    if (trimmed.isEmpty()) {
      return trimmed;
    }
    for (String segment : trimmed.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("Not a key prefix (a leading slash, an empty, . or .. segment): " + prefix);
      }
    }
    return trimmed;
  }
}
