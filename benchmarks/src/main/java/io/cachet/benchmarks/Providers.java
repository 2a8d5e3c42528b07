package io.cachet.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
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

  static final String CACHE_NAME = "bench";

  private Providers() {
  }

  static String className(String provider) {
    return switch (provider) {
      case CACHET_NORMAL, CACHET_FULL -> "io.cachet.CachetCachingProvider";
      case EHCACHE_DISK -> "org.ehcache.jsr107.EhcacheCachingProvider";
      case CAFFEINE -> "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider";
      case RI -> "org.jsr107.ri.spi.RICachingProvider";
      default -> throw new IllegalArgumentException("Unknown provider " + provider);
    };
  }

  static boolean persistent(String provider) {
    return provider.startsWith("cachet") || provider.equals(EHCACHE_DISK);
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
      case CACHET_NORMAL, CACHET_FULL -> {
        Properties p = new Properties();
        p.setProperty("root", root.toString());
        p.setProperty("durability", provider.equals(CACHET_FULL) ? "full" : "normal");
        return cp.getCacheManager(root.toUri(), loader, p);
      }
      case EHCACHE_DISK -> {
        return cp.getCacheManager(ehcacheXml(root), loader);
      }
      default -> {
        return cp.getCacheManager(cp.getDefaultURI(), loader);
      }
    }
  }

  /** The benchmark cache: the existing one in a reopened persistent manager, else a new one. */
  static Cache<Object, Object> openCache(CacheManager manager) {
    Cache<Object, Object> cache = manager.getCache(CACHE_NAME);
    if (cache == null) {
      cache = manager.createCache(CACHE_NAME, new MutableConfiguration<Object, Object>());
    }
    return cache;
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

  /**
   * Ehcache 3's persistent disk tier: heap 10 entries + disk persistent=true, from an XML file written into
   * the root, with a JCache default template so that {@code createCache(MutableConfiguration)} gets the tiers.
   */
  static URI ehcacheXml(Path root) {
    Path xml = root.resolve("ehcache.xml");
    if (!Files.exists(xml)) {
      String text = """
          <config xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                  xmlns="http://www.ehcache.org/v3"
                  xmlns:jsr107="http://www.ehcache.org/v3/jsr107"
                  xsi:schemaLocation="http://www.ehcache.org/v3 http://www.ehcache.org/schema/ehcache-core-3.10.xsd
                                      http://www.ehcache.org/v3/jsr107 http://www.ehcache.org/schema/ehcache-107-ext-3.10.xsd">
            <service>
              <jsr107:defaults default-template="disk" enable-management="false" enable-statistics="false"/>
            </service>
            <persistence directory="%s"/>
            <cache-template name="disk">
              <resources>
                <heap unit="entries">10</heap>
                <disk unit="GB" persistent="true">4</disk>
              </resources>
            </cache-template>
          </config>
          """.formatted(root.resolve("ehcache-data").toString());
      try {
        Files.writeString(xml, text, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return xml.toUri();
  }

  static byte[] value(int size, int seed) {
    byte[] v = new byte[size];
    for (int i = 0; i < size; i++) {
      v[i] = (byte) (seed * 31 + i);
    }
    return v;
  }
}
