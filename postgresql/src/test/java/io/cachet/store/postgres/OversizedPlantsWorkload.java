package io.cachet.store.postgres;

import io.cachet.CachetCachingProvider;
import io.cachet.CachetConfiguration;
import io.cachet.SealedCache;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import javax.cache.Cache;
import javax.cache.CacheManager;

/**
 * Reads, as a host of the shared store in a child JVM whose heap is smaller than any one planted value
 * ({@link OversizedPlantsTest}), a cache whose columns and payloads a database user and a bucket writer made far
 * larger than the heap. Prints {@code GET key value|MISS}, {@code CONTAINS key true|false}, {@code GETALL [keys]},
 * {@code ITERATE [keys]} (keys sorted), one {@code EVENT reason deleted} per integrity event, then {@code DONE}; any failure
 * escapes and makes the exit code non-zero.
 *
 * <p>Arguments: the host's root (holding the shared key file), the file of the manager's options, the cache.
 */
public final class OversizedPlantsWorkload {
  private OversizedPlantsWorkload() {}

  public static void main(String[] args) throws IOException {
    Properties options = new Properties();
    try (Reader in = Files.newBufferedReader(Path.of(args[1]))) {
      options.load(in);
    }
    CachetCachingProvider provider = new CachetCachingProvider();
    try {
      CacheManager manager = provider.getCacheManager(Path.of(args[0]).toUri(),
          OversizedPlantsWorkload.class.getClassLoader(), options);
      Cache<String, String> cache = manager.createCache(args[2], new CachetConfiguration<String, String>()
          .setTypes(String.class, String.class));
      cache.unwrap(SealedCache.class).registerIntegrityListener(event ->
          System.out.println("EVENT " + event.reason() + " " + event.deleted()));
      System.out.println("GET inline " + valueOrMiss(cache.get("inline")));
      System.out.println("GET payload " + valueOrMiss(cache.get("payload")));
      System.out.println("CONTAINS text " + cache.containsKey("text"));
      System.out.println("GETALL " + new TreeSet<>(cache.getAll(Set.of("key", "small")).keySet()));
      Set<String> keys = new TreeSet<>();
      cache.forEach(entry -> keys.add(entry.getKey()));
      System.out.println("ITERATE " + keys);
      System.out.println("DONE");
    } finally {
      provider.close();
    }
  }

  private static String valueOrMiss(String value) {
    return value == null ? "MISS" : value.length() + " chars";
  }
}
