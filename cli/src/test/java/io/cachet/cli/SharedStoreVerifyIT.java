package io.cachet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.store.s3.S3ProxyServer;
import io.cachet.testing.SharedStoreServers;
import java.io.InputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.jclouds.blobstore.BlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cachet verify} and {@code cachet repair} on the shared store (PostgreSQL rows, S3 objects) reached through
 * an options file: rows tampered with in the database and objects in the bucket are named by cache, key hash and
 * problem; repair deletes them and leaves an object Cachet did not write in place, reported; untouched entries
 * survive.
 */
class SharedStoreVerifyIT {
  private static final String SCHEMA = "cli_verify";
  private static final String BOOKS = "books";
  private static final int INLINE = 8;
  private static final int BLOBS = 6;

  @TempDir Path temp;

  // The store's schema first in the search path, so that plain table names reach it.
  private static final StoredBytes STORED = new StoredBytes(() -> DriverManager.getConnection(
      SharedStoreServers.postgresUrl() + "?currentSchema=" + SCHEMA, "postgres", null));

  private static Object value(String keyHash, String column) throws SQLException {
    return STORED.value(BOOKS, keyHash, column);
  }

  private static void update(String keyHash, String assignment, Object... parameters) throws SQLException {
    STORED.update(BOOKS, keyHash, assignment, parameters);
  }

  private static List<String> keyHashes(String storageFormat) throws SQLException {
    return STORED.keyHashes(BOOKS, storageFormat.equals("blob"));
  }

  private static CacheManager manager(Path optionsFile) {
    return Caching.getCachingProvider("io.cachet.CachetCachingProvider")
        .getCacheManager(optionsFile.toUri(), SharedStoreVerifyIT.class.getClassLoader());
  }

