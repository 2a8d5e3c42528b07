package io.cachet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cachet verify} and {@code cachet repair} against real roots, the tool run as a separate process: every
 * tampering of the catalogue in docs/SECURITY.md is found and named by cache and key hash, untouched entries are
 * not, a repaired store verifies, and nothing an application could still read is lost.
 */
class VerifyIT {
  private static final String BOOKS = "books";
  private static final String AUTHORS = "authors";
  private static final String VAULT = "vault";
  private static final int INLINE_BYTES = 100;
  private static final int BLOB_BYTES = 40_000;

  @TempDir Path temp;

  /** One way of tampering with a row (and its blob); {@code spare} is an untouched entry of the same kind. */
  @FunctionalInterface
  private interface Tamper {
    void apply(StoredBytes stored, String cache, String keyHash, String spare) throws Exception;
  }

  private record Case(String name, String cache, boolean blob, Tamper tamper, String problem) {}

  private static List<Case> catalogue() {
    return List.of(
        new Case("file_size edited", BOOKS, false, (s, c, k, o) -> s.update(c, k, "file_size = file_size + 1"),
            "bad-signature"),
        new Case("file_size of a blob entry edited", BOOKS, true,
            (s, c, k, o) -> s.update(c, k, "file_size = file_size - 1"), "bad-signature"),
        new Case("file_hash replaced", BOOKS, false, (s, c, k, o) -> s.update(c, k, "file_hash = ?", "0".repeat(64)),
            "bad-signature"),
        new Case("inline byte flipped", BOOKS, false, VerifyIT::flipInlineByte, "hash-mismatch"),
        new Case("blob byte flipped", BOOKS, true, (s, c, k, o) -> flipFileByte(s.blob(c, k)), "hash-mismatch"),
        new Case("blob truncated", BOOKS, true, (s, c, k, o) -> {
          try (var channel = Files.newByteChannel(s.blob(c, k), StandardOpenOption.WRITE)) {
            channel.truncate(100);
          }
        }, "size-mismatch"),
        new Case("blob extended", BOOKS, true,
            (s, c, k, o) -> Files.write(s.blob(c, k), new byte[] {1}, StandardOpenOption.APPEND), "size-mismatch"),
        new Case("blob deleted", BOOKS, true, (s, c, k, o) -> Files.delete(s.blob(c, k)), "missing-blob"),
        new Case("blob replaced by a link to another entry's", BOOKS, true, (s, c, k, o) -> {
          Path blob = s.blob(c, k);
          Files.delete(blob);
          Files.createSymbolicLink(blob, s.blob(c, o));
        }, "missing-blob"),
        new Case("blob_id set to another entry's", BOOKS, true,
            (s, c, k, o) -> s.update(c, k, "blob_id = ?", s.value(c, o, "blob_id")), "hash-mismatch"),
        new Case("blob contents replaced by another entry's", BOOKS, true,
            (s, c, k, o) -> Files.write(s.blob(c, k), Files.readAllBytes(s.blob(c, o))), "hash-mismatch"),
        new Case("signature NULL", BOOKS, false, (s, c, k, o) -> s.update(c, k, "entry_signature = NULL"),
            "unsigned"),
        new Case("signature empty", BOOKS, false, (s, c, k, o) -> s.update(c, k, "entry_signature = ''"),
            "unsigned"),
        new Case("signature all zeros", BOOKS, false,
            (s, c, k, o) -> s.update(c, k, "entry_signature = ?", "v3:" + "0".repeat(64)), "bad-signature"),
        new Case("signature garbage", BOOKS, false,
            (s, c, k, o) -> s.update(c, k, "entry_signature = ?", "v3:not-hex"), "bad-signature"),
        new Case("generation edited", BOOKS, false, (s, c, k, o) -> s.update(c, k, "generation = generation + 1"),
            "bad-signature"),
        new Case("signature relabelled from v6 to v3, key id and generation dropped", BOOKS, false,
            (s, c, k, o) -> s.update(c, k, "entry_signature = 'v3:' || substr(entry_signature, 21), generation = NULL"),
            "bad-signature"),
        new Case("signature downgraded from v6 to v2", BOOKS, false,
            (s, c, k, o) -> s.update(c, k, "entry_signature = 'v2:' || substr(entry_signature, 21)"), "old-version"),
        new Case("signature relabelled from v6 to v5, key id dropped", BOOKS, false,
            (s, c, k, o) -> s.update(c, k, "entry_signature = 'v5:' || substr(entry_signature, 21)"), "bad-signature"),
        new Case("signature's key id replaced", BOOKS, false, (s, c, k, o) -> s.update(c, k,
            "entry_signature = 'v6:0123456789abcdef:' || substr(entry_signature, 21)"), "unknown-key"),
        new Case("signature of another entry swapped in", BOOKS, false,
            (s, c, k, o) -> s.update(c, k, "entry_signature = ?", s.value(c, o, "entry_signature")),
            "bad-signature"),
        new Case("created_at changed", BOOKS, false, (s, c, k, o) -> s.update(c, k, "created_at = created_at + 1"),
            "bad-signature"),
        new Case("expires_at extended", BOOKS, false,
            (s, c, k, o) -> s.update(c, k, "expires_at = expires_at + 86400000"), "bad-signature"),
        new Case("expires_at made eternal", BOOKS, false, (s, c, k, o) -> s.update(c, k, "expires_at = NULL"),
            "bad-signature"),
        new Case("object_type changed", BOOKS, false,
            (s, c, k, o) -> s.update(c, k, "object_type = ?", "java.lang.Integer"), "bad-signature"),
        new Case("serializer changed", BOOKS, false,
            (s, c, k, o) -> s.update(c, k, "serializer = ?", "java-serialization"), "bad-signature"),
        new Case("compression_codec changed", BOOKS, false,
            (s, c, k, o) -> s.update(c, k, "compression_codec = ?", "gzip"), "bad-signature"),
        new Case("data_type changed", BOOKS, false, (s, c, k, o) -> s.update(c, k, "data_type = ?", "bytes"),
            "bad-signature"),
        new Case("storage_format changed", BOOKS, true, (s, c, k, o) -> s.update(c, k, "storage_format = ?", "inline"),
            "bad-signature"),
        new Case("prefix changed", BOOKS, false, (s, c, k, o) -> s.update(c, k, "prefix = ?", AUTHORS),
            "bad-signature"),
        new Case("encryption changed", BOOKS, false,
            (s, c, k, o) -> s.update(c, k, "encryption = ?", "aes-256-gcm"), "bad-signature"),
        new Case("key_bytes replaced by another key's", BOOKS, false,
            (s, c, k, o) -> s.update(c, k, "key_bytes = ?", s.value(c, o, "key_bytes")), "key-mismatch"),
        new Case("signed row of another key copied onto this key", BOOKS, false, VerifyIT::copyFromOtherKey,
            "key-mismatch"),
        new Case("encrypted payload byte flipped", VAULT, false, VerifyIT::flipInlineByte, "hash-mismatch"),
        new Case("encrypted row's gcm file_hash replaced by the payload's SHA-256", VAULT, false,
            (s, c, k, o) -> s.update(c, k, "file_hash = ?", "0".repeat(64)), "bad-signature"));
  }

