package io.cachet.sealed;

import io.cachet.CachetCachingProvider;
import io.cachet.SealedCache;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;

/**
 * Reads, in a child JVM with a small heap ({@link OversizedRowsTest}), a cache whose rows were given columns
 * far larger than that heap. Prints {@code GET key value|MISS}, {@code CONTAINS key true|false},
 * {@code GETALL [keys]}, {@code ITERATE [keys]}, one {@code EVENT reason deleted} per integrity event, then
 * {@code DONE}; any failure escapes and makes the exit code non-zero.
 *
 * <p>Argument: the root directory, holding the cache {@link #CACHE}.
 */
public final class OversizedRowsWorkload {
  static final String CACHE = "oversized";

  private OversizedRowsWorkload() {}

  public static void main(String[] args) {
    CachetCachingProvider provider = new CachetCachingProvider();
    try {
      CacheManager manager = provider.getCacheManager(Path.of(args[0]).toUri(),
          OversizedRowsWorkload.class.getClassLoader());
      Cache<String, String> cache = manager.createCache(CACHE, new MutableConfiguration<String, String>()
          .setTypes(String.class, String.class));
      cache.unwrap(SealedCache.class).registerIntegrityListener(event ->
          System.out.println("EVENT " + event.reason() + " " + event.deleted()));
      System.out.println("GET inline " + valueOrMiss(cache.get("inline")));
      System.out.println("CONTAINS text " + cache.containsKey("text"));
      System.out.println("GETALL " + cache.getAll(Set.of("integer", "small")).keySet());
      List<String> keys = new ArrayList<>();
      cache.forEach(entry -> keys.add(entry.getKey()));
      System.out.println("ITERATE " + keys);
      System.out.println("DONE");
    } finally {
      provider.close();
    }
  }

  private static String valueOrMiss(String value) {
    return value == null ? "MISS" : value;
  }
}
