package io.cachet.sealed;

import io.cachet.IntegrityEvent.Reason;
import io.cachet.CachetCachingProvider;
import io.cachet.CachetConfiguration;
import io.cachet.IntegrityEvent;
import io.cachet.SealedCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.Cache;
import javax.cache.CacheManager;

/**
 * A process that opens a cache, says {@code READY}, waits for a go file, then reads the keys it is given and
 * prints {@code GOT key value} for each and {@code EVENTS [reasons]}: the other process of
 * {@link ReplayAcrossProcessesTest}. It opens the cache with the default configuration.
 *
 * <p>Arguments: the root directory, the cache name, the go file, the keys.
 */
public final class ReplayReader {
  private ReplayReader() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    Path go = Path.of(args[2]);
    try (CachetCachingProvider provider = new CachetCachingProvider()) {
      CacheManager manager = provider.getCacheManager(root.toUri(), ReplayReader.class.getClassLoader());
      Cache<String, String> cache = manager.createCache(args[1],
          new CachetConfiguration<String, String>().setTypes(String.class, String.class));
      List<IntegrityEvent.Reason> events = new CopyOnWriteArrayList<>();
      cache.unwrap(SealedCache.class).registerIntegrityListener(event -> events.add(event.reason()));
      System.out.println("READY");
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!Files.exists(go)) {
        if (System.nanoTime() > deadline) {
          System.out.println("NO GO");
          System.exit(2);
        }
        Thread.sleep(10);
      }
      for (int i = 3; i < args.length; i++) {
        System.out.println("GOT " + args[i] + " " + cache.get(args[i]));
      }
      System.out.println("EVENTS " + events);
    }
  }
}
