package io.cachet.examples.spring;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/** How often each cached method's body really ran: a cache hit never reaches it. */
@Component
public class Invocations {
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

  void record(String method) {
    counts.computeIfAbsent(method, name -> new AtomicInteger()).incrementAndGet();
  }

  /** How often {@code method} ran since the start or the last {@link #reset()}. */
  public int of(String method) {
    AtomicInteger count = counts.get(method);
    return count == null ? 0 : count.get();
  }

  public void reset() {
    counts.clear();
  }
}
