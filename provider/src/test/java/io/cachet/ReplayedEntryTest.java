package io.cachet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.sealed.SavedRow;
import io.cachet.sealed.StoreFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A genuine older row put back in the store (the row, and its blob, copied aside and restored after the key was
 * written again or removed) is a {@code replayed} miss for inline, blob and encrypted entries alike: with
 * {@code replayDetection=shared} for every manager on the root and after a restart, with the default
 * ({@code process}) for the manager that read, wrote or removed the key; and nothing else is ever refused as
 * replayed.
 */
class ReplayedEntryTest {
  private static final String CACHE = "sessions";

  @RegisterExtension final CachetFixture cachet = new CachetFixture();
  private Path root;

  private CacheManager manager;
  private final List<IntegrityEvent> events = new CopyOnWriteArrayList<>();
  private ReplayDetection detection = ReplayDetection.SHARED;

  /** How the replayed entry is stored. */
  enum Storage {
    INLINE(false, 100), BLOB(false, 20_000), ENCRYPTED_INLINE(true, 100), ENCRYPTED_BLOB(true, 20_000);

    final boolean encrypted;
    final int length;

    Storage(boolean encrypted, int length) {
      this.encrypted = encrypted;
      this.length = length;
    }

    String value(String version) {
      return version + "-" + "x".repeat(length);
    }
  }

  @BeforeEach
  void open() {
    root = cachet.root();
    manager = cachet.manager();
  }

  private Cache<String, String> cache(Storage storage) {
    Cache<String, String> cache = manager.getCache(CACHE, String.class, String.class);
    if (cache == null) {
      cache = manager.createCache(CACHE, new CachetConfiguration<String, String>()
          .setTypes(String.class, String.class).setEncryptAtRest(storage.encrypted).setReplayDetection(detection));
    }
    cache.unwrap(SealedCache.class).registerIntegrityListener(events::add);
    return cache;
  }

  private Cache<String, String> restart(Storage storage) {
    manager.close();
    manager = cachet.manager();
    return cache(storage);
  }

  @ParameterizedTest
  @EnumSource(Storage.class)
  void olderRowPutBackWhileRunning_isAReplayedMiss_andDeleted(Storage storage) throws Exception {
    Cache<String, String> cache = cache(storage);
    cache.put("token", storage.value("v1"));
    SavedRow v1 = savedRow();
    cache.put("token", storage.value("v2"));
    cache.put("neighbour", "n");
    assertEquals(storage.value("v2"), cache.get("token"));

    v1.putBack(root);

    assertNull(cache.get("token"));
    assertFalse(cache.containsKey("token"));
    assertEquals(List.of(replayed(v1.cacheKey(), true)), events);
    assertEquals(Map.of(IntegrityEvent.Reason.REPLAYED, 1L), cache.unwrap(SealedCache.class).refusals());
    assertNull(StoreFixture.query(root, "SELECT cache_key FROM entries WHERE cache_key = ?", v1.cacheKey()));
    assertEquals("n", cache.get("neighbour"));
  }

  @ParameterizedTest
  @EnumSource(Storage.class)
  void lastRowOfARemovedKeyPutBackWhileRunning_isAReplayedMiss_forGetIterationAndGetAll(Storage storage)
      throws Exception {
    Cache<String, String> cache = cache(storage);
    cache.put("revoked", storage.value("v1"));
    SavedRow last = savedRow();
    cache.put("kept", "k");
    assertTrue(cache.remove("revoked"));

    last.putBack(root);

    List<String> keys = new ArrayList<>();
    cache.forEach(entry -> keys.add(entry.getKey()));
    assertEquals(List.of("kept"), keys);
    assertEquals(Map.of("kept", "k"), cache.getAll(Set.of("revoked", "kept")));
    assertNull(cache.get("revoked"));
    assertEquals(List.of(replayed(last.cacheKey(), true)), events);
  }

  @ParameterizedTest
  @EnumSource(Storage.class)
  void olderRowPutBackWhileClosed_isRefusedAfterTheRestart(Storage storage) throws Exception {
    Cache<String, String> cache = cache(storage);
    cache.put("token", storage.value("v1"));
    SavedRow v1 = savedRow();
    cache.put("token", storage.value("v2"));
    manager.close();

    v1.putBack(root);

    cache = restart(storage);
    assertNull(cache.get("token"));
    assertEquals(List.of(replayed(v1.cacheKey(), true)), events);
    cache.put("token", storage.value("v3"));
    assertEquals(storage.value("v3"), restart(storage).get("token"), "the namespace works on after the refusal");
  }

