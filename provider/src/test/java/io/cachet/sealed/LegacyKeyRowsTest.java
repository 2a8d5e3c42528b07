package io.cachet.sealed;

import static io.cachet.sealed.StoreFixture.open;
import static io.cachet.sealed.StoreFixture.query;
import static io.cachet.sealed.StoreFixture.rowCount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.CachetCachingProvider;
import io.cachet.sealed.TestValues.RecordKey;
import io.cachet.serial.ClassFilter;
import io.cachet.serial.KryoValueCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stores written before keys were canonical stay readable: a row stored under a key's old bytes is found by
 * the keys that found it before (those that the old code encoded to the same bytes: a set iterating in the
 * same order), and replaced or removed with them, so such a key never has two entries.
 */
class LegacyKeyRowsTest {
  // Key bytes written by Cachet before keys were canonical (commit a3a18b2), through the same SQLite
  // row a put made then. "Aa" and "BB" have equal hash codes, so the old encoder wrote them in insertion order.
  /** A HashSet of "BB" then "Aa". */
  private static final String OLD_SET = "01006a6176612e7574696c2e486173685365f483030042c241e1";
  /** A HashMap of "BB"=2 then "Aa"=1. */
  private static final String OLD_MAP = "01006a6176612e7574696c2e486173684d61f0030342c202040341e10202";
  /** {@code List.of("a", "b")}, which the old encoder wrote with Java serialization. */
  private static final String OLD_LIST_OF = "01006a6176612e7574696c2e496d6d757461626c65436f6c6c656374696f6e73244c69"
      + "737431b23faced0005737200116a6176612e7574696c2e436f6c6c536572578eabb63a1ba811030001490003746167787000000001"
      + "770400000002740001617400016278";

  @TempDir Path root;

  /** Writes a row as the old code did: addressed by the hash of its old key bytes. */
  private void writeOldRow(String namespace, String oldKeyBytes, String value) {
    byte[] bytes = HexFormat.of().parseHex(oldKeyBytes);
    try (SealedStore store = open(root)) {
      SealedNamespace names = store.attach(namespace, Options.defaults());
      Object key = new KryoValueCodec(getClass().getClassLoader()).decode(bytes);
      names.write(new StoredKey(key, Digests.keyHash(bytes), bytes), value, 1, SealedEntry.ETERNAL);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static Set<String> set(String... elements) {
    Set<String> set = new HashSet<>();
    for (String element : elements) {
      set.add(element);
    }
    return set;
  }

  @Test
  void read_findsARowStoredUnderOldKeyBytes_byAKeyTheOldCodeEncodedSo() {
    writeOldRow("n", OLD_SET, "old");
    try (SealedStore store = open(root)) {
      SealedNamespace names = store.attach("n", Options.defaults());
      StoredKey key = names.key(set("BB", "Aa"));
      assertEquals("old", names.read(key).value());
      assertEquals("old", names.readAll(List.of(key, names.key("absent"))).get(key).value());
    }
  }

  @Test
  void read_findsOldRowsOfMapsAndOfListOf() {
    writeOldRow("n", OLD_MAP, "map");
    writeOldRow("n", OLD_LIST_OF, "list");
    try (SealedStore store = open(root)) {
      SealedNamespace names = store.attach("n", Options.defaults());
      Map<String, Integer> map = new HashMap<>();
      map.put("BB", 2);
      map.put("Aa", 1);
      assertEquals("map", names.read(names.key(map)).value());
      assertEquals("list", names.read(names.key(List.of("a", "b"))).value());
    }
  }

  @Test
  void write_replacesTheOldRow_soTheKeyHasOneEntry() throws Exception {
    writeOldRow("n", OLD_SET, "old");
    try (SealedStore store = open(root)) {
      SealedNamespace names = store.attach("n", Options.defaults());
      StoredKey key = names.key(set("BB", "Aa"));
      names.write(key, "new", 2, SealedEntry.ETERNAL);
      assertEquals(1, rowCount(root, "n"));
      assertEquals(key.hash(), query(root, "SELECT cache_key FROM entries"));
      assertEquals("new", names.read(names.key(set("Aa", "BB"))).value());
    }
  }

  @Test
  void delete_removesTheOldRow() throws Exception {
    writeOldRow("n", OLD_SET, "old");
    try (SealedStore store = open(root)) {
      SealedNamespace names = store.attach("n", Options.defaults());
      assertTrue(names.delete(names.key(set("BB", "Aa"))));
      assertEquals(0, rowCount(root, "n"));
      assertNull(names.read(names.key(set("BB", "Aa"))));
    }
  }

  @Test
  void jcache_findsTheOldRow_asOneEntry() throws Exception {
    writeOldRow("legacy", OLD_SET, "old");
    try (CachetCachingProvider provider = new CachetCachingProvider()) {
      Cache<Set<String>, String> cache = provider.getCacheManager(root.toUri(), getClass().getClassLoader())
          .createCache("legacy", new MutableConfiguration<>());
      assertEquals("old", cache.get(set("BB", "Aa")));
      assertFalse(cache.putIfAbsent(set("BB", "Aa"), "new"));
      List<Set<String>> keys = new ArrayList<>();
      cache.forEach(entry -> keys.add(entry.getKey()));
      assertEquals(List.of(set("Aa", "BB")), keys);
    }
  }

  @Test
  void keysWithoutSetsOrMaps_keepTheirOldBytesAndHash() {
    KryoValueCodec oldEncoder = new KryoValueCodec(getClass().getClassLoader(),
        ClassFilter.withDefaults(List.of("io.cachet.sealed.**")));
    try (SealedStore store = open(root)) {
      SealedNamespace names = store.attach("n", Options.defaults());
      for (Object key : List.of("s", 42L, 7, new RecordKey("r", 1),
          new ArrayList<>(List.of("a", "b")), set("single"))) {
        StoredKey stored = names.key(key);
        assertEquals(Digests.keyHash(oldEncoder.encode(key)), stored.hash(), key.toString());
        assertNull(stored.legacyHash(), key.toString());
      }
    }
  }
}
