package io.cachet;

import io.cachet.sealed.StoreFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.expiry.CreatedExpiryPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Expired entries leave the disk without being read, reported once as expired; a long run stays in bounds.
 * Time is the fixture's clock, and the manager's sweep runs when the test calls {@link CachetFixture#sweep()}.
 */
class ExpirySweepTest {
  // Above the default inline threshold (28 KiB), so these values live in blob files.
  private static final int BLOB_VALUE_BYTES = 130 * 1024;

  @RegisterExtension final CachetFixture cachet = new CachetFixture();

  private CacheManager managerSweepingEvery(long millis) {
    Properties options = new Properties();
    options.setProperty("expirySweepMillis", Long.toString(millis));
    return cachet.manager(options);
  }

  private static CachetConfiguration<Integer, byte[]> expiringAfter(long millis) {
    return new CachetConfiguration<Integer, byte[]>().setTypes(Integer.class, byte[].class)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(
            new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, millis)));
  }

  private void advance(long millis) {
    cachet.clock().advance(Duration.ofMillis(millis));
  }

  @Test
  void expiredEntries_areRemovedByTheSweeper_andReportedExpiredOnce_withoutBeingRead() throws Exception {
    Cache<Integer, byte[]> cache = managerSweepingEvery(50).createCache("sweeping", expiringAfter(300));
    List<Integer> expired = listenForExpiry(cache);
    for (int i = 0; i < 20; i++) {
      cache.put(i, new byte[] {(byte) i});
    }
    for (int i = 20; i < 23; i++) {
      cache.put(i, new byte[BLOB_VALUE_BYTES]);
    }
    assertEquals(3, blobFiles().size());
    assertEquals(List.of(50L), cachet.sweepIntervals(), "the manager sweeps every expirySweepMillis");
    advance(299);
    cachet.sweep();
    assertEquals(List.of(), expired, "nothing expired yet");

    advance(1);
    cachet.sweep();

    assertEquals(23, expired.stream().distinct().count(), "each entry reported once: " + expired);
    assertEquals(0, rowCount("sweeping"));
    assertEquals(List.of(), blobFiles());
  }

  @Test
  void withTheSweeperOff_anExpiredEntryStaysOnDisk_untilItIsRead() throws Exception {
    Cache<Integer, byte[]> cache = managerSweepingEvery(0).createCache("unswept", expiringAfter(100));
    List<Integer> expired = listenForExpiry(cache);
    cache.put(1, new byte[] {1});

    assertEquals(List.of(), cachet.sweepIntervals(), "no sweep scheduled");
    advance(400);
    assertEquals(1, rowCount("unswept"));
    assertEquals(List.of(), expired);

    assertNull(cache.get(1));
    assertEquals(0, rowCount("unswept"));
    assertEquals(List.of(1), expired);
  }

  @Test
  void aLongRunWithExpiryAndEviction_keepsRowsBlobsAndFilesWithinBounds() throws Exception {
    Cache<Integer, byte[]> cache = managerSweepingEvery(50).createCache("bounded",
        expiringAfter(200).setMaxEntries(100));
    long filesAfterWarmUp = 0;
    for (int i = 0; i < 3_000; i++) {
      byte[] value = i % 20 == 0 ? new byte[BLOB_VALUE_BYTES] : new byte[200];
      value[0] = (byte) i;
      cache.put(i % 1_000, value);
      sweepWhilePutting(i);
      if (i % 250 == 249) {
        assertTrue(rowCount("bounded") <= 100, "rows " + rowCount("bounded") + " after " + (i + 1) + " puts");
        assertTrue(blobFiles().size() <= 100, "blob files " + blobFiles().size() + " after " + (i + 1) + " puts");
        long files = databaseFilesBytes();
        if (i == 999) {
          filesAfterWarmUp = files;
        } else if (i > 999) {
          // SQLite reuses the pages of deleted rows and checkpoints the WAL: what 1,000 puts needed, 3,000 need.
          assertTrue(files <= 2 * filesAfterWarmUp, "database files grew from " + filesAfterWarmUp + " to " + files);
        }
      }
    }

    advance(200);
    cachet.sweep();
    assertEquals(0, rowCount("bounded"), "every entry expired and swept");
    assertEquals(List.of(), blobFiles());
  }

  @Test
  void aLongRunWithExpiryAndASizeLimit_keepsStoredAndBlobBytesWithinMaxBytes() throws Exception {
    long maxBytes = 1L << 20;
    Cache<Integer, byte[]> cache = managerSweepingEvery(50).createCache("sized",
        expiringAfter(200).setMaxBytes(maxBytes));
    for (int i = 0; i < 1_500; i++) {
      byte[] value = i % 10 == 0 ? new byte[BLOB_VALUE_BYTES] : new byte[1_000 + i % 3_000];
      value[0] = (byte) i;
      cache.put(i % 500, value);
      sweepWhilePutting(i);
      if (i % 100 == 99) {
        assertTrue(storedBytes("sized") <= maxBytes, "stored bytes " + storedBytes("sized") + " after " + (i + 1));
        assertTrue(blobBytes() <= maxBytes, "blob file bytes " + blobBytes() + " after " + (i + 1) + " puts");
      }
    }

    advance(200);
    cachet.sweep();
    assertEquals(0, rowCount("sized"), "every entry expired and swept");
    assertEquals(List.of(), blobFiles());
  }

  @Test
  void aNegativeSweepInterval_isRefusedByName() {
    CacheException refused = assertThrows(CacheException.class, () -> managerSweepingEvery(-1));
    assertTrue(refused.getMessage().contains("expirySweepMillis"), refused.getMessage());
  }

  private static List<Integer> listenForExpiry(Cache<Integer, byte[]> cache) {
    List<Integer> expired = new CopyOnWriteArrayList<>();
    CacheEntryExpiredListener<Integer, byte[]> listener = events -> {
      for (CacheEntryEvent<? extends Integer, ? extends byte[]> event : events) {
        expired.add(event.getKey());
      }
    };
    Factory<CacheEntryListener<Integer, byte[]>> factory = () -> listener;
    cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(factory, null, true, true));
    return expired;
  }

  /** A millisecond passes per put and the sweep runs every 50, so entries expire and go while others arrive. */
  private void sweepWhilePutting(int put) {
    advance(1);
    if (put % 50 == 49) {
      cachet.sweep();
    }
  }

  private long rowCount(String cache) throws SQLException {
    return StoreFixture.rowCount(cachet.root(), cache);
  }

  private List<Path> blobFiles() throws IOException {
    return StoreFixture.blobFiles(cachet.root());
  }

  private long blobBytes() throws IOException {
    long bytes = 0;
    for (Path file : blobFiles()) {
      bytes += Files.size(file);
    }
    return bytes;
  }

  /** The payload bytes the cache's rows account for, as its size limit counts them. */
  private long storedBytes(String cache) throws SQLException {
    return StoreFixture.storedBytes(cachet.root(), cache);
  }

  private long databaseFilesBytes() throws IOException {
    long bytes = 0;
    for (String name : new String[] {"cachet.db", "cachet.db-wal", "cachet.db-shm"}) {
      Path file = cachet.root().resolve(name);
      bytes += Files.exists(file) ? Files.size(file) : 0;
    }
    return bytes;
  }
}
