package io.cachet.store.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.store.BackendSettings;
import io.cachet.store.BackendStores;
import io.cachet.store.BlobStore;
import io.cachet.store.StorageException;
import io.cachet.store.s3.S3ProxyServer;
import io.cachet.testing.SharedStoreServers;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend opened read-only, as the operator's tool opens it: it creates and migrates nothing, and the server
 * (PostgreSQL) or the S3 client refuses every write, which fails with a {@link StorageException}.
 */
class PostgresReadOnlyTest {
  @TempDir Path temp;

  @Test
  void openingReadOnly_aSchemaThatDoesNotExist_failsNamingIt_andCreatesNothing() throws Exception {
    String schema = "read_only_missing";

    StorageException failure = assertThrows(StorageException.class,
        () -> new PostgresBackend().open(settings(schema, false)));

    assertTrue(failure.getMessage().contains("the schema " + schema + " holds no Cachet store"), failure::getMessage);
    assertFalse(schemaExists(schema), "no schema created");
  }

  @Test
  void openingReadOnly_aSchemaOfAnotherVersion_failsNamingBoth_andMigratesNothing() throws Exception {
    String schema = "read_only_old";
    new PostgresBackend().open(writable(schema)).close();
    execute("UPDATE " + schema + ".schema_version SET version = 2");

    StorageException failure = assertThrows(StorageException.class,
        () -> new PostgresBackend().open(settings(schema, false)));

    assertTrue(failure.getMessage().contains("has version 2, and this release of Cachet reads version "
        + PostgresSchema.CURRENT_VERSION), failure::getMessage);
    assertEquals(List.of(2), TestPostgres.schemaVersions(schema), "not migrated");
  }

  @Test
  void aStoreOpenedReadOnly_readsRowsAndObjects_refusesEveryWrite_andStartsNoChangeFeed() throws Exception {
    String schema = "read_only_store";
    Properties options = SharedStoreServers.options(schema, true);
    options.setProperty("inlineThreshold", "100");
    byte[] large = new byte[5_000];
    large[17] = 17;
    try (CacheManager manager = Caching.getCachingProvider("io.cachet.CachetCachingProvider")
        .getCacheManager(temp.toUri(), getClass().getClassLoader(), options)) {
      Cache<String, byte[]> cache = manager.createCache("books", new MutableConfiguration<String, byte[]>()
          .setTypes(String.class, byte[].class));
      cache.put("large", large);

      try (BackendStores stores = new PostgresBackend().open(settings(schema, true))) {
        BlobStore blobs = stores.blobs();
        String namespaceId = blobs.namespaceIds().iterator().next();
        String blobId = blobs.list(namespaceId, Instant.now().plusSeconds(60)).get(0);
        assertEquals(List.of("books"), stores.entries().namespaces().stream().map(record -> record.name()).toList());
        assertTrue(stores.changes().isEmpty(), "no change feed");

        assertRefused(() -> stores.entries().deleteNamespace("books"));
        assertRefused(() -> blobs.delete(namespaceId, blobId));
        assertRefused(() -> blobs.deleteNamespace(namespaceId));
        assertRefused(() -> blobs.putNew(namespaceId, new byte[] {1}));
        assertRefused(() -> blobs.sweep(namespaceId, Instant.now(), id -> false));

        assertNotNull(blobs.read(namespaceId, blobId, 10), "the object is still there");
        assertEquals(1, blobs.list(namespaceId, Instant.now().plusSeconds(60)).size(), "no object written");
      }
      assertArrayEquals(large, cache.get("large"));
    }
  }

  /** The write fails, refused by PostgreSQL (a read-only transaction) or by the read-only S3 client. */
  private static void assertRefused(Executable write) {
    StorageException failure = assertThrows(StorageException.class, write);
    assertTrue(failure.getMessage().contains("read-only"), failure::getMessage);
  }

  /** Read-only settings (or writable ones) for the schema, with S3Proxy's bucket when {@code bucket}. */
  private static BackendSettings settings(String schema, boolean bucket) {
    return backend(schema, bucket, true);
  }

  private static BackendSettings writable(String schema) {
    return backend(schema, false, false);
  }

  private static BackendSettings backend(String schema, boolean bucket, boolean readOnly) {
    Map<String, Object> options = new HashMap<>();
    options.put("postgresql.url", SharedStoreServers.postgresUrl());
    options.put("postgresql.user", "postgres");
    options.put("postgresql.schema", schema);
    if (bucket) {
      S3ProxyServer s3 = S3ProxyServer.shared();
      options.put("s3.bucket", S3ProxyServer.BUCKET);
      options.put("s3.prefix", schema);
      options.put("s3.endpoint", URI.create(s3.endpoint().toString()));
      options.put("s3.region", S3ProxyServer.REGION);
      options.put("s3.pathStyle", Boolean.TRUE);
      options.put("s3.accessKeyId", S3ProxyServer.ACCESS_KEY);
      options.put("s3.secretAccessKey", S3ProxyServer.SECRET_KEY);
    }
    return new BackendSettings(options, false, InstantSource.system(), false, readOnly);
  }

  private static boolean schemaExists(String schema) throws SQLException {
    try (Connection connection = TestPostgres.connect();
        PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM pg_namespace WHERE nspname = ?")) {
      select.setString(1, schema);
      try (ResultSet rs = select.executeQuery()) {
        rs.next();
        return rs.getInt(1) == 1;
      }
    }
  }


  private static void execute(String sql) throws SQLException {
    try (Connection connection = TestPostgres.connect(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
