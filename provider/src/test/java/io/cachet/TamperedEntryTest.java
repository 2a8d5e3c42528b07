package io.cachet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.sealed.StoreFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Through the JCache API: bytes changed on disk behind the cache's back become a miss, and the tampered
 * entry is deleted, whether the cache was reopened or stayed open.
 */
class TamperedEntryTest {
  @RegisterExtension final CachetFixture cachet = new CachetFixture();
  private Path root;
  private Cache<String, String> cache;

  @BeforeEach
  void open() {
    root = cachet.root();
    cache = manager().createCache("secrets", new MutableConfiguration<>());
  }

  private CacheManager manager() {
    return cachet.manager();
  }

  @Test
  void get_missesAndDeletesRow_whenInlineValueByteFlippedWhileCacheOpen() throws Exception {
    cache.put("k", "the real value");
    try (Connection db = database()) {
      byte[] payload = onlyInlineValue(db);
      payload[payload.length - 1] ^= 0x01;
      try (PreparedStatement update = db.prepareStatement(
          "UPDATE entries SET inline_value = ? WHERE namespace = 'secrets'")) {
        update.setBytes(1, payload);
        assertEquals(1, update.executeUpdate());
      }
    }
    cache.put("untouched", "still fine");
    assertNull(cache.get("k"));
    assertFalse(cache.containsKey("k"));
    assertEquals("still fine", cache.get("untouched"));
    try (Connection db = database()) {
      assertEquals(1, rowCount(db));
    }
  }

  @Test
  void get_missesAfterRestart_whenExpiryExtendedOnDisk() throws Exception {
    Cache<String, String> shortLived = manager().createCache("short", new MutableConfiguration<String, String>()
        .setExpiryPolicyFactory(() -> new javax.cache.expiry.CreatedExpiryPolicy(
            new javax.cache.expiry.Duration(java.util.concurrent.TimeUnit.HOURS, 1))));
    shortLived.put("k", "v");
    manager().close();
    try (Connection db = database();
        PreparedStatement update = db.prepareStatement(
            "UPDATE entries SET expires_at = NULL WHERE namespace = 'short'")) {
      assertEquals(1, update.executeUpdate());
    }
    Cache<String, String> reopened = manager().createCache("short", new MutableConfiguration<>());
    assertNull(reopened.get("k"));
  }

  @Test
  void get_missesAndDeletesBlob_whenBlobFileByteFlipped() throws Exception {
    Cache<String, byte[]> blobs = manager().createCache("blobs", new MutableConfiguration<>());
    blobs.put("big", new byte[200_000]);
    Path blob;
    try (Stream<Path> files = Files.walk(root.resolve("blobs"))) {
      blob = files.filter(Files::isRegularFile).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(blob);
    bytes[bytes.length / 2] ^= 0x40;
    Files.write(blob, bytes);

    assertNull(blobs.get("big"));
    assertFalse(Files.exists(blob));
    try (Stream<Path> files = Files.walk(root.resolve("blobs"))) {
      assertEquals(0, files.filter(Files::isRegularFile).count());
    }
  }

  @Test
  void put_replacesAnEntryWhoseBlobWasTampered_andDeletesTheTamperedBlob_withoutReadingIt() throws Exception {
    Cache<String, byte[]> blobs = manager().createCache("blobs", new MutableConfiguration<>());
    blobs.put("big", new byte[200_000]);
    Path tampered = StoreFixture.onlyBlobFile(root);
    StoreFixture.flipMiddleByte(tampered);

    blobs.put("big", new byte[] {42});

    assertEquals(42, blobs.get("big")[0]);
    assertFalse(Files.exists(tampered));
    assertEquals(Map.of(), blobs.unwrap(SealedCache.class).refusals(),
        "with nobody to see the previous value, a plain put never opens it");
  }

  @Test
  void getAndPut_reportsATamperedPreviousValue_andReturnsNullForIt() throws Exception {
    Cache<String, byte[]> blobs = manager().createCache("blobs", new MutableConfiguration<>());
    blobs.put("big", new byte[200_000]);
    StoreFixture.flipMiddleByte(StoreFixture.onlyBlobFile(root));

    assertNull(blobs.getAndPut("big", new byte[] {42}));

    assertEquals(42, blobs.get("big")[0]);
    assertEquals(Map.of(IntegrityEvent.Reason.HASH_MISMATCH, 1L), blobs.unwrap(SealedCache.class).refusals());
  }

  @Test
  void put_overARowWhoseSignatureFails_reportsIt_andStoresANewEntry() throws Exception {
    cache.put("k", "v");
    try (Connection db = database();
        PreparedStatement update = db.prepareStatement(
            "UPDATE entries SET created_at = created_at - 1 WHERE namespace = 'secrets'")) {
      assertEquals(1, update.executeUpdate());
    }

    cache.put("k", "new");

    assertEquals("new", cache.get("k"));
    assertEquals(Map.of(IntegrityEvent.Reason.BAD_SIGNATURE, 1L), cache.unwrap(SealedCache.class).refusals());
  }

  @Test
  void createCache_failsClosedNamingTheKeyFile_whenItWasDeletedUnderSignedEntries() throws Exception {
    cache.put("k", "v");
    cachet.provider().close();
    Files.delete(root.resolve("cache_signing_key.bin"));

    CachetCachingProvider restarted = cachet.newProvider();
    CacheException failure = assertThrows(CacheException.class,
        () -> restarted.getCacheManager(root.toUri(), getClass().getClassLoader())
            .createCache("secrets", new MutableConfiguration<>()));
    assertTrue(failure.getMessage().contains("cache_signing_key.bin"),
        failure.getMessage());
    assertFalse(Files.exists(root.resolve("cache_signing_key.bin")));
    try (Connection db = database()) {
      assertEquals(1, rowCount(db));
    }
  }

  private Connection database() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + root.resolve("cachet.db"));
  }

  private static byte[] onlyInlineValue(Connection db) throws SQLException {
    try (PreparedStatement select = db.prepareStatement(
            "SELECT inline_value FROM entries WHERE namespace = 'secrets'");
        ResultSet row = select.executeQuery()) {
      row.next();
      return row.getBytes(1);
    }
  }

  private static int rowCount(Connection db) throws SQLException {
    try (PreparedStatement count = db.prepareStatement("SELECT COUNT(*) FROM entries WHERE namespace = 'secrets'");
        ResultSet row = count.executeQuery()) {
      row.next();
      return row.getInt(1);
    }
  }
}
