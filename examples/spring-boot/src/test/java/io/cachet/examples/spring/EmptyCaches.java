package io.cachet.examples.spring;

import org.springframework.cache.CacheManager;

/** Test set-up: the test classes share one Spring context, and so its caches. */
final class EmptyCaches {
  private EmptyCaches() {}

  static void clear(CacheManager caches, Invocations invocations) {
    caches.getCacheNames().forEach(name -> caches.getCache(name).clear());
    invocations.reset();
  }
}
