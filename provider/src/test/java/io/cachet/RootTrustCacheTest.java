package io.cachet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.sealed.StoreFixture;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Root trust and the signing key through {@code javax.cache}: files another user put in the root, a key file
 * deleted together with the namespace records, and the option that lets a shared volume's group in.
 */
class RootTrustCacheTest {
  private static final String KEY_FILE = "cache_signing_key.bin";
  private static final int STRANGER = 54_321;

  @RegisterExtension final CachetFixture cachet = new CachetFixture();
  @TempDir Path elsewhere;

  private Path root() {
    return cachet.root();
  }

  private CacheManager manager(Path root, Properties properties) {
    return cachet.provider().getCacheManager(root.toUri(), getClass().getClassLoader(), properties);
  }

  private CacheManager manager() {
    return manager(root(), new Properties());
  }

  private static MutableConfiguration<String, String> strings() {
    return new MutableConfiguration<String, String>().setTypes(String.class, String.class);
  }

  private static void chownToStranger(Path path) throws Exception {
    Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    if (!Integer.valueOf(0).equals(uid)) {
      String reason = "giving a file to another user needs root; this process is uid " + uid;
      System.out.println("SKIPPED " + reason);
      Assumptions.abort(reason);
    }
    Files.setAttribute(path, "unix:uid", STRANGER, LinkOption.NOFOLLOW_LINKS);
  }

  @Test
  void createCache_failsClosed_whenTheKeyFileAndTheNamespaceRecordsWereDeleted_andKeepsEveryRow() throws Exception {
    Cache<String, String> books = manager().createCache("books", strings());
    books.put("dune", "Herbert");
    books.put("big", "x".repeat(200_000));
    manager().createCache("films", strings()).put("alien", "Scott");
    manager().close();
    long rows = ((Number) StoreFixture.query(root(), "SELECT COUNT(*) FROM entries")).longValue();
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + root().resolve("cachet.db"));
        Statement statement = db.createStatement()) {
      statement.executeUpdate("DELETE FROM namespaces");
    }
    Files.delete(root().resolve(KEY_FILE));

    CacheException failure = assertThrows(CacheException.class, () -> manager().createCache("books", strings()));

    assertTrue(failure.getMessage().contains(root().resolve(KEY_FILE).toString()), failure.getMessage());
    assertTrue(failure.getMessage().contains("refusing to generate a new key"), failure.getMessage());
    assertFalse(Files.exists(root().resolve(KEY_FILE), LinkOption.NOFOLLOW_LINKS));
    manager().close();
    assertEquals(3L, rows);
    assertEquals(rows, ((Number) StoreFixture.query(root(), "SELECT COUNT(*) FROM entries")).longValue());
  }

  @Test
  void getCacheManager_failsClosed_whenAnotherUserSwappedInHisOwnDatabaseAndKeyFile() throws Exception {
    manager().createCache("books", strings()).put("dune", "Herbert");
    manager().close();
    Path attackers = elsewhere.resolve("attackers");
    manager(attackers, new Properties()).createCache("books", strings()).put("dune", "the attacker's value");
    manager(attackers, new Properties()).close();
    for (String name : new String[] {"cachet.db-wal", "cachet.db-shm"}) {
      Files.deleteIfExists(root().resolve(name));
    }
    for (String name : new String[] {"cachet.db", KEY_FILE}) {
      Path planted = root().resolve(name);
      Files.copy(attackers.resolve(name), planted, StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(planted, PosixFilePermissions.fromString("rw-------"));
      chownToStranger(planted);
    }

    CacheException failure = assertThrows(CacheException.class, () -> manager().createCache("books", strings()));

    assertTrue(failure.getMessage().contains(root().resolve("cachet.db").toString()), failure.getMessage());
    assertTrue(failure.getMessage().contains("chown"), failure.getMessage());
  }

  @Test
  void allowGroupAccess_acceptsAGroupSharedRoot_butStillRefusesOneOthersCanWrite() throws Exception {
    manager().createCache("books", strings()).put("dune", "Herbert");
    manager().close();
    Files.setPosixFilePermissions(root(), PosixFilePermissions.fromString("rwxrwx---"));
    for (String name : new String[] {"cachet.db", KEY_FILE, "cachet.lock", "cachet.entries.lock"}) {
      Files.setPosixFilePermissions(root().resolve(name), PosixFilePermissions.fromString("rw-rw----"));
    }
    Properties shared = new Properties();
    shared.setProperty("allowGroupAccess", "true");

    assertThrows(CacheException.class, () -> manager().createCache("books", strings()));
    assertEquals("Herbert", manager(root(), shared).createCache("books", strings()).get("dune"));
    manager(root(), shared).close();

    Files.setPosixFilePermissions(root(), PosixFilePermissions.fromString("rwxrwx-w-"));
    CacheException failure = assertThrows(CacheException.class, () -> manager(root(), shared).createCache("books", strings()));
    assertTrue(failure.getMessage().contains(root().toString()), failure.getMessage());
  }

  @Test
  void allowGroupAccess_stillRefusesADatabaseOwnedByAnotherUser() throws Exception {
    manager().createCache("books", strings()).put("dune", "Herbert");
    manager().close();
    chownToStranger(root().resolve("cachet.db"));
    Properties shared = new Properties();
    shared.setProperty("allowGroupAccess", "true");

    CacheException failure = assertThrows(CacheException.class, () -> manager(root(), shared).createCache("books", strings()));

    assertTrue(failure.getMessage().contains(root().resolve("cachet.db").toString()), failure.getMessage());
  }
}
