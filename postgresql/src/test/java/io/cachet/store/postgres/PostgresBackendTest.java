package io.cachet.store.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.testing.SharedStoreServers;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store=postgresql option end to end: managers on two roots sharing one schema (and bucket) as two hosts do. */
class PostgresBackendTest {
  private static final AtomicLong SCHEMAS = new AtomicLong();
  private static final String KEY_FILE = "cache_signing_key.bin";

  @TempDir
  Path temp;

  @Test
  void aValueWrittenOnOneHost_isReadOnAnother_withLargeValuesInPostgres() throws Exception {
    writeOnOneReadOnOther(false);
  }

  @Test
  void aValueWrittenOnOneHost_isReadOnAnother_withLargeValuesInS3() throws Exception {
    writeOnOneReadOnOther(true);
  }

  private void writeOnOneReadOnOther(boolean bucket) throws Exception {
    String schema = "backend_" + SCHEMAS.incrementAndGet() + (bucket ? "_s3" : "_pg");
    Properties options = SharedStoreServers.options(schema, bucket);
    options.setProperty("inlineThreshold", "1024");
    byte[] large = new byte[200_000];
    for (int i = 0; i < large.length; i++) {
      large[i] = (byte) i;
    }
    CachingProvider provider = Caching.getCachingProvider();
    Path hostA = temp.resolve("host-a");
    Path hostB = temp.resolve("host-b");
    try (CacheManager a = provider.getCacheManager(hostA.toUri(), getClass().getClassLoader(), options)) {
      Cache<String, byte[]> cache = a.createCache("books", new MutableConfiguration<String, byte[]>()
          .setTypes(String.class, byte[].class));
      cache.put("small", new byte[] {1, 2, 3});
      cache.put("large", large);
      Files.createDirectories(hostB);
      Files.copy(hostA.resolve(KEY_FILE), hostB.resolve(KEY_FILE), StandardCopyOption.COPY_ATTRIBUTES);
      try (CacheManager b = provider.getCacheManager(hostB.toUri(), getClass().getClassLoader(), options)) {
        Cache<String, byte[]> seen = b.createCache("books", new MutableConfiguration<String, byte[]>()
            .setTypes(String.class, byte[].class));
        assertArrayEquals(new byte[] {1, 2, 3}, seen.get("small"));
        assertArrayEquals(large, seen.get("large"));
        seen.remove("small");
        assertFalse(cache.containsKey("small"));
      }
    }
    try (Connection connection = TestPostgres.connect(); Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + schema + ".blobs")) {
      rs.next();
      assertEquals(bucket ? 0 : 1, rs.getInt(1), "blobs kept in PostgreSQL");
    }
    assertTrue(Files.isRegularFile(hostA.resolve(KEY_FILE)));
    assertFalse(Files.exists(hostA.resolve("cachet.db")), "no SQLite database in a shared store's root");
  }

  @Test
  void keysAndValuesWithU0000_roundTrip_whileACacheNameWithIt_isRefusedSayingWhy() {
    Properties options = SharedStoreServers.options("backend_" + SCHEMAS.incrementAndGet() + "_nul", true);
    options.setProperty("inlineThreshold", "0");
    try (CacheManager manager = Caching.getCachingProvider().getCacheManager(temp.toUri(),
        getClass().getClassLoader(), options)) {
      Cache<String, String> cache = manager.createCache("c", new MutableConfiguration<String, String>());
      cache.put("k\u0000", "v\u0000");
      assertEquals("v\u0000", cache.get("k\u0000"));
      CacheException refused = assertThrows(CacheException.class,
          () -> manager.createCache("a\u0000b", new MutableConfiguration<String, String>()));
      assertTrue(String.valueOf(refused.getCause()).contains("cannot contain the character U+0000"),
          String.valueOf(refused.getCause()));
      assertEquals("v\u0000", cache.get("k\u0000"));
    }
  }

  @Test
  void aHostWithoutTheKeyFile_refusesToMakeOne_whileTheSharedStoreHoldsSignedEntries() {
    Properties options = SharedStoreServers.options("backend_" + SCHEMAS.incrementAndGet() + "_keys", false);
    CachingProvider provider = Caching.getCachingProvider();
    try (CacheManager a = provider.getCacheManager(temp.resolve("a").toUri(), getClass().getClassLoader(), options);
        CacheManager b = provider.getCacheManager(temp.resolve("b").toUri(), getClass().getClassLoader(), options)) {
      a.createCache("c", new MutableConfiguration<String, String>()).put("k", "v");
      CacheException refused = assertThrows(CacheException.class,
          () -> b.createCache("c", new MutableConfiguration<String, String>()));
      assertTrue(refused.getMessage().contains("is missing"), refused.getMessage());
      assertFalse(Files.exists(temp.resolve("b").resolve(KEY_FILE)));
      assertEquals("v", a.<String, String>getCache("c").get("k"));
    }
  }

  @Test
  void maxEntries_boundsTheWholeCache_whicheverHostWrites() throws Exception {
    String schema = "backend_" + SCHEMAS.incrementAndGet() + "_limit";
    Properties options = SharedStoreServers.options(schema, false);
    options.setProperty("maxEntries", "50");
    CachingProvider provider = Caching.getCachingProvider();
    Path hostA = temp.resolve("limit-a");
    Path hostB = temp.resolve("limit-b");
    try (CacheManager a = provider.getCacheManager(hostA.toUri(), getClass().getClassLoader(), options)) {
      Cache<Integer, String> onA = a.createCache("bounded", new MutableConfiguration<Integer, String>());
      onA.put(-1, "first");
      Files.createDirectories(hostB);
      Files.copy(hostA.resolve(KEY_FILE), hostB.resolve(KEY_FILE), StandardCopyOption.COPY_ATTRIBUTES);
      try (CacheManager b = provider.getCacheManager(hostB.toUri(), getClass().getClassLoader(), options)) {
        Cache<Integer, String> onB = b.createCache("bounded", new MutableConfiguration<Integer, String>());
        for (int i = 0; i < 60; i++) {
          onA.put(i, "a" + i);
          onB.put(1_000 + i, "b" + i);
        }
        assertEquals("b59", onA.get(1_059), "the newest entry, written by the other host");
      }
    }
    try (Connection connection = TestPostgres.connect(); Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + schema + ".entries"
            + " WHERE namespace = 'bounded'")) {
      rs.next();
      assertEquals(50, rs.getInt(1), "rows of the cache across both hosts");
    }
  }

  @Test
  void aManagerOnTheSystemClock_followsTheDatabasesClock_untilItCloses() throws Exception {
    Properties options = SharedStoreServers.options("backend_" + SCHEMAS.incrementAndGet() + "_clock", false);
    // Other tests' managers in this JVM may hold clocks of their own.
    long before = databaseClockThreads();
    try (CacheManager manager = Caching.getCachingProvider().getCacheManager(temp.resolve("clock").toUri(),
        getClass().getClassLoader(), options)) {
      manager.createCache("c", new MutableConfiguration<String, String>()).put("k", "v");
      assertEquals(before + 1, databaseClockThreads(), "the database clock's resync thread runs");
    }
    for (int i = 0; i < 50 && databaseClockThreads() > before; i++) {
      Thread.sleep(20);
    }
    assertEquals(before, databaseClockThreads(), "stopped with the manager");
  }

  private static long databaseClockThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().equals("cachet-database-clock") && thread.isAlive()).count();
  }

  @Test
  void anUnreachableDatabase_failsTheManagerOpen_namingTheUrl_neverThePassword() {
    Properties options = new Properties();
    options.setProperty("store", "postgresql");
    options.setProperty("postgresql.url", "jdbc:postgresql://127.0.0.1:1/none");
    options.setProperty("postgresql.user", "someone");
    options.setProperty("postgresql.password", "hunter2-secret");
    CacheException failure = assertThrows(CacheException.class, () -> Caching.getCachingProvider()
        .getCacheManager(URI.create(temp.resolve("x").toUri().toString()), getClass().getClassLoader(), options));
    assertTrue(failure.getMessage().contains("127.0.0.1:1"), failure.getMessage());
    for (Throwable t = failure; t != null; t = t.getCause()) {
      assertFalse(String.valueOf(t.getMessage()).contains("hunter2"), t.toString());
    }
  }
}
