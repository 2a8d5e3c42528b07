package io.cachet.store.s3;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;

/**
 * Lets a client send only the requests that read: the bucket check, object reads and listings. Any other request
 * (a PUT, a delete) fails before it is sent, as the SDK's own client failures do, so that a store opened for reading
 * cannot change the bucket whatever its credentials allow.
 */
final class ReadOnlyRequests implements ExecutionInterceptor {
  /** How the refusal's message starts, by which {@link S3Failures} tells it from a failure to reach S3. */
  static final String REFUSED = "the blob store is open read-only";

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes executionAttributes) {
    SdkRequest request = context.request();
    if (!(request instanceof GetObjectRequest || request instanceof HeadObjectRequest
        || request instanceof HeadBucketRequest || request instanceof ListObjectsV2Request)) {
      throw SdkClientException.create(REFUSED + ": " + request.getClass().getSimpleName() + " refused");
    }
  }
}
