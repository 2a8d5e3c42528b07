package io.cachet.benchmarks;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheManager;

/**
 * Proves, before any time is measured, that each persistent configuration reads what the benchmarks claim it reads:
 * with more entries than its in-memory part holds, a get of the oldest key returns its value (so from the disk
 * store), and a fresh manager on the same root returns every value written by the previous one. For Infinispan
 * it also checks that its memory really is bounded: its JCache {@code containsKey} looks in memory only, so at most
 * {@link Providers#SMALL_MEMORY} keys may answer true, while a get of each of them still returns its value.
 * Prints one line per provider; exits non-zero on the first failure.
 *
 * <p>Usage: {@code PersistenceCheck [provider...]} (default: every persistent provider).
 */
public final class PersistenceCheck {
  private static final System.Logger LOG = System.getLogger(PersistenceCheck.class.getName());
  private static final int ENTRIES = 1_000;
  private static final int SIZE = 100;
  private static final List<String> PERSISTENT = List.of(Providers.CACHET_NORMAL, Providers.CACHET_FULL,
      Providers.CACHET_HEAP, Providers.EHCACHE_DISK, Providers.EHCACHE_HEAP, Providers.INFINISPAN);

  private PersistenceCheck() {
  }

  public static void main(String[] args) {
    for (String provider : args.length > 0 ? List.of(args) : PERSISTENT) {
      Path root = Providers.newRoot(provider);
      try {
        System.out.println(check(provider, root));
      } finally {
        Providers.delete(root);
      }
    }
  }

  private static String check(String provider, Path root) {
    int inMemory = 0;
    CacheManager writer = Providers.openManager(provider, root);
    try {
      Cache<Object, Object> cache = Providers.openCache(provider, writer);
      for (int k = 0; k < ENTRIES; k++) {
        cache.put(k, Providers.value(SIZE, k));
      }
      expect(provider, "the oldest key after " + ENTRIES + " puts", cache.get(0), 0);
      for (int k = 0; k < ENTRIES; k++) {
        if (cache.containsKey(k)) {
          inMemory++;
        }
      }
      if (provider.equals(Providers.INFINISPAN) && inMemory > Providers.SMALL_MEMORY) {
        throw new IllegalStateException(provider + ": " + inMemory + " keys in memory, more than its bound "
            + Providers.SMALL_MEMORY + ": gets would not measure the file store");
      }
      for (int k = 0; k < ENTRIES; k++) {
        expect(provider, "key " + k + " in the first manager", cache.get(k), k);
      }
    } finally {
      writer.close();
    }
    CacheManager reader = Providers.openManager(provider, root);
    try {
      Cache<Object, Object> cache = Providers.openCache(provider, reader);
      for (int k = 0; k < ENTRIES; k++) {
        expect(provider, "key " + k + " in a fresh manager on the same root", cache.get(k), k);
      }
    } finally {
      reader.close();
    }
    LOG.log(System.Logger.Level.DEBUG, "{0} checked in {1}", provider, root);
    return provider + ": " + ENTRIES + " entries read back, beyond the in-memory part and from a fresh manager; "
        + "containsKey true for " + inMemory + (provider.equals(Providers.INFINISPAN) ? " (its keys in memory)" : "");
  }

  private static void expect(String provider, String what, Object actual, int seed) {
    if (!(actual instanceof byte[] bytes) || !Arrays.equals(bytes, Providers.value(SIZE, seed))) {
      throw new IllegalStateException(provider + ": " + what + " did not return its value: "
          + (actual == null ? "miss" : actual.getClass().getName()));
    }
  }
}
