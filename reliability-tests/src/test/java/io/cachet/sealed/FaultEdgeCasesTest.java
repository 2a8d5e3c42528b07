package io.cachet.sealed;

import io.cachet.CachetOptions;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.SealedCache;
import io.cachet.sealed.Faults.Fault;
import io.cachet.sealed.Faults.Mode;
import io.cachet.testing.FakeClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults where the matrix does not reach: attaching a cache, a size-limited cache's bookkeeping after its
 * commit, and a blob superseded by another writer between the row's read and the blob's.
 */
class FaultEdgeCasesTest {
  private static final String CACHE = "edge";
  @RegisterExtension
  static final FaultTally TALLY = new FaultTally("FaultEdgeCasesTest");

  @TempDir Path root;

  private static void assertHolds(Cache<String, Object> cache, String key, Object expected) {
    Object value = TALLY.read(cache, key, expected);
    assertTrue(Objects.deepEquals(expected, value), key + " holds " + value);
  }

  private static void assertFailsNaming(String text, Runnable operation) {
    CacheException failure = assertThrows(CacheException.class, operation::run);
    assertEquals(CacheException.class, failure.getClass(), failure.toString());
    assertTrue(failure.getMessage().contains(CACHE) && failure.getMessage().contains(text), failure.getMessage());
  }

  @Test
  void get_ofAnExpiredEntry_isAMiss_whileItCannotBeDeleted_andTheEntryGoesOnceItCan() throws Exception {
    FakeClock clock = new FakeClock();
    try (FaultyStack stack = FaultyStack.open(root, Options.defaults(), clock)) {
      Cache<String, Object> cache = stack.manager.createCache(CACHE, new MutableConfiguration<String, Object>()
          .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new javax.cache.expiry.Duration(MILLISECONDS, 50))));
      cache.put("k", "v");
      clock.advance(Duration.ofMillis(100));
      stack.faults.arm(Fault.SQLITE_FULL_ON_WRITE, Mode.FOREVER);

      assertNull(cache.get("k"));
      assertEquals(Map.of(), cache.getAll(Set.of("k")));
      TALLY.injected.addAndGet(stack.faults.injected());

