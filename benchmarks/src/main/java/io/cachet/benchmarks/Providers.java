package io.cachet.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

/**
 * The providers under test, each reached only through {@code Caching.getCachingProvider(className)}, then
 * {@code getCacheManager(uri, classLoader, properties)}, then {@code createCache(name, MutableConfiguration)}.
 * Several providers share the class path, so the provider class is always named.
 */
public final class Providers {
  /** JMH parameter values. */
  public static final String CACHET_NORMAL = "cachet-normal";
  public static final String CACHET_FULL = "cachet-full";
  public static final String EHCACHE_DISK = "ehcache-disk";
  public static final String CAFFEINE = "caffeine";
  public static final String RI = "ri";
  /** Cachet {@code normal} with its heap tier of {@link #HEAP_ENTRIES} (and {@link #HEAP_BYTES}). */
  public static final String CACHET_HEAP = "cachet-heap";
  /** Ehcache's disk tier behind a heap tier of {@link #HEAP_ENTRIES}, as its users configure it. */
  public static final String EHCACHE_HEAP = "ehcache-heap";
  /** Infinispan embedded over its file store, with {@link #SMALL_MEMORY} entries in memory. */
  public static final String INFINISPAN = "infinispan";

  /** The heap tier of the tiered configurations, equal on Cachet and Ehcache. */
  static final int HEAP_ENTRIES = 10_000;
  static final long HEAP_BYTES = 256L << 20;
  /** The in-memory part in front of the disk of the disk configurations: reads measure the store. */
  static final int SMALL_MEMORY = 10;

  static final String CACHE_NAME = "bench";
  static final int FILL_BATCH = 1_000;

  private Providers() {
  }

  static String className(String provider) {
    return switch (provider) {
      case CACHET_NORMAL, CACHET_FULL, CACHET_HEAP -> "io.cachet.CachetCachingProvider";
      case EHCACHE_DISK, EHCACHE_HEAP -> "org.ehcache.jsr107.EhcacheCachingProvider";
      case INFINISPAN -> "org.infinispan.jcache.embedded.JCachingProvider";
      case CAFFEINE -> "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider";
      case RI -> "org.jsr107.ri.spi.RICachingProvider";
      default -> throw new IllegalArgumentException("Unknown provider " + provider);
    };
  }

  static boolean persistent(String provider) {
    return provider.startsWith("cachet") || provider.startsWith("ehcache") || provider.equals(INFINISPAN);
  }

  /** A fresh, empty root for one trial, under {@code bench.dir} (default {@code target/bench-roots}). */
  static Path newRoot(String provider) {
    try {
      Path base = Path.of(System.getProperty("bench.dir", "target/bench-roots")).toAbsolutePath();
      Files.createDirectories(base);
      return Files.createTempDirectory(base, provider + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void delete(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Opens a cache manager of {@code provider} whose persistent data (if any) lives in {@code root}. */
  static CacheManager openManager(String provider, Path root) {
    ClassLoader loader = Providers.class.getClassLoader();
    CachingProvider cp = Caching.getCachingProvider(className(provider), loader);
    switch (provider) {
      case CACHET_NORMAL, CACHET_FULL, CACHET_HEAP -> {
        Properties p = new Properties();
        p.setProperty("root", root.toString());
        p.setProperty("durability", provider.equals(CACHET_FULL) ? "full" : "normal");
        if (provider.equals(CACHET_HEAP)) {
          p.setProperty("heapEntries", Integer.toString(HEAP_ENTRIES));
          p.setProperty("heapBytes", Long.toString(HEAP_BYTES));
        }
        return cp.getCacheManager(root.toUri(), loader, p);
      }
      case EHCACHE_DISK -> {
        return cp.getCacheManager(ConfigFiles.ehcache(root, SMALL_MEMORY), loader);
      }
      case EHCACHE_HEAP -> {
        return cp.getCacheManager(ConfigFiles.ehcache(root, HEAP_ENTRIES), loader);
      }
      case INFINISPAN -> {
        return cp.getCacheManager(ConfigFiles.infinispan(root, SMALL_MEMORY), loader);
      }
      default -> {
        return cp.getCacheManager(cp.getDefaultURI(), loader);
      }
    }
  }

  /**
   * The benchmark cache: the existing one in a reopened persistent manager, else a new one. Infinispan's is
   * read-through, since its JCache {@code get} asks its persistent store for an entry not in memory only then
   * (it names no {@code CacheLoader}, so the store is the one read through).
   */
  static Cache<Object, Object> openCache(String provider, CacheManager manager) {
    Cache<Object, Object> cache = manager.getCache(CACHE_NAME);
    if (cache == null) {
      MutableConfiguration<Object, Object> configuration = new MutableConfiguration<>();
      configuration.setReadThrough(provider.equals(INFINISPAN));
      cache = manager.createCache(CACHE_NAME, configuration);
    }
    return cache;
  }

  /** Fills keys {@code 0..entries-1} with values of {@code size} bytes, by {@code putAll} of 1,000. */
  static void fill(Cache<Object, Object> cache, int entries, int size) {
    Map<Object, Object> batch = new HashMap<>();
    for (int k = 0; k < entries; k++) {
      batch.put(k, value(size, k));
      if (batch.size() == FILL_BATCH || k == entries - 1) {
        cache.putAll(batch);
        batch = new HashMap<>();
      }
    }
  }

  /** Closes the manager and, for the heap providers, forgets its caches (their manager is the shared default). */
  static void close(String provider, CacheManager manager) {
    if (manager == null || manager.isClosed()) {
      return;
    }
    if (!persistent(provider)) {
      manager.destroyCache(CACHE_NAME);
    }
    manager.close();
  }

  static byte[] value(int size, int seed) {
    byte[] v = new byte[size];
    for (int i = 0; i < size; i++) {
      v[i] = (byte) (seed * 31 + i);
    }
    return v;
  }
}
