package io.cachet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.sealed.StoreFixture;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A refused entry reaches integrity listeners, the cache's counters and its JMX bean, as configured. */
class IntegrityEventsTest {
  @RegisterExtension final CachetFixture cachet = new CachetFixture();
  private Path root;

  private CachetCachingProvider provider;
  private CacheManager manager;
  private final List<IntegrityEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void open() {
    root = cachet.root();
    provider = cachet.provider();
    manager = cachet.manager();
  }

  private Cache<String, String> cache(String name, CachetConfiguration<String, String> configuration) {
    Cache<String, String> cache = manager.createCache(name, configuration.setTypes(String.class, String.class));
    cache.unwrap(SealedCache.class).registerIntegrityListener(events::add);
    return cache;
  }

  @Test
  void flippedInlineByte_isReportedToListenersCountersAndJmx_andDeleted() throws Exception {
    Cache<String, String> cache = cache("reported", new CachetConfiguration<>());
    cache.put("k", "value");
    flipInlineByte("reported");

    assertNull(cache.get("k"));

    assertEquals(1, events.size());
    IntegrityEvent event = events.get(0);
    assertEquals("reported", event.cacheName());
    assertEquals(IntegrityEvent.Reason.HASH_MISMATCH, event.reason());
    assertTrue(event.deleted());
    assertEquals(64, event.keyHash().length());
    assertEquals(Map.of(IntegrityEvent.Reason.HASH_MISMATCH, 1L), cache.unwrap(SealedCache.class).refusals());
    assertEquals(0, rowCount("reported"));

    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = new ObjectName("io.cachet:type=CacheIntegrity,CacheManager="
        + root.toUri().toString().replaceAll("[,:=\n]", ".") + ",Cache=reported");
    assertEquals(1L, server.getAttribute(name, "RefusedEntries"));
    TabularData byReason = (TabularData) server.getAttribute(name, "RefusalsByReason");
    assertEquals(1, byReason.size());
    assertEquals(Boolean.TRUE, server.getAttribute(name, "EntrySigning"));
  }

  @Test
  void deleteInvalidSignaturesFalse_keepsTheTamperedRow_andReportsItKept() throws Exception {
    Cache<String, String> cache = cache("kept", new CachetConfiguration<String, String>()
        .setDeleteInvalidSignatures(false));
    cache.put("k", "value");
    flipInlineByte("kept");

    assertNull(cache.get("k"));
    assertNull(cache.get("k"));

    assertEquals(2, events.size());
    assertFalse(events.get(0).deleted());
    assertEquals(1, rowCount("kept"));
  }

  @Test
  void aKeptTamperedRow_isDeletedByTheCallersRemove_soNoOtherReaderFindsItLater() throws Exception {
    Cache<String, String> cache = cache("kept", new CachetConfiguration<String, String>()
        .setDeleteInvalidSignatures(false));
    cache.put("remove", "value");
    cache.put("getAndRemove", "value");
    cache.put("invoke", "value");
    cache.put("removeAll", "value");
    tamperEveryRow("kept");
    assertEquals(4, rowCount("kept"));

    assertFalse(cache.remove("remove"));
    assertNull(cache.getAndRemove("getAndRemove"));
    cache.invoke("invoke", (entry, arguments) -> {
      entry.remove();
      return null;
    });
    cache.removeAll(java.util.Set.of("removeAll"));

    assertEquals(0, rowCount("kept"));
  }

  @Test
  void aKeptTamperedRow_staysWhenTheCallerDoesNotRemove() throws Exception {
    Cache<String, String> cache = cache("kept", new CachetConfiguration<String, String>()
        .setDeleteInvalidSignatures(false));
    cache.put("k", "value");
    flipInlineByte("kept");

    assertFalse(cache.replace("k", "other"));
    assertFalse(cache.remove("k", "value"));

    assertEquals(1, rowCount("kept"));
  }

  @Test
  void storageModeFromThePropertiesOfTheManager_neverDeletes() throws Exception {
    java.util.Properties properties = new java.util.Properties();
    properties.setProperty("storageMode", "true");
    manager = provider.getCacheManager(root.resolve("storage").toUri(), getClass().getClassLoader(), properties);
    Cache<String, String> cache = cache("storage", new CachetConfiguration<>());
    cache.put("k", "value");
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + root.resolve("storage/cachet.db"));
        PreparedStatement update = db.prepareStatement("UPDATE entries SET entry_signature = NULL")) {
      assertEquals(1, update.executeUpdate());
    }
    assertNull(cache.get("k"));
    assertEquals(IntegrityEvent.Reason.UNSIGNED, events.get(0).reason());
    assertFalse(events.get(0).deleted());
  }

  @Test
  void failingIntegrityListener_doesNotBreakTheRead() throws Exception {
    Cache<String, String> cache = cache("noisy", new CachetConfiguration<>());
    cache.unwrap(SealedCache.class).registerIntegrityListener(event -> {
      throw new IllegalStateException("listener bug");
    });
    cache.put("k", "value");
    flipInlineByte("noisy");
    assertNull(cache.get("k"));
    assertEquals(1, events.size());
  }

  @Test
  void sealInfo_reportsVersionSignedFieldsAndKey() {
    Cache<String, String> cache = cache("info", new CachetConfiguration<>());
    SealInfo info = cache.unwrap(SealedCache.class).sealInfo();
    assertTrue(info.entrySigning());
    assertEquals(6, info.signatureVersion());
    assertEquals(3, info.minimumSignatureVersion());
    assertTrue(info.signedFields().containsAll(List.of("cache_key", "data_type", "prefix", "file_size",
        "file_hash", "object_type", "storage_format", "serializer", "compression_codec", "created_at",
        "expires_at")), info.signedFields().toString());
    assertFalse(info.inMemoryKey());
    assertEquals("cache_signing_key.bin", info.signingKeyFile());
    assertTrue(info.keyFilePresent());

    Cache<String, String> inMemory = cache("in-memory", new CachetConfiguration<String, String>()
        .setUseInMemoryKey(true));
    assertTrue(inMemory.unwrap(SealedCache.class).sealInfo().inMemoryKey());
  }

  /** Changes a signed field of every row of the namespace, so that each fails its signature. */
  private void tamperEveryRow(String namespace) throws SQLException {
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + root.resolve("cachet.db"));
        PreparedStatement update = db.prepareStatement(
            "UPDATE entries SET object_type = 'java.lang.Integer' WHERE namespace = ?")) {
      update.setString(1, namespace);
      assertTrue(update.executeUpdate() > 0);
    }
  }

  private void flipInlineByte(String namespace) throws SQLException {
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + root.resolve("cachet.db"))) {
      byte[] payload;
      try (PreparedStatement select = db.prepareStatement("SELECT inline_value FROM entries WHERE namespace = ?")) {
        select.setString(1, namespace);
        try (ResultSet row = select.executeQuery()) {
          assertTrue(row.next());
          payload = row.getBytes(1);
        }
      }
      payload[payload.length - 1] ^= 0x01;
      try (PreparedStatement update = db.prepareStatement("UPDATE entries SET inline_value = ? WHERE namespace = ?")) {
        update.setBytes(1, payload);
        update.setString(2, namespace);
        assertEquals(1, update.executeUpdate());
      }
    }
  }

  private long rowCount(String namespace) throws SQLException {
    return StoreFixture.rowCount(root, namespace);
  }
}
