package io.cachet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cachet.sealed.SavedRow;
import io.cachet.sealed.StoreFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The heap tier through the JCache API: hits are copies, and two managers on one root (each with its own
 * connections and its own tier, as two processes have) read what the other wrote, removed, cleared or evicted
 * as soon as the other's call returned.
 */
class HeapTierTest {
  private static final String CACHE = "books";

  @RegisterExtension final CachetFixture cachet = new CachetFixture();
  private Path root;
  private final List<IntegrityEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void open() {
    root = cachet.root();
  }

  private <V> Cache<String, V> cache(CacheManager manager, Class<V> type, CachetConfiguration<String, V> config) {
    Cache<String, V> cache = manager.createCache(CACHE, config.setTypes(String.class, type));
    cache.unwrap(SealedCache.class).registerIntegrityListener(events::add);
    return cache;
  }

  private CacheManager anotherManager() {
    return cachet.newProvider().getCacheManager(root.toUri(), getClass().getClassLoader());
  }

  @Test
  void twoManagersWithHeapTiers_readWhatTheOtherWroteRemovedClearedOrEvicted() {
    CachetConfiguration<String, String> config = new CachetConfiguration<String, String>().setHeapEntries(40)
        .setMaxEntries(100);
    Cache<String, String> first = cache(cachet.manager(), String.class, config);
    Cache<String, String> second = cache(anotherManager(), String.class, config);
    Random random = new Random(16);
    Map<String, String> model = new HashMap<>();
    for (int step = 0; step < 3_000; step++) {
      Cache<String, String> writer = random.nextBoolean() ? first : second;
      Cache<String, String> reader = random.nextBoolean() ? first : second;
      String key = "k" + random.nextInt(120);
      switch (random.nextInt(8)) {
        case 0, 1 -> {
          String value = "v" + step + (random.nextInt(10) == 0 ? "x".repeat(200_000) : "");
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
          if (random.nextInt(50) == 0) {
            writer.clear();
            model.clear();
          }
        }
        default -> {
          String read = reader.get(key);
          if (read == null) {
            // Evicted: the cache holds at most 100 of the 120 keys.
            model.remove(key);
          } else {
            assertEquals(model.get(key), read, "step " + step + ", key " + key);
          }
        }
      }
    }
    assertEquals(first.getAll(model.keySet()), second.getAll(model.keySet()));
    assertEquals(model, first.getAll(model.keySet()));
    assertEquals(List.of(), events);
  }

  @Test
  void aHit_isACopy_soWhatTheCallerDoesToItNeverReachesTheCache() {
    @SuppressWarnings({"unchecked", "rawtypes"})
    Cache<String, ArrayList<String>> cache = (Cache) cache(cachet.manager(), ArrayList.class,
        new CachetConfiguration<String, ArrayList>().setHeapEntries(10));
    cache.put("list", new ArrayList<>(List.of("a")));
    ArrayList<String> read = cache.get("list");
    read.add("changed by the caller");

    ArrayList<String> again = cache.get("list");

    assertEquals(List.of("a"), again);
    assertNotSame(read, again);
  }

  @Test
  void aHeldEntry_isServedFromMemory_untilAnotherManagersWriteReplacesIt() throws Exception {
    Cache<String, String> held = cache(cachet.manager(), String.class,
        new CachetConfiguration<String, String>().setHeapEntries(10));
    Cache<String, String> other = cache(anotherManager(), String.class, new CachetConfiguration<>());
    held.put("k", "verified");
    assertEquals("verified", held.get("k"));

    StoreFixture.execute(root, "UPDATE entries SET file_hash = 'tampered' WHERE namespace = ?", CACHE);

    assertEquals("verified", held.get("k"), "served from memory, where it was verified");
    assertNull(other.get("k"), "the stored copy is refused by a manager that reads it");
    assertEquals(1, events.size());
    other.put("k", "new");
    assertEquals("new", held.get("k"));
  }

  @Test
  void withReplayDetectionShared_everyHitChecksTheStoredRow_soAReplayedOrTamperedRowIsAMiss() throws Exception {
    Cache<String, String> cache = cache(cachet.manager(), String.class, new CachetConfiguration<String, String>()
        .setHeapEntries(10).setReplayDetection(ReplayDetection.SHARED));
    cache.put("k", "v1");
    SavedRow v1 = SavedRow.of(root, CACHE, (String) StoreFixture.query(root, "SELECT cache_key FROM entries"));
    cache.put("k", "v2");
    assertEquals("v2", cache.get("k"));

    v1.putBack(root);

    assertNull(cache.get("k"), "the row put back is not the held entry's, and is refused");
    cache.put("k", "v3");
    assertEquals("v3", cache.get("k"));
    StoreFixture.execute(root, "UPDATE entries SET file_hash = 'tampered' WHERE namespace = ?", CACHE);
    assertNull(cache.get("k"));
    assertEquals(List.of(IntegrityEvent.Reason.REPLAYED, IntegrityEvent.Reason.BAD_SIGNATURE),
        events.stream().map(IntegrityEvent::reason).toList());
  }
}
