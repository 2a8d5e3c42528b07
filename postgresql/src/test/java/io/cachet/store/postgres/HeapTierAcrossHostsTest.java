package io.cachet.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cachet.CachetConfiguration;
import io.cachet.IntegrityEvent;
import io.cachet.SealedCache;
import io.cachet.testing.SharedStoreServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Heap tiers on two hosts sharing PostgreSQL and S3: hosts share no memory, so every hit checks the key's stored
 * row (one query, no object read, no digest), and a host never serves a value another host has replaced, nor
 * one whose row was tampered with.
 */
class HeapTierAcrossHostsTest {
  private static final AtomicLong SCHEMAS = new AtomicLong();
  private static final String KEY_FILE = "cache_signing_key.bin";

  @TempDir Path temp;
  private final List<IntegrityEvent> events = new CopyOnWriteArrayList<>();

  @Test
  void twoHostsWithHeapTiers_readWhatTheOtherWroteRemovedOrCleared_andATamperedRowIsAMiss() throws Exception {
    String schema = "heap_tier_" + SCHEMAS.incrementAndGet();
    Properties options = SharedStoreServers.options(schema, true);
    options.setProperty("inlineThreshold", "0");
    options.setProperty("heapEntries", "100");
    Path hostA = temp.resolve("host-a");
    Path hostB = temp.resolve("host-b");
    try (CacheManager a = Caching.getCachingProvider().getCacheManager(hostA.toUri(), getClass().getClassLoader(),
        options)) {
      Cache<String, String> first = cache(a);
      Files.createDirectories(hostB);
      Files.copy(hostA.resolve(KEY_FILE), hostB.resolve(KEY_FILE), StandardCopyOption.COPY_ATTRIBUTES);
      try (CacheManager b = Caching.getCachingProvider().getCacheManager(hostB.toUri(),
          getClass().getClassLoader(), options)) {
        Cache<String, String> second = cache(b);
        Random random = new Random(16);
        Map<String, String> model = new HashMap<>();
        for (int step = 0; step < 600; step++) {
          Cache<String, String> writer = random.nextBoolean() ? first : second;
          Cache<String, String> reader = random.nextBoolean() ? first : second;
          String key = "k" + random.nextInt(20);
          switch (random.nextInt(6)) {
            case 0 -> {
              writer.put(key, "v" + step);
              model.put(key, "v" + step);
            }
            case 1 -> {
              writer.remove(key);
              model.remove(key);
            }
            case 2 -> {
              if (random.nextInt(30) == 0) {
                writer.clear();
                model.clear();
              }
            }
            default -> assertEquals(model.get(key), reader.get(key), "step " + step + ", key " + key);
          }
        }
        assertEquals(List.of(), events);

        first.put("held", "verified");
        assertEquals("verified", first.get("held"));
        try (Connection connection = TestPostgres.connect(); Statement statement = connection.createStatement()) {
          statement.executeUpdate("UPDATE " + schema + ".entries SET created_at = created_at + 1");
        }
        assertNull(first.get("held"), "the held entry's row no longer verifies");
        assertEquals(IntegrityEvent.Reason.BAD_SIGNATURE, events.get(events.size() - 1).reason());
      }
    }
  }

  private Cache<String, String> cache(CacheManager manager) {
    Cache<String, String> cache = manager.createCache("books",
        new CachetConfiguration<String, String>().setTypes(String.class, String.class));
    cache.unwrap(SealedCache.class).registerIntegrityListener(events::add);
    return cache;
  }
}
