package io.cachet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Entries outlive their cache manager, and destroyCache really deletes them. */
class PersistenceTest {
  @RegisterExtension final CachetFixture cachet = new CachetFixture();
  private Path root;

  @BeforeEach
  void open() {
    root = cachet.root();
  }

  private List<String> storedNamespaces() throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + root.resolve("cachet.db"));
        Statement query = db.createStatement();
        ResultSet rows = query.executeQuery("SELECT name FROM namespaces ORDER BY name")) {
      while (rows.next()) {
        names.add(rows.getString(1));
      }
    }
    return names;
  }

  private CacheManager manager() {
    return cachet.manager();
  }

  @Test
  void createCache_reattachesEntriesStoredBeforeTheManagerClosed() {
    Cache<String, Book> books = manager().createCache("books", bookConfiguration());
    books.put("dune", new Book("Dune", 1965));
    books.put("big", new Book("x".repeat(100_000), 1));
    manager().close();

    Cache<String, Book> reopened = manager().createCache("books", bookConfiguration());
    assertEquals(new Book("Dune", 1965), reopened.get("dune"));
    assertEquals(new Book("x".repeat(100_000), 1), reopened.get("big"));
    Set<String> keys = new HashSet<>();
    reopened.forEach(entry -> keys.add(entry.getKey()));
    assertEquals(Set.of("dune", "big"), keys);
  }

  @Test
  void getCache_returnsNullForPersistedButNotCreatedName() {
    manager().createCache("books", new MutableConfiguration<>()).put("k", "v");
    manager().close();
    assertNull(manager().getCache("books"));
    assertNull(manager().getCache("never-created"));
  }

  @Test
  void getCache_onUnknownNames_createsNothing_asHibernateProbingItsLegacyRegionNamesExpects() throws Exception {
    CacheManager manager = manager();
    manager.createCache("books", new MutableConfiguration<>());
    for (String probe : List.of("default-update-timestamps-region", "org.hibernate.cache.spi.UpdateTimestampsCache")) {
      assertNull(manager.getCache(probe));
      assertNull(manager.getCache(probe), "the first call left nothing behind");
    }
    List<String> names = new ArrayList<>();
    manager.getCacheNames().forEach(names::add);
    assertEquals(List.of("books"), names);
    assertEquals(List.of("books"), storedNamespaces());
  }

  @Test
  void destroyCache_deletesEntriesAndBlobs() throws Exception {
    Cache<String, byte[]> blobs = manager().createCache("blobs", new MutableConfiguration<>());
    blobs.put("big", new byte[200_000]);
    assertTrue(countBlobFiles() > 0);
    manager().destroyCache("blobs");
    assertEquals(0, countBlobFiles());

    Cache<String, byte[]> recreated = manager().createCache("blobs", new MutableConfiguration<>());
    assertNull(recreated.get("big"));
    assertFalse(recreated.iterator().hasNext());
  }

  @Test
  void storeByValue_callerMutationsNeverReachTheCache() {
    Cache<String, List<String>> lists = manager().createCache("lists", new MutableConfiguration<>());
    List<String> value = new ArrayList<>(List.of("a"));
    lists.put("k", value);
    value.add("mutated after put");
    List<String> read = lists.get("k");
    assertEquals(List.of("a"), read);
    read.add("mutated after get");
    assertEquals(List.of("a"), lists.get("k"));
    assertNotSame(lists.get("k"), lists.get("k"));
  }

  @Test
  void binaryValues_roundTripExactly() {
    Cache<Long, byte[]> bytes = manager().createCache("bytes", new MutableConfiguration<>());
    byte[] value = new byte[70_000];
    for (int i = 0; i < value.length; i++) {
      value[i] = (byte) (i * 31);
    }
    bytes.put(1L, value);
    manager().close();
    Cache<Long, byte[]> reopened = manager().createCache("bytes", new MutableConfiguration<>());
    assertArrayEquals(value, reopened.get(1L));
  }

  private static MutableConfiguration<String, Book> bookConfiguration() {
    return new MutableConfiguration<String, Book>().setTypes(String.class, Book.class);
  }

  private long countBlobFiles() throws Exception {
    Path blobs = root.resolve("blobs");
    if (!Files.exists(blobs)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(blobs)) {
      return files.filter(Files::isRegularFile).count();
    }
  }

  /** A value with no no-arg constructor, as Hibernate's and many applications' values are. */
  record Book(String title, int year) implements Serializable {}
}
