package io.cachet.sealed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.CachetCachingProvider;
import io.cachet.store.sqlite.SqliteSeam;
import io.cachet.testing.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLITE_BUSY for real: another process ({@link LockHolder}, a child JVM) holds the root database's write
 * lock. Held for less than the busy timeout, a put waits and succeeds; held for longer, writes fail with a
 * CacheException naming SQLITE_BUSY while reads go on (WAL), and the first write after the release succeeds.
 */
class CrossProcessLockTest {
  private static final String CACHE = "locked";
  @RegisterExtension
  static final FaultTally TALLY = new FaultTally("CrossProcessLockTest");

  @TempDir Path root;
  @TempDir Path logs;

  private String database() {
    return root.resolve(SealedStores.DATABASE_FILE).toString();
  }

  @Test
  void put_waitsOutAnotherProcessesLockShorterThanTheBusyTimeout_andSucceeds() throws Exception {
    CachetCachingProvider provider = new CachetCachingProvider();
    try {
      CacheManager manager = provider.getCacheManager(root.toUri(), getClass().getClassLoader());
      Cache<String, Object> cache = manager.createCache(CACHE, new MutableConfiguration<>());
      cache.put("k", "v0");
      cache.put("big", FaultMatrixTest.blob(1));
      try (ChildJvm holder = ChildJvm.start("holder", logs, ChildJvm.java(LockHolder.class, database(), "1500"))) {
        holder.awaitLine("LOCKED");
        long start = System.nanoTime();
        assertHolds(cache, "k", "v0");
        assertHolds(cache, "big", FaultMatrixTest.blob(1));
        cache.put("k", "v1");
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(waitedMillis >= 1_000 && waitedMillis < 10_000, "the put waited " + waitedMillis + " ms");
        holder.assertExitCode(0);
      }
      assertHolds(cache, "k", "v1");
    } finally {
      provider.close();
    }
  }

  @Test
  void writes_failClearlyWhileAnotherProcessHoldsTheLockPastTheBusyTimeout_readsGoOn_andTheNextWriteSucceeds()
      throws Exception {
    try (FaultyStack stack = FaultyStack.open(root, Options.defaults(),
        database -> SqliteSeam.open(database, Duration.ofMillis(500)))) {
      Cache<String, Object> cache = stack.cache(CACHE);
      cache.put("k", "v0");
      cache.put("big", FaultMatrixTest.blob(1));
      try (ChildJvm holder = ChildJvm.start("holder", logs, ChildJvm.java(LockHolder.class, database(), "60000"))) {
        holder.awaitLine("LOCKED");
        assertBusy(() -> cache.put("k", "v1"));
        assertBusy(() -> cache.put("big", FaultMatrixTest.blob(2)));
        assertBusy(() -> cache.putAll(Map.of("k", "v2", "new", FaultMatrixTest.blob(3))));
        assertBusy(() -> cache.remove("k"));
        assertBusy(() -> cache.replace("big", FaultMatrixTest.blob(4)));

        assertHolds(cache, "k", "v0");
        assertHolds(cache, "big", FaultMatrixTest.blob(1));
        assertEquals(Set.of("k", "big"), cache.getAll(Set.of("k", "big", "new")).keySet());
        Map<String, Object> iterated = new HashMap<>();
        cache.forEach(entry -> iterated.put(entry.getKey(), entry.getValue()));
        assertEquals(Set.of("k", "big"), iterated.keySet());
        assertEquals(FaultyStack.referencedBlobs(root), FaultyStack.blobFileNames(root),
            "the failed blob writes left no blob behind");
      }
      cache.put("k", "v1");
      cache.put("big", FaultMatrixTest.blob(2));
      assertHolds(cache, "k", "v1");
      assertHolds(cache, "big", FaultMatrixTest.blob(2));
    }
  }

  private static void assertBusy(Runnable write) {
    CacheException failure = assertThrows(CacheException.class, write::run);
    TALLY.injected.incrementAndGet();
    assertEquals(CacheException.class, failure.getClass(), failure.toString());
    assertTrue(failure.getMessage().contains(CACHE) && failure.getMessage().contains("SQLITE_BUSY"),
        failure.getMessage());
  }

  private static void assertHolds(Cache<String, Object> cache, String key, Object expected) {
    Object value = TALLY.read(cache, key, expected);
    if (expected instanceof byte[] bytes) {
      assertArrayEquals(bytes, (byte[]) value, key);
    } else {
      assertEquals(expected, value, key);
    }
  }
}