  @Test
  void removedKeysRowPutBackWhileClosed_isRefusedAfterTheRestart() throws Exception {
    Cache<String, String> cache = cache(Storage.INLINE);
    cache.put("revoked", "permission");
    SavedRow last = savedRow();
    cache.remove("revoked");
    manager.close();

    last.putBack(root);

    assertNull(restart(Storage.INLINE).get("revoked"));
    assertEquals(List.of(replayed(last.cacheKey(), true)), events);
  }

  @Test
  void olderRowPutBackWhileRunning_isAMissForEveryManagerOnTheRoot_evenOneThatNeverReadTheKey() throws Exception {
    Cache<String, String> writer = cache(Storage.INLINE);
    CachetCachingProvider otherProvider = cachet.newProvider();
    try {
      Cache<String, String> reader = otherProvider.getCacheManager(root.toUri(), getClass().getClassLoader())
          .createCache(CACHE, new CachetConfiguration<String, String>().setTypes(String.class, String.class)
              .setReplayDetection(detection));
      List<IntegrityEvent> readerEvents = new CopyOnWriteArrayList<>();
      reader.unwrap(SealedCache.class).registerIntegrityListener(readerEvents::add);
      writer.put("token", "v1");
      SavedRow v1 = savedRow();
      writer.put("token", "v2");

      v1.putBack(root);

      assertNull(reader.get("token"));
      assertEquals(List.of(replayed(v1.cacheKey(), true)), readerEvents);
      assertNull(writer.get("token"));
    } finally {
      otherProvider.close();
    }
  }

  @Test
  void replayedRowKeptByStorageMode_staysAMiss_andIsRemovedByARemove() throws Exception {
    Cache<String, String> cache = manager.createCache(CACHE, new CachetConfiguration<String, String>()
        .setTypes(String.class, String.class).setStorageMode(true).setReplayDetection(detection));
    cache.unwrap(SealedCache.class).registerIntegrityListener(events::add);
    cache.put("token", "v1");
    SavedRow v1 = savedRow();
    cache.put("token", "v2");
    v1.putBack(root);

    assertNull(cache.get("token"));
    assertNull(cache.get("token"));
    assertEquals(List.of(replayed(v1.cacheKey(), false), replayed(v1.cacheKey(), false)), events);
    assertEquals(1L, StoreFixture.rowCount(root, CACHE));
    assertFalse(cache.remove("token"));
    assertEquals(0L, StoreFixture.rowCount(root, CACHE));
  }

  @Test
  void putIfAbsent_overAReplayedRow_writesAsOverAnAbsentOne() throws Exception {
    Cache<String, String> cache = cache(Storage.INLINE);
    cache.put("token", "v1");
    SavedRow v1 = savedRow();
    cache.remove("token");
    v1.putBack(root);

    assertTrue(cache.putIfAbsent("token", "fresh"));

    assertEquals("fresh", cache.get("token"));
    assertEquals(List.of(replayed(v1.cacheKey(), true)), events);
  }

  @Test
  void aRestartWithoutTampering_refusesNothing_afterEveryKindOfWrite() throws Exception {
    Cache<String, String> cache = manager.createCache(CACHE, new CachetConfiguration<String, String>()
        .setTypes(String.class, String.class).setMaxEntries(40).setReplayDetection(detection)
        .setExpiryPolicyFactory(() -> new AccessedExpiryPolicy(new Duration(TimeUnit.HOURS, 1))));
    cache.unwrap(SealedCache.class).registerIntegrityListener(events::add);
    Map<String, String> expected = new LinkedHashMap<>();
    for (int i = 0; i < 60; i++) {
      cache.put("k" + i, (i % 3 == 0 ? "x".repeat(5000) : "v") + i);
    }
    cache.clear();
    for (int i = 0; i < 30; i++) {
      String value = (i % 4 == 0 ? "y".repeat(3000) : "w") + i;
      cache.put("k" + i, value);
      expected.put("k" + i, value);
    }
    cache.remove("k1");
    expected.remove("k1");
    cache.getAndPut("k2", "replaced");
    expected.put("k2", "replaced");
    cache.replace("k3", "swapped");
    expected.put("k3", "swapped");
    cache.invoke("k5", (entry, args) -> {
      entry.setValue("processed");
      return null;
    });
    expected.put("k5", "processed");
    cache.removeAll(Set.of("k6", "k7"));
    expected.remove("k6");
    expected.remove("k7");
    assertEquals(expected.get("k8"), cache.get("k8"), "an access re-signs the entry's expiry");

    Cache<String, String> reopened = restart(Storage.INLINE);

    assertEquals(expected, reopened.getAll(expected.keySet()));
    assertEquals(List.of(), events);
  }