  private static void flipInlineByte(StoredBytes stored, String cache, String keyHash, String spare)
      throws Exception {
    byte[] value = (byte[]) stored.value(cache, keyHash, "inline_value");
    value[value.length - 1] ^= 1;
    stored.update(cache, keyHash, "inline_value = ?", (Object) value);
  }

  private static void flipFileByte(Path file) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    bytes[100] ^= 1;
    Files.write(file, bytes);
  }

  private static void copyFromOtherKey(StoredBytes stored, String cache, String keyHash, String spare)
      throws Exception {
    String others = StoredBytes.COLUMNS.replace("cache_key, ", "");
    stored.execute("DELETE FROM entries WHERE namespace = ? AND cache_key = ?", cache, keyHash);
    stored.execute("INSERT INTO entries (namespace, " + others + ", cache_key) SELECT namespace, " + others
        + ", ? FROM entries WHERE namespace = ? AND cache_key = ?", keyHash, cache, spare);
  }

  private static CacheManager manager(Path root) {
    Properties properties = new Properties();
    properties.setProperty("cache." + VAULT + ".encryptAtRest", "true");
    properties.setProperty("cache.ledgered.replayDetection", "shared");
    return Caching.getCachingProvider("io.cachet.CachetCachingProvider")
        .getCacheManager(root.toUri(), VerifyIT.class.getClassLoader(), properties);
  }

  private static MutableConfiguration<String, byte[]> configuration() {
    return new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(Duration.ONE_DAY));
  }

  /** Fills the caches with entries of random bytes, by key. */
  private static Map<String, Map<String, byte[]>> fill(Path root, int inline, int blobs) {
    Random random = new Random(17);
    Map<String, Map<String, byte[]>> stored = new HashMap<>();
    try (CacheManager manager = manager(root)) {
      for (String name : List.of(BOOKS, AUTHORS, VAULT)) {
        Cache<String, byte[]> cache = manager.createCache(name, configuration());
        Map<String, byte[]> values = new HashMap<>();
        for (int i = 0; i < inline + blobs; i++) {
          byte[] value = new byte[i < inline ? INLINE_BYTES : BLOB_BYTES];
          random.nextBytes(value);
          values.put("key-" + i, value);
        }
        cache.putAll(values);
        stored.put(name, values);
      }
    }
    return stored;
  }

  @Test
  void verify_namesEveryTamperedRowByCacheKeyHashAndProblem_andRepairLeavesAStoreThatVerifies() throws Exception {
    Path root = temp.resolve("root");
    List<Case> cases = catalogue();
    Map<String, Map<String, byte[]>> values = fill(root, 40, 20);
    StoredBytes stored = new StoredBytes(root);
    // By cache and key hash ("books 3f1a…"): the problem and the case.
    Map<String, String> expected = new HashMap<>();
    Map<String, List<String>> unused = new HashMap<>();
    for (String cache : List.of(BOOKS, VAULT)) {
      unused.put(cache + false, new ArrayList<>(stored.keyHashes(cache, false)));
      unused.put(cache + true, new ArrayList<>(stored.keyHashes(cache, true)));
    }
    for (Case tampering : cases) {
      List<String> pool = unused.get(tampering.cache() + tampering.blob());
      List<Object> rows = stored.column("SELECT namespace || ' ' || storage_format FROM entries");
      assertFalse(pool.size() < 2, () -> "rows left for " + tampering + ": " + pool + "; stored: " + rows);
      String victim = pool.remove(0);
      String spare = pool.get(pool.size() - 1);
      tampering.tamper().apply(stored, tampering.cache(), victim, spare);
      expected.put(tampering.cache() + " " + victim, tampering.problem() + " (" + tampering.name() + ")");
    }
    // The caches hold the same keys, so a row of another cache lands on a key hash this cache has.
    String foreign = unused.get(BOOKS + false).remove(0);
    stored.execute("DELETE FROM entries WHERE namespace = ? AND cache_key = ?", BOOKS, foreign);
    stored.execute("INSERT INTO entries (namespace, " + StoredBytes.COLUMNS + ") SELECT ?, " + StoredBytes.COLUMNS
        + " FROM entries WHERE namespace = ? AND cache_key = ?", BOOKS, AUTHORS, foreign);
    expected.put(BOOKS + " " + foreign, "foreign-namespace (signed row of another cache copied in)");
    Path orphan =
        root.resolve("blobs").resolve(stored.namespaceId(AUTHORS)).resolve("ab").resolve("ab" + "0".repeat(30));
    Files.createDirectories(orphan.getParent(),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Files.write(orphan, new byte[] {1, 2, 3});
    Files.setLastModifiedTime(orphan, FileTime.from(Instant.now().minusSeconds(3600)));
    stored.execute("INSERT INTO entries (namespace, " + StoredBytes.COLUMNS + ") SELECT 'ghost', "
        + StoredBytes.COLUMNS + " FROM entries WHERE namespace = ? AND cache_key = ?", AUTHORS, foreign);

    CliRun verified = CliRun.of("verify", root.toString());

    assertEquals(1, verified.exitStatus(), verified::toString);
    for (Map.Entry<String, String> victim : expected.entrySet()) {
      String[] cacheAndHash = victim.getKey().split(" ");
      String problem = victim.getValue().split(" ")[0];
      assertTrue(verified.out().lines().anyMatch(found -> found.matches(cacheAndHash[0] + "\\s+" + cacheAndHash[1]
          + "\\s+" + problem + "\\s+.*")), () -> "not named: " + victim + "\n" + verified);
    }
    long findings = verified.out().lines().filter(found -> found.matches("\\w+\\s+[0-9a-f]{64}\\s+[a-z-]+\\s+.*"))
        .count();
    assertEquals(expected.size(), findings, () -> "only the tampered rows are named\n" + verified);
    assertTrue(verified.out().lines().anyMatch(found -> found.matches(AUTHORS + "\\s+-\\s+orphan-blob\\s+blob "
        + orphan.getFileName() + " .*")), verified::toString);
    assertTrue(verified.out().lines().anyMatch(found -> found.matches("ghost\\s+-\\s+rows-without-record\\s+1 rows.*")),
        verified::toString);
    assertTrue(verified.out().contains((expected.size() + 2) + " problems found"), verified::toString);

    CliRun dryRun = CliRun.of("repair", root.toString(), "--dry-run");
    assertEquals(1, dryRun.exitStatus(), dryRun::toString);
    assertTrue(dryRun.out().contains("would delete") && dryRun.out().contains("Nothing was changed"),
        dryRun::toString);
    assertEquals(1, CliRun.of("verify", root.toString()).exitStatus(), "a dry run changes nothing");

    CliRun repaired = CliRun.of("repair", root.toString());
    assertEquals(0, repaired.exitStatus(), repaired::toString);
    assertTrue(repaired.out().contains((expected.size() + 2) + " repaired, 0 not"), repaired::toString);
    assertFalse(Files.exists(orphan), "the orphan blob is deleted");

    CliRun again = CliRun.of("verify", root.toString());
    assertEquals(0, again.exitStatus(), again::toString);
    assertTrue(again.out().contains("No problems found"), again::toString);
    try (CacheManager manager = manager(root)) {
      for (String name : List.of(BOOKS, AUTHORS, VAULT)) {
        Cache<String, byte[]> cache = manager.createCache(name, configuration());
        int kept = 0;
        for (Map.Entry<String, byte[]> entry : values.get(name).entrySet()) {
          byte[] read = cache.get(entry.getKey());
          if (read != null) {
            assertArrayEquals(entry.getValue(), read, "an entry read back is the one written");
            kept++;
          }
        }
        int tampered = (int) expected.keySet().stream().filter(victim -> victim.startsWith(name + " ")).count();
        assertEquals(values.get(name).size() - tampered, kept,
            name + ": every untouched entry survives the repair");
      }
    }
  }

  @Test
  void verify_findsARowPutBackInACacheWithASharedLedger_andNothingElse_whileAnApplicationWrites() throws Exception {
    Path root = temp.resolve("root");
    StoredBytes stored = new StoredBytes(root);
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger writes = new AtomicInteger();
    try (CacheManager manager = manager(root)) {
      Cache<String, byte[]> ledgered = manager.createCache("ledgered", configuration());
      ledgered.put("permission", new byte[] {1});
      String revoked = stored.keyHashes("ledgered", false).get(0);
      Map<String, Object> granted = stored.row("ledgered", revoked);
      ledgered.remove("permission");
      stored.putBack(granted);
      Cache<String, byte[]> books = manager.createCache(BOOKS, configuration());
      Random random = new Random(3);
      for (int i = 0; i < 300; i++) {
        books.put("key-" + i, new byte[i % 3 == 0 ? BLOB_BYTES : INLINE_BYTES]);
      }
      Thread writer = new Thread(() -> {
        while (writing.get()) {
          int key = random.nextInt(300);
          books.put("key-" + key, new byte[random.nextBoolean() ? BLOB_BYTES : INLINE_BYTES]);
          if (key % 7 == 0) {
            books.remove("key-" + key);
          }
          writes.incrementAndGet();
        }
      });
      writer.start();
      CliRun verified;
      try {
        verified = CliRun.of("verify", root.toString(), "--json");
      } finally {
        writing.set(false);
        writer.join();
      }

      assertEquals(1, verified.exitStatus(), verified::toString);
      String json = verified.out().strip();
      assertTrue(json.startsWith("{\"target\":") && json.contains("\"clean\":false"), json);
      assertTrue(json.contains("{\"cache\":\"ledgered\",\"keyHash\":\"" + revoked + "\",\"problem\":\"replayed\","),
          json);
      assertTrue(json.contains("{\"cache\":\"ledgered\",\"keyHash\":null,\"problem\":\"ledger-mismatch\","), json);
      assertEquals(2, json.split("\"problem\":", -1).length - 1, () -> "the row put back breaks the ledger, and "
          + "nothing written meanwhile is named (" + writes + " writes): " + json);
      assertTrue(writes.get() > 0, "the application wrote while the tool verified");
      assertEquals("", verified.err(), "nothing on the error stream when it is not a terminal");

      CliRun oneCache = CliRun.of("verify", root.toString(), "--cache", BOOKS);
      assertEquals(0, oneCache.exitStatus(), oneCache::toString);
      assertFalse(oneCache.out().contains("ledgered"), oneCache::toString);
    }
  }
}
