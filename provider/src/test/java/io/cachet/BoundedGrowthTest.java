package io.cachet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Long-lived use stays within bounds: open files do not grow with the number of caches, nor the WAL with iterators. */
class BoundedGrowthTest {
  // Above the default inline threshold (28 KiB), so these values live in blob files.
  private static final int BLOB_VALUE_BYTES = 130 * 1024;

  @RegisterExtension final CachetFixture cachet = new CachetFixture();
  private Path root;
  private CacheManager manager;

  @BeforeEach
  void open() {
    root = cachet.root();
    manager = cachet.manager();
  }

  @Test
  void aThousandCachesInOneRoot_holdNoMoreOpenFilesThanOne() {
    Cache<String, byte[]> first = manager.createCache("cache-0", new MutableConfiguration<>());
    first.put("small", new byte[10]);
    first.put("blob", new byte[BLOB_VALUE_BYTES]);
    long withOneCache = openFileDescriptors();

    for (int i = 1; i < 1_000; i++) {
      Cache<String, byte[]> cache = manager.createCache("cache-" + i, new MutableConfiguration<>());
      cache.put("small", new byte[] {(byte) i});
      if (i % 10 == 0) {
        cache.put("blob", new byte[BLOB_VALUE_BYTES]);
        assertEquals(BLOB_VALUE_BYTES, cache.get("blob").length);
      }
      assertEquals((byte) i, cache.get("small")[0]);
    }

    long withThousandCaches = openFileDescriptors();
    // The reader pool may open a few more connections under load; nothing may grow per cache or per blob.
    assertTrue(withThousandCaches - withOneCache <= 30,
        "open file descriptors grew from " + withOneCache + " to " + withThousandCaches);
  }

  @Test
  void writesWhileAnIteratorIsOpen_letTheWalCheckpoint_andTheIteratorFinishes() throws Exception {
    Cache<Integer, byte[]> cache = manager.createCache("iterated", new MutableConfiguration<>());
    for (int i = 0; i < 100; i++) {
      cache.put(i, new byte[100]);
    }
    Iterator<Cache.Entry<Integer, byte[]>> iterator = cache.iterator();
    assertTrue(iterator.hasNext());
    iterator.next();

    // 40 MiB through the WAL, two and a half times the writer's automatic checkpoint size (4,000 pages of 4 KiB).
    byte[] value = new byte[10 * 1024];
    for (int i = 0; i < 4_000; i++) {
      value[0] = (byte) i;
      cache.put(1_000 + i % 500, value);
    }

    long walBytes = Files.size(root.resolve("cachet.db-wal"));
    assertTrue(walBytes < 32L << 20, "the WAL grew to " + walBytes + " bytes while an iterator was open");
    int rest = 0;
    while (iterator.hasNext()) {
      iterator.next();
      rest++;
    }
    assertTrue(rest >= 99, "the iterator returned " + rest + " more entries");
  }

  private static long openFileDescriptors() {
    return ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getOpenFileDescriptorCount();
  }
}
