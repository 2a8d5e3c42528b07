package io.cachet.store.s3;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/** Records every HTTP exchange of a client: the operation, the request as sent and the response's headers. */
final class RecordedExchanges implements ExecutionInterceptor {
  record Exchange(String operation, SdkHttpRequest request, SdkHttpResponse response) {
    /** The response's Content-Length: the bytes the server sends for the body. */
    long contentLength() {
      return Long.parseLong(response.firstMatchingHeader("Content-Length").orElseThrow());
    }
  }

  private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
    exchanges.add(new Exchange(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), context.httpRequest(),
        context.httpResponse()));
  }

  List<Exchange> of(String operation) {
    return exchanges.stream().filter(exchange -> exchange.operation().equals(operation)).toList();
  }
}
