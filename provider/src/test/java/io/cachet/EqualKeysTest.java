package io.cachet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.sealed.StoreFixture;
import io.cachet.testing.LazyHashKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Keys equal by {@code equals} are one entry, as JCache defines keys; keys that cannot be are refused. */
class EqualKeysTest {
  // "Aa" and "BB" have the same hash code, so a HashSet iterates them in insertion order.
  private static final List<String> COLLIDING = List.of("Aa", "BB", "C#");
  private static final List<String> REVERSED = List.of("C#", "BB", "Aa");

  @RegisterExtension final CachetFixture cachet = new CachetFixture();
  private Path root;

  private CacheManager manager;

  @BeforeEach
  void open() {
    root = cachet.root();
    manager = cachet.manager();
  }

  private <K> Cache<K, String> cache() {
    Cache<K, String> created = manager.getCache("keys");
    return created != null ? created : manager.createCache("keys", new CachetConfiguration<K, String>()
        .addAllowedClasses(LazyHashKey.class.getName()));
  }

  /** Puts under one key, then checks the other is the same entry by every way JCache can tell. */
  private <K> void assertOneEntry(K put, K equal) throws Exception {
    assertEquals(put, equal);
    Cache<K, String> cache = cache();
    cache.put(put, "v");
    assertEquals("v", cache.get(equal));
    assertTrue(cache.containsKey(equal));
    assertFalse(cache.putIfAbsent(equal, "w"));
    List<K> keys = new ArrayList<>();
    cache.forEach(entry -> keys.add(entry.getKey()));
    assertEquals(List.of(put), keys);
    assertEquals(1, StoreFixture.rowCount(root, "keys"));
    assertTrue(cache.remove(equal));
    assertEquals(0, StoreFixture.rowCount(root, "keys"));
  }

  @Test
  void hashSetKeys_inOtherInsertionOrders_areOneEntry() throws Exception {
    assertOneEntry(new HashSet<>(COLLIDING), new HashSet<>(REVERSED));
  }

  @Test
  void hashSetKeys_ofOtherCapacities_areOneEntry() throws Exception {
    Set<Integer> small = new HashSet<>();
    Set<Integer> large = new HashSet<>(1024);
    for (int i = 0; i < 40; i++) {
      small.add(i * 17);
      large.add(i * 17);
    }
    assertOneEntry(small, large);
  }

  @Test
  void hashMapAndLinkedHashMapKeys_inOtherOrders_areOneEntry() throws Exception {
    assertOneEntry(mapOf(HashMap::new, COLLIDING), mapOf(HashMap::new, REVERSED));
    assertOneEntry(mapOf(LinkedHashMap::new, COLLIDING), mapOf(LinkedHashMap::new, REVERSED));
  }

  @Test
  void setsInMapsInLists_inOtherOrders_areOneEntry() throws Exception {
    Map<String, Set<String>> one = mapOf(HashMap::new, COLLIDING);
    one.put("nested", new HashSet<>(COLLIDING));
    Map<String, Set<String>> other = mapOf(HashMap::new, REVERSED);
    other.put("nested", new HashSet<>(REVERSED));
    assertOneEntry(new ArrayList<>(List.of(one)), new ArrayList<>(List.of(other)));
  }

  @Test
  void immutableAndMutableCollections_thatAreEqual_areOneEntry() throws Exception {
    assertOneEntry(List.of("a", "b"), new ArrayList<>(List.of("a", "b")));
    assertOneEntry(Set.of("Aa", "BB"), new HashSet<>(COLLIDING.subList(0, 2)));
  }

  @Test
  void aKeyCachingItsHashInAField_isRefusedOnPutAndGet_namingClassAndField() throws Exception {
    Cache<LazyHashKey, String> cache = cache();
    CacheException put = assertThrows(CacheException.class, () -> cache.put(new LazyHashKey("a"), "v"));
    assertTrue(put.getMessage().contains(LazyHashKey.class.getName() + ".hash"), put.getMessage());
    CacheException get = assertThrows(CacheException.class, () -> cache.get(new LazyHashKey("a")));
    assertTrue(get.getMessage().contains(LazyHashKey.class.getName() + ".hash"), get.getMessage());
    assertEquals(0, StoreFixture.rowCount(root, "keys"));
  }

  @Test
  void aKeyWhoseHashWasCachedBeforePut_isOneEntry_andAnUncachedEqualKeyIsRefusedNotDuplicated() throws Exception {
    Cache<LazyHashKey, String> cache = cache();
    LazyHashKey hashed = new LazyHashKey("a");
    hashed.hashCode();
    cache.put(hashed, "v");
    LazyHashKey alsoHashed = new LazyHashKey("a");
    alsoHashed.hashCode();
    assertEquals("v", cache.get(alsoHashed));
    assertThrows(CacheException.class, () -> cache.putIfAbsent(new LazyHashKey("a"), "w"));
    assertEquals(1, StoreFixture.rowCount(root, "keys"));
  }

  private static <M extends Map<String, Set<String>>> M mapOf(java.util.function.Supplier<M> map,
      List<String> keys) {
    M filled = map.get();
    for (String key : keys) {
      filled.put(key, new HashSet<>(keys));
    }
    return filled;
  }

}