  private static Cache<String, byte[]> books(CacheManager manager) {
    return manager.createCache(BOOKS, new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(Duration.ONE_DAY)));
  }

  @Test
  void verify_namesRowsAndObjectsTamperedWith_repairDeletesThem_andRotateKeyReSignsTheRestInPlace()
      throws Exception {
    Properties options = SharedStoreServers.options(SCHEMA, true);
    options.setProperty("root", temp.resolve("keys").toString());
    options.setProperty("inlineThreshold", "1024");
    Path file = temp.resolve("shared.properties");
    try (Writer out = Files.newBufferedWriter(file)) {
      options.store(out, null);
    }
    Map<String, byte[]> values = new HashMap<>();
    Random random = new Random(11);
    for (int i = 0; i < INLINE + BLOBS; i++) {
      byte[] value = new byte[i < INLINE ? 100 : 5_000];
      random.nextBytes(value);
      values.put("key-" + i, value);
    }
    try (CacheManager manager = manager(file)) {
      books(manager).putAll(values);
    }
    List<String> inline = keyHashes("inline");
    List<String> blobs = keyHashes("blob");
    assertEquals(List.of(INLINE, BLOBS), List.of(inline.size(), blobs.size()), "values on both sides of 1 KiB");
    String namespaceId = String.valueOf(STORED.column("SELECT DISTINCT namespace_id FROM blob_journal")
        .get(0));
    String objects = SCHEMA + "/" + namespaceId + "/";
    BlobStore bucket = S3ProxyServer.shared().backend();

    // By key hash: the problem verify must name.
    Map<String, String> expected = new HashMap<>();
    update(inline.get(0), "expires_at = expires_at + 86400000");
    expected.put(inline.get(0), "bad-signature");
    byte[] inlineValue = (byte[]) value(inline.get(1), "inline_value");
    inlineValue[inlineValue.length - 1] ^= 1;
    update(inline.get(1), "inline_value = ?", (Object) inlineValue);
    expected.put(inline.get(1), "hash-mismatch");
    update(inline.get(2), "entry_signature = ?", value(inline.get(INLINE - 1), "entry_signature"));
    expected.put(inline.get(2), "bad-signature");
    String flipped = objects + value(blobs.get(0), "blob_id");
    byte[] object;
    try (InputStream in = bucket.getBlob(S3ProxyServer.BUCKET, flipped).getPayload().openStream()) {
      object = in.readAllBytes();
    }
    object[object.length / 2] ^= 1;
    bucket.putBlob(S3ProxyServer.BUCKET, bucket.blobBuilder(flipped).payload(object).build());
    expected.put(blobs.get(0), "hash-mismatch");
    bucket.removeBlob(S3ProxyServer.BUCKET, objects + value(blobs.get(1), "blob_id"));
    expected.put(blobs.get(1), "missing-blob");
    String plantedId = "ab" + "0".repeat(30);
    bucket.putBlob(S3ProxyServer.BUCKET, bucket.blobBuilder(objects + plantedId).payload(new byte[] {1, 2, 3})
        .build());
    S3ProxyServer.shared().backdate(objects + plantedId, Instant.now().minusSeconds(3600));
    String planted = BOOKS + "\\s+-\\s+orphan-blob\\s+blob " + plantedId + " is named by no row.*";

    CliRun verified = CliRun.of("verify", file.toString());

    assertEquals(1, verified.exitStatus(), verified::toString);
    for (Map.Entry<String, String> victim : expected.entrySet()) {
      assertTrue(verified.out().lines().anyMatch(line -> line.matches(BOOKS + "\\s+" + victim.getKey() + "\\s+"
          + victim.getValue() + "\\s+.*")), () -> "not named: " + victim + "\n" + verified);
    }
    assertEquals(expected.size(), findings(verified), () -> "only the tampered rows are named\n" + verified);
    assertTrue(verified.out().lines().anyMatch(line -> line.matches(planted)), verified::toString);
    assertTrue(verified.out().contains((expected.size() + 1) + " problems found"), verified::toString);

    CliRun json = CliRun.of("verify", file.toString(), "--json");
    assertEquals(1, json.exitStatus(), json::toString);
    String document = json.out().strip();
    assertTrue(document.startsWith("{\"target\":") && document.endsWith("}") && document.lines().count() == 1
        && document.contains("\"clean\":false"), document);
    for (Map.Entry<String, String> victim : expected.entrySet()) {
      assertTrue(document.contains("{\"cache\":\"" + BOOKS + "\",\"keyHash\":\"" + victim.getKey()
          + "\",\"problem\":\"" + victim.getValue() + "\","), () -> victim + " in " + document);
    }
    assertEquals(expected.size() + 1, document.split("\"problem\":", -1).length - 1, document);

    CliRun repaired = CliRun.of("repair", file.toString());
    assertEquals(1, repaired.exitStatus(), () -> "the object Cachet did not write is left\n" + repaired);
    assertTrue(repaired.out().contains(expected.size() + " repaired, 1 not"), repaired::toString);
    assertTrue(repaired.out().lines().anyMatch(line -> line.matches(BOOKS + "\\s+-\\s+orphan-blob\\s+\\S+.*"
        + "left in place.*")), repaired::toString);
    assertTrue(bucket.blobExists(S3ProxyServer.BUCKET, objects + plantedId), "never deleted");
    assertFalse(bucket.blobExists(S3ProxyServer.BUCKET, flipped), "the tampered entry's object is deleted");

    CliRun again = CliRun.of("verify", file.toString());
    assertEquals(1, again.exitStatus(), again::toString);
    assertEquals(0, findings(again), again::toString);
    assertTrue(again.out().lines().anyMatch(line -> line.matches(planted)) && again.out().contains("1 problems found"),
        again::toString);
    try (CacheManager manager = manager(file)) {
      assertEquals(values.size() - expected.size(), readBack(manager, values),
          "every untouched entry survives the repair");
      assertNull(STORED.column("SELECT cache_key FROM entries WHERE cache_key = ?", inline.get(1)).stream()
          .findFirst().orElse(null), "a tampered row is deleted");
    }

    CliRun rotated = CliRun.of("rotate-key", file.toString(), "--new-key-file", "rotated.bin", "--json");
    assertEquals(0, rotated.exitStatus(), rotated::toString);
    assertTrue(rotated.out().contains("\"resigned\":" + (values.size() - expected.size()) + ","), rotated::toString);
    CliRun afterRotation = CliRun.of("verify", file.toString());
    assertEquals(0, findings(afterRotation), afterRotation::toString);
    assertTrue(afterRotation.out().contains("1 problems found"), () -> "only the planted object\n" + afterRotation);
    Files.delete(temp.resolve("keys").resolve("cache_signing_key.bin"));
    options.setProperty("signingKeyFile", "rotated.bin");
    Path rotatedFile = temp.resolve("rotated.properties");
    try (Writer out = Files.newBufferedWriter(rotatedFile)) {
      options.store(out, null);
    }
    try (CacheManager manager = manager(rotatedFile)) {
      assertEquals(values.size() - expected.size(), readBack(manager, values), "every entry reads with the new key");
    }
  }

  /** How many of the values read back; each one read is the one written. */
  private static int readBack(CacheManager manager, Map<String, byte[]> values) {
    Cache<String, byte[]> cache = books(manager);
    int read = 0;
    for (Map.Entry<String, byte[]> entry : values.entrySet()) {
      byte[] value = cache.get(entry.getKey());
      if (value != null) {
        assertArrayEquals(entry.getValue(), value, "an entry read back is the one written");
        read++;
      }
    }
    return read;
  }

    /** The findings of rows (a key hash in the second column) in a report. */
  private static long findings(CliRun run) {
    return run.out().lines().filter(line -> line.matches("\\w+\\s+[0-9a-f]{64}\\s+[a-z-]+\\s+.*")).count();
  }
}
