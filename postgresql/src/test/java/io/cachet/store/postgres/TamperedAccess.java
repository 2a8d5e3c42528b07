package io.cachet.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;

/** The ways besides {@code get} an application asks for an entry, each checked to find a tampered one absent. */
public enum TamperedAccess {
  CONTAINS_KEY, GET_ALL, ITERATION, INVOKE, GET_AND_PUT, REPLACE;

  /**
   * Asks for the tampered {@code key} this way and checks that it is absent and that {@code neighbour}, an intact
   * entry of the same cache, is seen where the access returns several.
   */
  public void assertAbsent(Cache<String, String> cache, String key, String neighbour, String neighbourValue) {
    switch (this) {
      case CONTAINS_KEY -> assertFalse(cache.containsKey(key));
      case GET_ALL -> assertEquals(Map.of(neighbour, neighbourValue), cache.getAll(Set.of(key, neighbour)));
      case ITERATION -> {
        List<String> keys = new ArrayList<>();
        cache.forEach(entry -> keys.add(entry.getKey()));
        assertEquals(List.of(neighbour), keys);
      }
      case INVOKE -> assertEquals(Boolean.FALSE, cache.invoke(key, (entry, arguments) -> entry.exists()));
      case GET_AND_PUT -> assertNull(cache.getAndPut(key, "new"));
      case REPLACE -> assertFalse(cache.replace(key, "new"));
    }
  }
}
