package io.cachet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link SealedCache#rotateSigningKey}: an application rotates its cache's key through the JCache API. */
class SigningKeyRotationTest {
  @RegisterExtension final CachetFixture cachet = new CachetFixture();

  @Test
  void rotateSigningKey_keepsEveryEntry_andTheCacheThenReadsWithTheNewKeyFileOnly() throws Exception {
    Cache<String, String> cache = cachet.manager().createCache("sessions",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class));
    for (int i = 0; i < 50; i++) {
      cache.put("session-" + i, "user-" + i);
    }

    long resigned = cache.unwrap(SealedCache.class).rotateSigningKey("rotated.bin");

    assertEquals(50, resigned);
    assertEquals("user-7", cache.get("session-7"));
    cache.put("after", "written with the new key");
    assertTrue(Files.isRegularFile(cachet.root().resolve("rotated.bin")));
    cachet.manager().close();
    Files.delete(cachet.root().resolve(io.cachet.sealed.NamespaceOptions.DEFAULT_SIGNING_KEY_FILE));
    Properties newKey = new Properties();
    newKey.setProperty("signingKeyFile", "rotated.bin");
    try (CacheManager reopened = cachet.newProvider().getCacheManager(cachet.root().toUri(),
        getClass().getClassLoader(), newKey)) {
      Cache<String, String> again = reopened.createCache("sessions",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      assertEquals("user-42", again.get("session-42"));
      assertEquals("written with the new key", again.get("after"));
      assertEquals(Map.of(), again.unwrap(SealedCache.class).refusals());
      assertThrows(IllegalArgumentException.class,
          () -> again.unwrap(SealedCache.class).rotateSigningKey("../outside.bin"), "a plain file name only");
    }
  }

  @Test
  void rotateSigningKey_ofACacheInStorageMode_keepsAnEntryThatFailsItsChecks_asTheCacheWould() throws Exception {
    Properties storageMode = new Properties();
    storageMode.setProperty("storageMode", "true");
    try (CacheManager manager = cachet.newProvider().getCacheManager(cachet.root().toUri(),
        getClass().getClassLoader(), storageMode)) {
      Cache<String, String> cache = manager.createCache("archive",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class));
      for (int i = 0; i < 20; i++) {
        cache.put("doc-" + i, "text-" + i);
      }
      try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + cachet.root().resolve("cachet.db"));
          Statement tamper = db.createStatement()) {
        tamper.executeUpdate("UPDATE entries SET expires_at = 4102444800000 WHERE rowid = (SELECT min(rowid) FROM "
            + "entries WHERE namespace = 'archive')");
      }

      long resigned = cache.unwrap(SealedCache.class).rotateSigningKey("rotated.bin");

      assertEquals(19, resigned);
      try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + cachet.root().resolve("cachet.db"));
          Statement count = db.createStatement();
          ResultSet rows = count.executeQuery("SELECT count(*) FROM entries WHERE namespace = 'archive'")) {
        assertTrue(rows.next());
        assertEquals(20, rows.getInt(1), "storage mode deletes nothing, not even during a rotation");
      }
      long readable = 0;
      for (int i = 0; i < 20; i++) {
        readable += cache.get("doc-" + i) == null ? 0 : 1;
      }
      assertEquals(19, readable, "the tampered entry stays a miss");
    }
  }
}
