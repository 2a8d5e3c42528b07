package io.cachet.store.s3;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Answers a create-only PUT of the given keys with 412 Precondition Failed, S3's answer when an object exists
 * under the key. Needed because S3Proxy 2.7.0 does not evaluate {@code If-None-Match} on PUT (it writes
 * anyway; gaul/s3proxy#831): the client sees what S3 would answer, whatever S3Proxy did with the bytes.
 */
final class RefusedKeys implements ExecutionInterceptor {
  private final Set<String> keys = ConcurrentHashMap.newKeySet();

  RefusedKeys(String... keys) {
    this.keys.addAll(Set.of(keys));
  }

  @Override
  public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    if (context.request() instanceof PutObjectRequest put && "*".equals(put.ifNoneMatch())
        && keys.contains(put.key())) {
      return context.httpResponse().toBuilder().statusCode(412).statusText("Precondition Failed").build();
    }
    return context.httpResponse();
  }
}
