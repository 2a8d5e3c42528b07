package io.cachet.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.CachetCachingProvider;
import io.cachet.IntegrityEvent;
import io.cachet.sealed.StoreFixture;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bytes changed on disk behind a cache's back move the refused-entries counter of that cache and reason only. */
class CachetIntegrityMetricsTest {
  @TempDir Path root;
  private final CachetCachingProvider provider = new CachetCachingProvider();
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private CacheManager manager;

  @BeforeEach
  void open() {
    manager = provider.getCacheManager(root.toUri(), getClass().getClassLoader());
  }

  @AfterEach
  void close() {
    provider.close();
  }

  @Test
  void refusedReads_countForTheirCacheAndReason_andVerifiedReadsCountNothing() throws Exception {
    Cache<String, String> tampered = manager.createCache("tampered", new MutableConfiguration<>());
    Cache<String, String> intact = manager.createCache("intact", new MutableConfiguration<>());
    CachetIntegrityMetrics.ofCaches(manager, "cacheManager", "main").bindTo(registry);
    for (String key : new String[] {"a", "b", "c"}) {
      tampered.put(key, "value of " + key);
      intact.put(key, "value of " + key);
    }
    // The signature covers the creation time: every row of the cache now fails it.
    try (Connection db = database();
        PreparedStatement update = db.prepareStatement(
            "UPDATE entries SET created_at = created_at - 1 WHERE namespace = 'tampered'")) {
      assertEquals(3, update.executeUpdate());
    }

    for (String key : new String[] {"a", "b", "c"}) {
      assertNull(tampered.get(key));
      assertEquals("value of " + key, intact.get(key));
      assertEquals("value of " + key, intact.get(key));
    }
    assertNull(tampered.get("a"), "deleted when refused: a miss with nothing left to refuse");

    assertEquals(3, refused("tampered", IntegrityEvent.Reason.BAD_SIGNATURE));
    assertEquals(3, refusedInAll("tampered"));
    assertEquals(0, refusedInAll("intact"));
    assertEquals("main", counter("tampered", IntegrityEvent.Reason.BAD_SIGNATURE).getId().getTag("cacheManager"));
  }

  @Test
  void aBlobChangedOnDisk_countsAsHashMismatch() throws IOException {
    Cache<String, byte[]> blobs = CachetIntegrityMetrics.monitor(registry,
        manager.createCache("blobs", new MutableConfiguration<String, byte[]>()));
    blobs.put("big", new byte[200_000]);
    blobs.put("small", new byte[] {1});
    StoreFixture.flipMiddleByte(StoreFixture.onlyBlobFile(root));

    assertNull(blobs.get("big"));
    assertEquals(1, blobs.get("small")[0]);

    assertEquals(1, refused("blobs", IntegrityEvent.Reason.HASH_MISMATCH));
    assertEquals(1, refusedInAll("blobs"));
  }

  @Test
  void everyReason_isRegisteredAtZero_withUnitAndDescription() {
    CachetIntegrityMetrics.monitor(registry, manager.createCache("fresh", new MutableConfiguration<>()));

    for (IntegrityEvent.Reason reason : IntegrityEvent.Reason.values()) {
      FunctionCounter counter = counter("fresh", reason);
      assertEquals(0, counter.count(), reason.name());
      assertEquals("entries", counter.getId().getBaseUnit());
      assertTrue(counter.getId().getDescription().contains("refused"), counter.getId().getDescription());
    }
  }

  @Test
  void cachesCreatedAfterBinding_areNotFollowed_untilMonitored() {
    manager.createCache("early", new MutableConfiguration<>());
    CachetIntegrityMetrics.ofCaches(manager).bindTo(registry);
    Cache<Object, Object> late = manager.createCache("late", new MutableConfiguration<>());

    assertEquals(0, registry.find(CachetIntegrityMetrics.REFUSED).tag("cache", "late").functionCounters().size());
    CachetIntegrityMetrics.monitor(registry, late);
    assertEquals(IntegrityEvent.Reason.values().length,
        registry.find(CachetIntegrityMetrics.REFUSED).tag("cache", "late").functionCounters().size());
  }

  @Test
  void anotherProvidersCacheOrManager_isRefusedWithTheProviderNamed() {
    CachingProvider caffeine = Caching.getCachingProvider("com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider");
    try {
      CacheManager other = caffeine.getCacheManager(URI.create("other"), getClass().getClassLoader());
      Cache<Object, Object> cache = other.createCache("elsewhere", new MutableConfiguration<>());

      IllegalArgumentException forCache = assertThrows(IllegalArgumentException.class,
          () -> CachetIntegrityMetrics.monitor(registry, cache));
      IllegalArgumentException forManager = assertThrows(IllegalArgumentException.class,
          () -> CachetIntegrityMetrics.ofCaches(other));

      assertTrue(forCache.getMessage().startsWith("Cache elsewhere is not Cachet's"), forCache.getMessage());
      assertTrue(forManager.getMessage().contains("CaffeineCachingProvider"), forManager.getMessage());
    } finally {
      caffeine.close();
    }
  }

  private double refused(String cache, IntegrityEvent.Reason reason) {
    return counter(cache, reason).count();
  }

  private double refusedInAll(String cache) {
    return Arrays.stream(IntegrityEvent.Reason.values()).mapToDouble(reason -> refused(cache, reason)).sum();
  }

  private FunctionCounter counter(String cache, IntegrityEvent.Reason reason) {
    return registry.get(CachetIntegrityMetrics.REFUSED).tag("cache", cache).tag("reason", reason.name())
        .functionCounter();
  }

  private Connection database() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + root.resolve("cachet.db"));
  }

}
