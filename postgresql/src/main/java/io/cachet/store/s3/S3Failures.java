package io.cachet.store.s3;

import io.cachet.store.StorageException;
import io.cachet.store.StorageException.Kind;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Storage failures of S3 requests, by what the SDK reported. Details name the bucket and S3's error code, never
 * an object key's content beyond hex ids, and never credentials (the SDK does not put them in its messages).
 */
final class S3Failures {
  private static final int FORBIDDEN = 403;
  private static final int NOT_FOUND = 404;
  private static final int SERVICE_UNAVAILABLE = 503;
  private static final String NO_SUCH_BUCKET = "NoSuchBucket";
  private static final String SLOW_DOWN = "SlowDown";

  private final String bucket;

  S3Failures(String bucket) {
    this.bucket = bucket;
  }

  /** The failure of an operation on the namespace (null for none), from the SDK's exception. */
  StorageException failure(String operation, String namespaceId, SdkException cause) {
    if (cause instanceof AwsServiceException service) {
      int status = service.statusCode();
      String code = errorCode(service);
      if (status == FORBIDDEN) {
        return failure(Kind.IO, operation, namespaceId, "access denied to bucket \"" + bucket + "\" (" + code + ")",
            cause);
      }
      if (status == NOT_FOUND && (code.equals(NO_SUCH_BUCKET) || namespaceId == null)) {
        return failure(Kind.IO, operation, namespaceId, missingBucket(), cause);
      }
      if (status == SERVICE_UNAVAILABLE || code.equals(SLOW_DOWN)) {
        return failure(Kind.BUSY, operation, namespaceId,
            "S3 is throttling requests to bucket \"" + bucket + "\" (" + status + " " + code + ")", cause);
      }
      return failure(Kind.IO, operation, namespaceId,
          "S3 answered " + status + " " + code + " for bucket \"" + bucket + "\"", cause);
    }
    if (cause instanceof SdkClientException
        && String.valueOf(cause.getMessage()).startsWith(ReadOnlyRequests.REFUSED)) {
      return failure(Kind.IO, operation, namespaceId, cause.getMessage(), cause);
    }
    if (cause instanceof SdkClientException) {
      return failure(Kind.IO, operation, namespaceId, "S3 is unreachable or did not answer: " + cause.getMessage(),
          cause);
    }
    return failure(Kind.IO, operation, namespaceId, String.valueOf(cause.getMessage()), cause);
  }

  /** A failure described here rather than by an SDK exception. */
  StorageException failure(Kind kind, String operation, String namespaceId, String detail, Throwable cause) {
    return StorageException.of(kind, operation).namespace(namespaceId).because(detail, cause);
  }

  String missingBucket() {
    return "bucket \"" + bucket + "\" does not exist (Cachet never creates it)";
  }

  static int status(SdkException e) {
    return e instanceof AwsServiceException service ? service.statusCode() : 0;
  }

  static String errorCode(AwsServiceException e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    return code == null ? "no error code" : code;
  }
}
