package io.cachet.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cachet.CachetConfiguration;
import io.cachet.IntegrityEvent;
import io.cachet.ReplayDetection;
import io.cachet.SealedCache;
import io.cachet.store.s3.S3ProxyServer;
import io.cachet.testing.SharedStoreServers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * A manager on the shared store (one schema, and with {@link Backend#S3} one bucket prefix) and an attacker of it
 * who holds no key: a PostgreSQL role of its own with only {@code SELECT, INSERT, UPDATE, DELETE} on the schema's
 * tables, and an S3 client of its own with the bucket's credentials. Every cache it makes has values of two sizes
 * (inline, and above the inline threshold: in S3 or in the {@code blobs} table), a one-hour expiry, and an
 * integrity listener whose events {@link #events} collects.
 */
public final class SharedStoreAttacker implements AutoCloseable {
  /** Where values above the inline threshold go. */
  public enum Backend {
    /** Without a bucket: every value in PostgreSQL, large ones in the {@code blobs} table. */
    POSTGRESQL(false),
    /** With a bucket: large values in S3 objects. */
    S3(true);

    final boolean bucket;

    Backend(boolean bucket) {
      this.bucket = bucket;
    }
  }

  /** The attacker's database role: table rights only, no key. */
  static final String ROLE = "cachet_attacker";
  /** Values above this many bytes leave the row. */
  static final int INLINE_THRESHOLD = 1024;
  private static final AtomicInteger SCHEMAS = new AtomicInteger();
  private static final AtomicInteger CACHES = new AtomicInteger();

  private static final String KEY_FILE = "cache_signing_key.bin";

  private final Backend backend;
  private final String schema;
  private final Path root;
  private final Properties options;
  private final CacheManager manager;
  private final Connection sql;
  private final S3Client bucket;
  /** The integrity events of every cache this attacker made, in order. */
  public final List<IntegrityEvent> events = new CopyOnWriteArrayList<>();

  private SharedStoreAttacker(Backend backend, Path root) throws SQLException {
    this.backend = backend;
    this.schema = "tamper_" + SCHEMAS.incrementAndGet() + "_" + backend.name().toLowerCase(java.util.Locale.ROOT);
    this.root = root;
    options = SharedStoreServers.options(schema, backend.bucket);
    options.setProperty("inlineThreshold", Integer.toString(INLINE_THRESHOLD));
    manager = Caching.getCachingProvider().getCacheManager(root.toUri(), getClass().getClassLoader(), options);
    // The manager made the schema's tables on open; the administrator then grants the other service its rights.
    manager.createCache("warm-up", new CachetConfiguration<String, String>());
    grantTableRights(schema);
    sql = DriverManager.getConnection(SharedStoreServers.postgresUrl(), ROLE, null);
    try (Statement statement = sql.createStatement()) {
      statement.execute("SET search_path TO " + schema);
    }
    bucket = backend.bucket ? bucketWriter() : null;
  }

  /** A manager on a fresh schema of this backend, rooted at {@code root}, and its attacker. */
  public static SharedStoreAttacker open(Backend backend, Path root) throws SQLException {
    return new SharedStoreAttacker(backend, root);
  }

  private static synchronized void grantTableRights(String schema) throws SQLException {
    try (Connection admin = TestPostgres.connect(); Statement statement = admin.createStatement()) {
      statement.execute("DO $$ BEGIN CREATE ROLE " + ROLE + " LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
      statement.execute("GRANT USAGE ON SCHEMA " + schema + " TO " + ROLE);
      statement.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + schema + " TO " + ROLE);
    }
  }

  private static S3Client bucketWriter() {
    return S3Client.builder()
        .endpointOverride(S3ProxyServer.shared().endpoint())
        .region(Region.of(S3ProxyServer.REGION))
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
        .httpClient(UrlConnectionHttpClient.create())
        // S3Proxy refuses the checksum trailers the SDK adds to uploads by default.
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .build();
  }

  public Backend backend() {
    return backend;
  }

  /** A new cache of strings with a one-hour expiry and the attacker's listener. */
  public Cache<String, String> newCache(ReplayDetection detection) {
    return newCache("c" + CACHES.incrementAndGet(), detection);
  }

  /** A new cache of this name with a one-hour expiry and the attacker's listener. */
  public Cache<String, String> newCache(String name, ReplayDetection detection) {
    return newCache(manager, name, detection);
  }

  /** A new cache of this name on a manager (of this host or another), as {@link #newCache(String, ReplayDetection)}. */
  public Cache<String, String> newCache(CacheManager host, String name, ReplayDetection detection) {
    Cache<String, String> cache = host.createCache(name, new CachetConfiguration<String, String>()
        .setTypes(String.class, String.class).setReplayDetection(detection)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.HOURS, 1))));
    cache.unwrap(SealedCache.class).registerIntegrityListener(events::add);
    return cache;
  }

  /** A value of this length that does not compress, so that a long one leaves the row. */
  public static String value(String tag, int length) {
    Random random = new Random(tag.hashCode());
    StringBuilder text = new StringBuilder(tag).append(':');
    while (text.length() < length) {
      text.append((char) ('!' + random.nextInt(90)));
    }
    return text.toString();
  }

  /** The stored key ({@code cache_key}, the event's key hash) of the row written last in the cache. */
  public String lastWritten(String cache) throws SQLException {
    return (String) query("SELECT cache_key FROM entries WHERE namespace = ? ORDER BY write_order DESC LIMIT 1",
        cache);
  }

  /** One column of a row, or null if the row is gone. */
  public Object column(String cache, String cacheKey, String column) throws SQLException {
    return query("SELECT " + column + " FROM entries WHERE namespace = ? AND cache_key = ?", cache, cacheKey);
  }

  public boolean rowExists(String cache, String cacheKey) throws SQLException {
    return column(cache, cacheKey, "cache_key") != null;
  }

  /** Changes one row with a {@code SET} clause, failing the test unless exactly that row changed. */
  public void update(String cache, String cacheKey, String assignment, Object... parameters) throws SQLException {
    List<Object> all = new ArrayList<>(List.of(parameters));
    all.add(cache);
    all.add(cacheKey);
    assertEquals(1, execute("UPDATE entries SET " + assignment + " WHERE namespace = ? AND cache_key = ?",
        all.toArray()), assignment);
  }

  /** Runs a statement as the attacker's role; {@return the rows it changed} */
  public int execute(String statementText, Object... parameters) throws SQLException {
    try (PreparedStatement statement = sql.prepareStatement(statementText)) {
      bind(statement, parameters);
      return statement.executeUpdate();
    }
  }

  /** The first column of the first row of a query as the attacker's role, or null if none. */
  public Object query(String queryText, Object... parameters) throws SQLException {
    try (PreparedStatement statement = sql.prepareStatement(queryText)) {
      bind(statement, parameters);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() ? rs.getObject(1) : null;
      }
    }
  }

  private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
    for (int i = 0; i < parameters.length; i++) {
      statement.setObject(i + 1, parameters[i]);
    }
  }

  /** Every column of a row, as stored. */
  public Map<String, Object> row(String cache, String cacheKey) throws SQLException {
    Map<String, Object> columns = new LinkedHashMap<>();
    try (PreparedStatement select = sql.prepareStatement(
        "SELECT * FROM entries WHERE namespace = ? AND cache_key = ?")) {
      bind(select, cache, cacheKey);
      try (ResultSet rs = select.executeQuery()) {
        if (!rs.next()) {
          throw new AssertionError("no row " + cacheKey + " in " + cache);
        }
        ResultSetMetaData meta = rs.getMetaData();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          columns.put(meta.getColumnName(i), rs.getObject(i));
        }
      }
    }
    return columns;
  }

  /** Writes a row as given, replacing the one of its namespace and cache key. */
  public void putRow(Map<String, Object> columns) throws SQLException {
    execute("DELETE FROM entries WHERE namespace = ? AND cache_key = ?", columns.get("namespace"),
        columns.get("cache_key"));
    String names = String.join(", ", columns.keySet());
    String marks = String.join(", ", columns.keySet().stream().map(name -> "?").toList());
    assertEquals(1, execute("INSERT INTO entries (" + names + ") VALUES (" + marks + ")", columns.values().toArray()));
  }

  /** A row as stored and the bytes of the payload it names, if any: copied aside to be put back later. */
  public record SavedEntry(Map<String, Object> row, Payload payload, byte[] bytes) {}

  /** Copies a row and its payload aside. */
  public SavedEntry save(String cache, String cacheKey) throws SQLException {
    Map<String, Object> row = row(cache, cacheKey);
    if (row.get("blob_id") == null) {
      return new SavedEntry(row, null, null);
    }
    Payload payload = payload(cache, cacheKey);
    return new SavedEntry(row, payload, read(payload));
  }

  /** Puts a saved row back in place of its key's current one, and its payload back where it was. */
  public void putBack(SavedEntry saved) throws SQLException {
    putRow(saved.row);
    if (saved.payload != null) {
      write(saved.payload, saved.bytes);
    }
  }

  /**
   * A manager of another host on the same schema (and bucket): its own root, holding a copy of this host's key
   * file, as every host sharing the store must.
   */
  public CacheManager otherHost(Path root) throws IOException {
    return Caching.getCachingProvider().getCacheManager(otherHostRoot(root).toUri(), getClass().getClassLoader(),
        options);
  }

  /** Makes {@code root} the root of another host: it holds a copy of this host's key file. {@return root} */
  public Path otherHostRoot(Path root) throws IOException {
    Files.createDirectories(root);
    Files.copy(this.root.resolve(KEY_FILE), root.resolve(KEY_FILE), StandardCopyOption.COPY_ATTRIBUTES);
    return root;
  }

  /** {@return a copy of the options of this host's manager, which every host of the store uses} */
  public Properties options() {
    Properties copy = new Properties();
    copy.putAll(options);
    return copy;
  }

  /**
   * Replaces a payload by {@code size} zero bytes: made by the server itself in the {@code blobs} table, sent in
   * one PUT to the bucket.
   */
  public void plantZeros(Payload payload, int size) throws SQLException {
    if (bucket == null) {
      assertEquals(1, execute("UPDATE blobs SET bytes = convert_to(repeat('x', ?), 'UTF8') WHERE namespace_id = ?"
          + " AND blob_id = ?", size, payload.namespaceId, payload.blobId));
      return;
    }
    byte[] zeros = new byte[size];
    bucket.putObject(request -> request.bucket(S3ProxyServer.BUCKET).key(objectKey(payload)),
        RequestBody.fromContentProvider(() -> new ByteArrayInputStream(zeros), size, "application/octet-stream"));
  }

  /** The namespace id of a cache, under which its large values are stored. */
  public String namespaceId(String cache) throws SQLException {
    return (String) query("SELECT id FROM namespaces WHERE name = ?", cache);
  }

  /** The payload stored outside the row of a large value, as a writer of the bucket or the table reaches it. */
  public Payload payload(String cache, String cacheKey) throws SQLException {
    return new Payload(namespaceId(cache), (String) column(cache, cacheKey, "blob_id"));
  }

  /** Where a large value's bytes are: an S3 object, or a row of the {@code blobs} table. */
  public record Payload(String namespaceId, String blobId) {}

  /** The payload's bytes, or null if it is gone. */
  public byte[] read(Payload payload) throws SQLException {
    if (bucket == null) {
      return (byte[]) query("SELECT bytes FROM blobs WHERE namespace_id = ? AND blob_id = ?", payload.namespaceId,
          payload.blobId);
    }
    try {
      return bucket.getObjectAsBytes(request -> request.bucket(S3ProxyServer.BUCKET).key(objectKey(payload)))
          .asByteArray();
    } catch (NoSuchKeyException e) {
      return null;
    }
  }

  /** Replaces (or puts back) the payload's bytes: a PUT over the object, or an upsert of the table row. */
  public void write(Payload payload, byte[] bytes) throws SQLException {
    if (bucket == null) {
      execute("INSERT INTO blobs (namespace_id, blob_id, bytes) VALUES (?, ?, ?) ON CONFLICT (namespace_id, blob_id)"
          + " DO UPDATE SET bytes = excluded.bytes", payload.namespaceId, payload.blobId, bytes);
      return;
    }
    bucket.putObject(request -> request.bucket(S3ProxyServer.BUCKET).key(objectKey(payload)),
        RequestBody.fromBytes(bytes));
  }

  /** Deletes the payload. */
  public void delete(Payload payload) throws SQLException {
    if (bucket == null) {
      execute("DELETE FROM blobs WHERE namespace_id = ? AND blob_id = ?", payload.namespaceId, payload.blobId);
      return;
    }
    bucket.deleteObject(request -> request.bucket(S3ProxyServer.BUCKET).key(objectKey(payload)));
  }

  private String objectKey(Payload payload) {
    return schema + "/" + payload.namespaceId + "/" + payload.blobId;
  }

  @Override
  public void close() throws SQLException {
    try {
      manager.close();
    } finally {
      try {
        sql.close();
      } finally {
        if (bucket != null) {
          bucket.close();
        }
      }
    }
  }
}
