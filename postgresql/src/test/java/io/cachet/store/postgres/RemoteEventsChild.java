package io.cachet.store.postgres;

import java.nio.file.Path;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;

/**
 * A host in a JVM of its own: opens the cache on the shared schema, prints every event its listener hears, prints
 * {@code listening}, writes one entry, and waits to be killed. Arguments: PostgreSQL URL, schema, root.
 */
public final class RemoteEventsChild {
  private RemoteEventsChild() {}

  public static void main(String[] args) throws Exception {
    Properties options = new Properties();
    options.setProperty("store", "postgresql");
    options.setProperty("postgresql.url", args[0]);
    options.setProperty("postgresql.user", "postgres");
    options.setProperty("postgresql.schema", args[1]);
    CacheManager manager = Caching.getCachingProvider().getCacheManager(Path.of(args[2]).toUri(),
        RemoteEventsChild.class.getClassLoader(), options);
    Cache<String, String> cache = manager.createCache("books", TwoHosts.strings());
    cache.registerCacheEntryListener(RecordingListener.registration("child", true));
    System.out.println("listening");
    cache.put("from-child", "c");
    Thread.sleep(Long.MAX_VALUE);
  }
}