  @ParameterizedTest
  @EnumSource(Storage.class)
  void byDefault_anOlderRowPutBack_isAReplayedMiss_forTheManagerThatWroteTheNewerValue_andNoLedgerIsKept(
      Storage storage) throws Exception {
    detection = ReplayDetection.PROCESS;
    Cache<String, String> cache = cache(storage);
    cache.put("token", storage.value("v1"));
    SavedRow v1 = savedRow();
    cache.put("token", storage.value("v2"));

    v1.putBack(root);

    assertNull(cache.get("token"));
    assertEquals(List.of(replayed(v1.cacheKey(), true)), events);
    assertEquals(0L, ((Number) StoreFixture.query(root, "SELECT COUNT(*) FROM ledgers")).longValue());
    assertEquals(0L, ((Number) StoreFixture.query(root, "SELECT COUNT(*) FROM ledger_journal")).longValue());
  }

  @Test
  void byDefault_theLastRowOfAKeyThisManagerRemovedOrCleared_isAReplayedMiss_andANewerWriteIsNot()
      throws Exception {
    detection = ReplayDetection.PROCESS;
    Cache<String, String> cache = cache(Storage.INLINE);
    cache.put("revoked", "permission");
    SavedRow removed = savedRow();
    cache.remove("revoked");
    removed.putBack(root);
    assertNull(cache.get("revoked"));

    cache.put("cleared", "grant");
    SavedRow cleared = savedRow();
    cache.clear();
    cleared.putBack(root);
    assertNull(cache.get("cleared"));
    assertEquals(List.of(replayed(removed.cacheKey(), true), replayed(cleared.cacheKey(), true)), events);

    cache.put("revoked", "granted again");
    assertEquals("granted again", cache.get("revoked"));
  }

  @Test
  void byDefault_anOlderRowPutBack_isAMissForAnotherManagerThatReadTheNewerValue() throws Exception {
    detection = ReplayDetection.PROCESS;
    Cache<String, String> writer = cache(Storage.INLINE);
    CachetCachingProvider otherProvider = cachet.newProvider();
    try {
      Cache<String, String> reader = otherProvider.getCacheManager(root.toUri(), getClass().getClassLoader())
          .createCache(CACHE, new CachetConfiguration<String, String>().setTypes(String.class, String.class));
      writer.put("token", "v1");
      SavedRow v1 = savedRow();
      writer.put("token", "v2");
      assertEquals("v2", reader.get("token"));

      v1.putBack(root);

      assertNull(reader.get("token"));
    } finally {
      otherProvider.close();
    }
  }

  @Test
  void aSharedCachesLedgerDeletedWhileClosed_isNoFreshStart_everyEntryWrittenBeforeIsRefused() throws Exception {
    Cache<String, String> cache = cache(Storage.INLINE);
    cache.put("token", "v1");
    SavedRow v1 = savedRow();
    cache.put("token", "v2");
    manager.close();
    v1.putBack(root);
    StoreFixture.execute(root, "DELETE FROM ledgers");
    StoreFixture.execute(root, "DELETE FROM ledger_journal");

    detection = ReplayDetection.PROCESS;
    assertNull(restart(Storage.INLINE).get("token"), "the cache stays shared, and its ledger was not re-made");
    assertEquals(List.of(replayed(v1.cacheKey(), true)), events);
  }

  @Test
  void replayDetectionShared_fromTheManagersProperties_coversCachesMadeWithAPlainConfiguration() throws Exception {
    Properties shared = new Properties();
    shared.setProperty("replayDetection", "shared");
    manager.close();
    manager = cachet.manager(shared);
    Cache<String, String> cache = manager.createCache(CACHE,
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    cache.put("token", "v1");
    SavedRow v1 = savedRow();
    cache.put("token", "v2");
    manager.close();
    v1.putBack(root);

    manager = cachet.manager();
    assertNull(manager.createCache(CACHE, new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class)).get("token"));
    assertEquals(1L, ((Number) StoreFixture.query(root, "SELECT COUNT(*) FROM ledgers")).longValue());
  }

  private static IntegrityEvent replayed(String cacheKey, boolean deleted) {
    return new IntegrityEvent(CACHE, cacheKey, IntegrityEvent.Reason.REPLAYED, deleted);
  }

  /** The cache's one row as it is now, to put back later. */
  private SavedRow savedRow() throws Exception {
    return SavedRow.of(root, CACHE, onlyCacheKey());
  }

  private String onlyCacheKey() throws Exception {
    assertEquals(1L, StoreFixture.rowCount(root, CACHE));
    return (String) StoreFixture.query(root, "SELECT cache_key FROM entries WHERE namespace = ?", CACHE);
  }
}