      stack.faults.clear();
      assertNull(cache.get("k"));
      assertEquals(0L, StoreFixture.rowCount(root, CACHE));
    }
  }

  @Test
  void get_withAnAccessExpiry_answers_whileTheNewExpiryCannotBeWritten() {
    try (FaultyStack stack = FaultyStack.open(root, Options.defaults())) {
      Cache<String, Object> cache = stack.manager.createCache(CACHE, new MutableConfiguration<String, Object>()
          .setExpiryPolicyFactory(AccessedExpiryPolicy.factoryOf(javax.cache.expiry.Duration.ONE_MINUTE)));
      cache.put("k", "v");
      stack.faults.arm(Fault.SQLITE_IOERR_ON_WRITE, Mode.FOREVER);

      assertEquals("v", cache.get("k"));
      TALLY.injected.addAndGet(stack.faults.injected());

      stack.faults.clear();
      assertHolds(cache, "k", "v");
    }
  }

  @Test
  void createCache_failsClearly_whileTheEntryStoreCannotRead_andWorksOnceItCan() {
    try (FaultyStack stack = FaultyStack.open(root, Options.defaults())) {
      stack.faults.arm(Fault.SQLITE_IOERR_ON_READ, Mode.FOREVER);
      assertFailsNaming("SQLITE_IOERR", () -> stack.cache(CACHE));
      TALLY.injected.addAndGet(stack.faults.injected());

      stack.faults.clear();
      Cache<String, Object> cache = stack.cache(CACHE);
      cache.put("k", "v");
      assertHolds(cache, "k", "v");
    }
  }

  @Test
  void createCache_failsClearly_whileTheEntryStoreCannotWrite_andWorksOnceItCan() {
    try (FaultyStack stack = FaultyStack.open(root, Options.defaults())) {
      stack.faults.arm(Fault.SQLITE_FULL_ON_WRITE, Mode.FOREVER);
      assertFailsNaming("SQLITE_FULL", () -> stack.cache(CACHE));
      TALLY.injected.addAndGet(stack.faults.injected());

      stack.faults.clear();
      stack.cache(CACHE).put("k", "v");
      assertHolds(stack.manager.getCache(CACHE), "k", "v");
    }
  }

  @Test
  void createCache_attachesAnExistingCache_whileTheOrphanSweepCannotDelete_andTheNextAttachSweeps()
      throws Exception {
    byte[] big = FaultMatrixTest.blob(7);
    try (FaultyStack stack = FaultyStack.open(root, Options.defaults())) {
      stack.cache(CACHE).put("big", big);
    }
    Path blob = StoreFixture.blobFiles(root).get(0);
    Path orphan = blob.resolveSibling("ab".repeat(16));
    Files.copy(blob, orphan);
    FaultyStack.ageBlobFiles(root);

    try (FaultyStack stack = FaultyStack.open(root, Options.defaults())) {
      stack.faults.arm(Fault.EIO_ON_BLOB_DELETE, Mode.FOREVER);
      Cache<String, Object> cache = stack.cache(CACHE);
      TALLY.injected.addAndGet(stack.faults.injected());
      assertTrue(stack.faults.injected() > 0, "the sweep was struck");
      assertHolds(cache, "big", big);
      assertTrue(Files.exists(orphan));
    }
    try (FaultyStack stack = FaultyStack.open(root, Options.defaults())) {
      assertHolds(stack.cache(CACHE), "big", big);
    }
    assertTrue(Files.notExists(orphan), "swept once deletes work again");
  }

  @Test
  void get_onASizeLimitedCache_hits_whileAccessTimesCannotBeWritten() {
    FakeClock clock = new FakeClock();
    try (FaultyStack stack = FaultyStack.open(root, Options.options().with(CachetOptions.MAX_ENTRIES, 10L).build(),
        clock)) {
      Cache<String, Object> cache = stack.cache(CACHE);
      cache.put("k", "v");
      clock.advance(Duration.ofSeconds(5));
      stack.faults.arm(Fault.SQLITE_FULL_ON_WRITE, Mode.FOREVER);

      assertHolds(cache, "k", "v");
      TALLY.injected.addAndGet(stack.faults.injected());
      assertTrue(stack.faults.injected() > 0, "the access time update was struck");
    }
  }

  @Test
  void put_onASizeLimitedCache_succeeds_whenEvictionAfterItsCommitFails_andTheNextPutEvicts() throws Exception {
    try (FaultyStack stack = FaultyStack.open(root, Options.options().with(CachetOptions.MAX_ENTRIES, 2L).build())) {
      Cache<String, Object> cache = stack.cache(CACHE);
      cache.put("a", "1");
      cache.put("b", "2");
      stack.faults.arm(Fault.SQLITE_FULL_ON_WRITE, Mode.ONCE, "evict");

      cache.put("c", "3");
      TALLY.injected.addAndGet(stack.faults.injected());
      assertEquals(1, stack.faults.injected());
      assertHolds(cache, "c", "3");
      assertEquals(3, StoreFixture.rowCount(root, CACHE), "over the limit until the next write evicts");

      cache.put("d", "4");
      assertEquals(2, StoreFixture.rowCount(root, CACHE));
      assertHolds(cache, "d", "4");
    }
  }

  @Test
  void get_returnsTheNewValue_whenAnotherWriterSupersedesTheBlobBetweenRowAndBlobRead() {
    byte[] first = FaultMatrixTest.blob(1);
    byte[] second = FaultMatrixTest.blob(2);
    try (FaultyStack reader = FaultyStack.open(root, Options.defaults());
        FaultyStack writer = FaultyStack.open(root, Options.defaults())) {
      Cache<String, Object> readerCache = reader.cache(CACHE);
      Cache<String, Object> writerCache = writer.cache(CACHE);
      readerCache.put("k", first);
      AtomicReference<Boolean> ran = new AtomicReference<>(false);
      reader.faults.beforeNextBlobRead(() -> {
        writerCache.put("k", second);
        ran.set(true);
      });

      assertArrayEquals(second, (byte[]) readerCache.get("k"));
      assertTrue(ran.get());
      assertEquals(Map.of(), readerCache.unwrap(SealedCache.class).refusals(), "nothing refused");
    }
  }

}
