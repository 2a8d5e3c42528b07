package io.cachet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With the default {@code replayDetection=process}, a write is never taken for an older row by another manager
 * of the root that removed or cleared the key before, however many generations that manager issued within the
 * same millisecond: generations are drawn from one sequence shared by every process on the root.
 */
class GenerationsAcrossManagersTest {
  @RegisterExtension final CachetFixture cachet = new CachetFixture();
  private final List<IntegrityEvent> events = new CopyOnWriteArrayList<>();

  private Cache<String, String> cache(CacheManager manager) {
    Cache<String, String> cache = manager.createCache("tokens",
        new CachetConfiguration<String, String>().setTypes(String.class, String.class));
    cache.unwrap(SealedCache.class).registerIntegrityListener(events::add);
    return cache;
  }

  @Test
  void aWriteAfterAnotherManagerRemovedTheKey_inTheSameMillisecond_readsBackThere() {
    Cache<String, String> busy = cache(cachet.manager());
    Cache<String, String> other = cache(cachet.newProvider().getCacheManager(cachet.root().toUri(),
        getClass().getClassLoader()));
    for (int i = 0; i < 50; i++) {
      busy.put("k", "busy " + i);
    }
    busy.remove("k");

    other.put("k", "written after the removal");

    assertEquals("written after the removal", busy.get("k"), "the fixture's clock never moves");
    busy.clear();
    other.put("k", "written after the clear");
    assertEquals("written after the clear", busy.get("k"));
    assertEquals(List.of(), events);
  }
}
