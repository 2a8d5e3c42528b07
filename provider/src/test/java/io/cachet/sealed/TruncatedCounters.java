package io.cachet.sealed;

import io.cachet.CachetCachingProvider;
import io.cachet.CachetConfiguration;
import io.cachet.SealedCache;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.Cache;

/**
 * The process of {@link TruncatedChangeCountersTest}: holds an entry in its heap tier, truncates the root's change
 * counters file under its own mapping, then reads, tampers and writes, printing what each step saw.
 *
 * <p>Argument: the root directory.
 */
public final class TruncatedCounters {
  private TruncatedCounters() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    List<String> events = new CopyOnWriteArrayList<>();
    try (CachetCachingProvider provider = new CachetCachingProvider()) {
      Cache<String, String> cache = provider.getCacheManager(root.toUri(), TruncatedCounters.class.getClassLoader())
          .createCache("books", new CachetConfiguration<String, String>().setTypes(String.class, String.class)
              .setHeapEntries(10));
      cache.unwrap(SealedCache.class).registerIntegrityListener(event -> events.add(event.reason().name()));
      cache.put("k", "v");
      System.out.println("HELD " + cache.get("k"));
      try (FileChannel counters = FileChannel.open(root.resolve("cachet.changes"), StandardOpenOption.WRITE)) {
        counters.truncate(0);
      }
      System.out.println("AFTER TRUNCATION " + cache.get("k"));
      StoreFixture.execute(root, "UPDATE entries SET file_hash = 'tampered' WHERE namespace = 'books'");
      System.out.println("AFTER TAMPERING " + cache.get("k"));
      cache.put("k2", "written");
      System.out.println("WRITTEN " + cache.get("k2"));
      System.out.println("EVENTS " + events);
    }
  }
}
