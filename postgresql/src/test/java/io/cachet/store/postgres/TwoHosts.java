package io.cachet.store.postgres;

import io.cachet.testing.SharedStoreServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;

/** Two managers on two roots sharing one schema and one key file, as two hosts do; the cache created on both. */
final class TwoHosts implements AutoCloseable {
  static final String KEY_FILE = "cache_signing_key.bin";

  final CacheManager managerA;
  final CacheManager managerB;
  final Cache<String, String> a;
  final Cache<String, String> b;

  TwoHosts(Path temp, Properties options, String cacheName,
      Supplier<MutableConfiguration<String, String>> configuration) throws Exception {
    ClassLoader loader = TwoHosts.class.getClassLoader();
    managerA = Caching.getCachingProvider().getCacheManager(temp.resolve("host-a").toUri(), loader, options);
    a = managerA.createCache(cacheName, configuration.get());
    Path rootB = temp.resolve("host-b");
    Files.createDirectories(rootB);
    Files.copy(temp.resolve("host-a").resolve(KEY_FILE), rootB.resolve(KEY_FILE), StandardCopyOption.COPY_ATTRIBUTES);
    managerB = Caching.getCachingProvider().getCacheManager(rootB.toUri(), loader, options);
    b = managerB.createCache(cacheName, configuration.get());
  }

  static Properties options(String schema) {
    return SharedStoreServers.options(schema, false);
  }

  static MutableConfiguration<String, String> strings() {
    return new MutableConfiguration<String, String>().setTypes(String.class, String.class);
  }

  @Override
  public void close() {
    try {
      managerB.close();
    } finally {
      managerA.close();
    }
  }
}
