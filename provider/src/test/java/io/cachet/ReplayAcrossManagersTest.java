package io.cachet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.sealed.SavedRow;
import io.cachet.sealed.StoreFixture;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two managers on one root with {@code replayDetection=shared}, each with its own database connections, keys
 * index and ledger view, as two processes have: what one writes the other reads as current, whatever happens
 * to the journal they share, and only rows put back or forged are refused. The second manager opens the caches
 * with the default configuration: a cache that keeps a ledger keeps it in every manager.
 */
class ReplayAcrossManagersTest {
  private static final String CACHE = "tokens";

  @RegisterExtension final CachetFixture cachet = new CachetFixture();
  private Path root;
  private CachetCachingProvider firstProvider;
  private CachetCachingProvider secondProvider;
  private Cache<String, String> first;
  private Cache<String, String> second;
  private final List<IntegrityEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void open() {
    root = cachet.root();
    firstProvider = cachet.newProvider();
    secondProvider = cachet.newProvider();
    first = cache(firstProvider.getCacheManager(root.toUri(), getClass().getClassLoader()), ReplayDetection.SHARED);
    second = cache(secondProvider.getCacheManager(root.toUri(), getClass().getClassLoader()),
        ReplayDetection.PROCESS);
  }

  private Cache<String, String> cache(CacheManager manager, ReplayDetection detection) {
    Cache<String, String> cache = manager.createCache(CACHE, new CachetConfiguration<String, String>()
        .setTypes(String.class, String.class).setMaxEntries(100).setReplayDetection(detection));
    cache.unwrap(SealedCache.class).registerIntegrityListener(events::add);
    return cache;
  }

  @Test
  void interleavedWritesRemovesClearsAndEvictionsOfTwoManagers_areReadAsCurrentByBoth_andRefuseNothing() {
    Random random = new Random(7);
    Map<String, String> model = new HashMap<>();
    for (int step = 0; step < 2_000; step++) {
      Cache<String, String> writer = random.nextBoolean() ? first : second;
      Cache<String, String> reader = writer == first ? second : first;
      String key = "k" + random.nextInt(120);
      switch (random.nextInt(6)) {
        case 0, 1 -> {
          String value = "v" + step + (random.nextInt(8) == 0 ? "x".repeat(5_000) : "");
          writer.put(key, value);
          model.put(key, value);
        }
        case 2 -> {
          writer.remove(key);
          model.remove(key);
        }
        case 3 -> {
          String value = "r" + step;
          if (writer.replace(key, value)) {
            model.put(key, value);
          }
        }
        case 4 -> {
          if (random.nextInt(40) == 0) {
            writer.clear();
            model.clear();
          }
        }
        default -> {
          String read = reader.get(key);
          if (read == null) {
            // Evicted (the cache holds at most 100 of the 120 keys) or removed.
            model.remove(key);
          } else {
            assertEquals(model.get(key), read, "step " + step + ", key " + key);
          }
        }
      }
    }
    Map<String, String> stored = second.getAll(model.keySet());
    assertEquals(stored, first.getAll(model.keySet()));
    assertEquals(List.of(), events, "a current entry was refused");

    firstProvider.close();
    secondProvider.close();
    open();
    assertEquals(stored, first.getAll(model.keySet()));
    assertEquals(stored, second.getAll(model.keySet()));
    assertEquals(List.of(), events, "a current entry was refused after the restart");
  }

  @Test
  void aManagerFallenFurtherBehindThanTheJournalKeeps_checksTheRowsAgain_andRefusesNothing() throws Exception {
    CachetCachingProvider bigProvider = cachet.newProvider();
    try {
      Cache<Integer, String> writer = bigProvider.getCacheManager(root.toUri(), getClass().getClassLoader())
          .createCache("big", new CachetConfiguration<Integer, String>().setTypes(Integer.class, String.class)
              .setReplayDetection(ReplayDetection.SHARED));
      Cache<Integer, String> reader = secondProvider.getCacheManager(root.toUri(), getClass().getClassLoader())
          .createCache("big", new MutableConfiguration<Integer, String>().setTypes(Integer.class, String.class));
      reader.unwrap(SealedCache.class).registerIntegrityListener(events::add);
      writer.put(-1, "old");
      assertEquals("old", reader.get(-1));
      for (int first = 0; first < 70_000; first += 1_000) {
        Map<Integer, String> batch = new HashMap<>();
        for (int k = first; k < first + 1_000; k++) {
          batch.put(k, "v" + k);
        }
        writer.putAll(batch);
      }
      writer.put(-1, "new");
      long journal = ((Number) StoreFixture.query(root, "SELECT COUNT(*) FROM ledger_journal")).longValue();

      assertEquals("new", reader.get(-1));
      assertEquals("v12345", reader.get(12_345));
      assertEquals("v69999", reader.get(69_999));
      assertEquals(List.of(), events);
      assertTrue(journal >= 65_536 && journal <= 65_536 + 2_048 + 1, "journal entries kept: " + journal);
    } finally {
      bigProvider.close();
    }
  }

  @Test
  void aJournalEmptiedBehindTheirBacks_costsAFullCheckOfTheRows_notAnEntry() throws Exception {
    first.put("a", "1");
    assertEquals("1", second.get("a"));
    first.put("a", "2");
    first.put("b", "3");
    StoreFixture.execute(root, "DELETE FROM ledger_journal");

    assertEquals("2", second.get("a"));
    assertEquals("3", second.get("b"));
    assertEquals(List.of(), events);
  }

  @Test
  void aRowPutBack_withTheJournalEntriesThatWouldReportIt_deleted_isStillRefused() throws Exception {
    first.put("token", "v1");
    assertEquals("v1", second.get("token"));
    String cacheKey = (String) StoreFixture.query(root, "SELECT cache_key FROM entries");
    SavedRow v1 = SavedRow.of(root, CACHE, cacheKey);
    first.put("token", "v2");
    v1.putBack(root);
    StoreFixture.execute(root, "DELETE FROM ledger_journal");

    assertNull(second.get("token"));
    assertEquals(List.of(new IntegrityEvent(CACHE, cacheKey, IntegrityEvent.Reason.REPLAYED, true)), events);
  }
}
