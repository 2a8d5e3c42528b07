package io.cachet.examples;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

/**
 * Stores a few greetings on its first run and finds them again on the next, in a new JVM.
 *
 * <p>Uses only {@code javax.cache}: any JCache provider on the class path works, and with Cachet the
 * entries outlive the process. Cachet's root directory comes from the {@code cachet.root} system
 * property (the Maven {@code exec:exec} set-up points it under {@code examples/target/}).
 */
public final class PersistentGreetingCache {

  /** Name of the cache the example uses. */
  public static final String CACHE_NAME = "greetings";

  /** What the first run stores; later runs look these keys up. */
  static final Map<String, String> GREETINGS = greetings();

  private PersistentGreetingCache() {}

  /** Runs the example; see the class comment. */
  public static void main(String[] args) {
    // Closing the provider closes its managers and caches, so everything is flushed before exit.
    try (CachingProvider provider = Caching.getCachingProvider();
        CacheManager manager = provider.getCacheManager()) {
      System.out.println("provider: " + provider.getClass().getName());
      System.out.println("cache manager: " + manager.getURI()
          + " (cachet.root=" + System.getProperty("cachet.root", "<provider default>") + ")");

      Cache<String, String> cache = getOrCreate(manager);
      Map<String, String> found = cache.getAll(GREETINGS.keySet());
      if (found.isEmpty()) {
        cache.putAll(GREETINGS);
        System.out.println("stored " + GREETINGS.size() + " entries: " + GREETINGS);
        System.out.println("run me again: a new JVM will find them.");
      } else {
        System.out.println("found " + found.size() + " entries from a previous run: "
            + inKeyOrder(found));
      }
    }
  }

  /** Returns the existing cache, or creates it: the vendor-neutral way to attach to stored data. */
  static Cache<String, String> getOrCreate(CacheManager manager) {
    Cache<String, String> cache = manager.getCache(CACHE_NAME, String.class, String.class);
    if (cache != null) {
      return cache;
    }
    return manager.createCache(CACHE_NAME,
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  private static Map<String, String> inKeyOrder(Map<String, String> found) {
    Map<String, String> ordered = new LinkedHashMap<>();
    for (String key : GREETINGS.keySet()) {
      if (found.containsKey(key)) {
        ordered.put(key, found.get(key));
      }
    }
    return ordered;
  }

  private static Map<String, String> greetings() {
    Map<String, String> greetings = new LinkedHashMap<>();
    greetings.put("en", "Hello");
    greetings.put("fr", "Bonjour");
    greetings.put("de", "Hallo");
    greetings.put("es", "Hola");
    return Collections.unmodifiableMap(greetings);
  }
}
