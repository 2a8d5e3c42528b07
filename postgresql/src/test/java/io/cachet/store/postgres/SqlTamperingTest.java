package io.cachet.store.postgres;

import static io.cachet.store.postgres.SharedStoreAttacker.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cachet.IntegrityEvent;
import io.cachet.IntegrityEvent.Reason;
import io.cachet.ReplayDetection;
import io.cachet.store.postgres.SharedStoreAttacker.Backend;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.cache.Cache;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The adversarial catalogue of the sealed layer (DESIGN §10, docs/SECURITY.md) on the shared store, done by a
 * database user who holds table rights but no key: each signed column changed one by one, rows copied between
 * caches and keys, blob ids pointed elsewhere. With large values in PostgreSQL and in S3 alike, every case is a
 * miss, one integrity event with the catalogue's reason reaches the listener, the tampered row is deleted, and the
 * cache's other entries read back intact.
 */
class SqlTamperingTest {
  private static final int INLINE = 200;
  private static final int LARGE = 20_000;
  @RegisterExtension static final Attackers ATTACKERS = new Attackers();


  /** What the tampering works on: the cache and the rows of its keys {@code k} and {@code other}. */
  record Target(SharedStoreAttacker attacker, String cache, String key, String other) {
    void update(String assignment, Object... parameters) throws SQLException {
      attacker.update(cache, key, assignment, parameters);
    }

    Object column(String row, String name) throws SQLException {
      return attacker.column(cache, row, name);
    }
  }

  @FunctionalInterface
  interface Tamper {
    void apply(Target target) throws Exception;
  }

  /** A catalogue row: whether the value is large, how the row is changed, the reason the read must report. */
  record Case(String name, boolean large, Tamper tamper, Reason reason) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> cases() {
    return List.of(
        new Case("key_bytes replaced by another key's", false,
            t -> t.update("key_bytes = ?", t.column(t.other, "key_bytes")), Reason.KEY_MISMATCH),
        new Case("inline_value byte flipped", false, SqlTamperingTest::flipInlineByte, Reason.HASH_MISMATCH),
        new Case("inline_value replaced by another entry's of the same length", false,
            t -> t.update("inline_value = ?", t.column(t.other, "inline_value")), Reason.HASH_MISMATCH),
        new Case("file_hash replaced", false, t -> t.update("file_hash = ?", "0".repeat(64)), Reason.BAD_SIGNATURE),
        new Case("file_hash of another entry swapped in", false,
            t -> t.update("file_hash = ?", t.column(t.other, "file_hash")), Reason.BAD_SIGNATURE),
        new Case("file_size edited", false, t -> t.update("file_size = file_size + 1"), Reason.BAD_SIGNATURE),
        new Case("file_size of a large value edited", true, t -> t.update("file_size = file_size - 1"),
            Reason.BAD_SIGNATURE),
        new Case("created_at changed", false, t -> t.update("created_at = created_at + 1"), Reason.BAD_SIGNATURE),
        new Case("expires_at extended", false, t -> t.update("expires_at = expires_at + 86400000"),
            Reason.BAD_SIGNATURE),
        new Case("expires_at made eternal", false, t -> t.update("expires_at = NULL"), Reason.BAD_SIGNATURE),
        new Case("generation edited", false, t -> t.update("generation = generation + 1"), Reason.BAD_SIGNATURE),
        new Case("signature NULL", false, t -> t.update("entry_signature = NULL"), Reason.UNSIGNED),
        new Case("signature empty", false, t -> t.update("entry_signature = ''"), Reason.UNSIGNED),
        new Case("signature all zeros", false, t -> t.update("entry_signature = ?", "v4:" + "0".repeat(64)),
            Reason.BAD_SIGNATURE),
        new Case("signature garbage", false, t -> t.update("entry_signature = 'v4:not-hex'"), Reason.BAD_SIGNATURE),
        new Case("signature downgraded from v6 to v2", false,
            t -> t.update("entry_signature = 'v2:' || substr(entry_signature, 21)"), Reason.OLD_VERSION),
        new Case("signature relabelled from v6 to v3, key id and generation dropped", false,
            t -> t.update("entry_signature = 'v3:' || substr(entry_signature, 21), generation = NULL"),
            Reason.BAD_SIGNATURE),
        new Case("signature of another entry swapped in", false,
            t -> t.update("entry_signature = ?", t.column(t.other, "entry_signature")), Reason.BAD_SIGNATURE),
        new Case("data_type changed", false, t -> t.update("data_type = 'bytes'"), Reason.BAD_SIGNATURE),
        new Case("object_type changed", false, t -> t.update("object_type = 'java.lang.Integer'"),
            Reason.BAD_SIGNATURE),
        new Case("object_type given control characters", false,
            t -> t.update("object_type = object_type || chr(1) || chr(10)"), Reason.BAD_SIGNATURE),
        new Case("serializer changed", false, t -> t.update("serializer = 'java-serialization'"),
            Reason.BAD_SIGNATURE),
        new Case("compression_codec changed", false, t -> t.update("compression_codec = 'gzip'"),
            Reason.BAD_SIGNATURE),
        new Case("prefix changed", false, t -> t.update("prefix = 'com.example.Other'"), Reason.BAD_SIGNATURE),
        new Case("encryption changed", false, t -> t.update("encryption = 'aes-256-gcm'"), Reason.BAD_SIGNATURE),
        new Case("storage_format of a large value changed to inline", true,
            t -> t.update("storage_format = 'inline'"), Reason.BAD_SIGNATURE),
        new Case("blob_id swapped with another entry's", true, SqlTamperingTest::swapBlobIds, Reason.HASH_MISMATCH),
        new Case("blob_id of another entry copied in", true,
            t -> t.update("blob_id = ?", t.column(t.other, "blob_id")), Reason.HASH_MISMATCH),
        new Case("blob_id naming nothing", true, t -> t.update("blob_id = ?", "0".repeat(32)), Reason.MISSING_BLOB),
        new Case("blob_id a path traversal", true, t -> t.update("blob_id = '../../../etc/passwd'"),
            Reason.BAD_BLOB_ID),
        new Case("blob_id under a foreign prefix", true,
            t -> t.update("blob_id = 'other-service/' || blob_id"), Reason.BAD_BLOB_ID),
        new Case("blob_id given control characters", true, t -> t.update("blob_id = blob_id || chr(7)"),
            Reason.BAD_BLOB_ID),
        new Case("signed row of another cache copied in", false, t -> fromOtherCache(t, false),
            Reason.FOREIGN_NAMESPACE),
        new Case("signed row of another cache moved in", false, t -> fromOtherCache(t, true),
            Reason.FOREIGN_NAMESPACE),
        new Case("signed row of another key copied onto this key", false, SqlTamperingTest::fromOtherKey,
            Reason.KEY_MISMATCH),
        new Case("signed large row of another key copied onto this key", true, SqlTamperingTest::fromOtherKey,
            Reason.KEY_MISMATCH));
  }

  static Stream<Arguments> catalogue() {
    return Attackers.everyBackendWith(cases());
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("catalogue")
  void aRowTamperedBySql_isAMiss_reportedOnceWithItsReason_deleted_andNothingElseIsLost(Backend backend,
      Case tampering) throws Exception {
    SharedStoreAttacker attacker = ATTACKERS.of(backend);
    Cache<String, String> cache = attacker.newCache(ReplayDetection.PROCESS);
    int length = tampering.large() ? LARGE : INLINE;
    cache.put("k", value("k", length));
    String key = attacker.lastWritten(cache.getName());
    // Same length, other content: swapped payloads fail on the hash, not the size.
    cache.put("other", value("o", length));
    String other = attacker.lastWritten(cache.getName());
    cache.put("bystander", value("b", LARGE));
    cache.put("neighbour", value("n", INLINE));
    assertEquals(value("k", length), cache.get("k"), "readable before tampering");

    tampering.tamper().apply(new Target(attacker, cache.getName(), key, other));

    assertNull(cache.get("k"));
    assertEquals(List.of(new IntegrityEvent(cache.getName(), key, tampering.reason(), true)),
        events(attacker, cache));
    assertFalse(attacker.rowExists(cache.getName(), key), "the refused row is deleted");
    assertEquals(value("b", LARGE), cache.get("bystander"));
    assertEquals(value("n", INLINE), cache.get("neighbour"));
    assertEquals(1, events(attacker, cache).size(), "nothing else refused");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(TamperedAccess.class)
  void aRowWithItsExpiryExtendedBySql_isAbsentToEveryAccess_andReportedOnce(TamperedAccess access)
      throws Exception {
    for (Backend backend : Backend.values()) {
      SharedStoreAttacker attacker = ATTACKERS.of(backend);
      Cache<String, String> cache = attacker.newCache(ReplayDetection.PROCESS);
      cache.put("k", value("k", LARGE));
      String key = attacker.lastWritten(cache.getName());
      cache.put("neighbour", value("n", INLINE));
      attacker.update(cache.getName(), key, "expires_at = NULL");

      access.assertAbsent(cache, "k", "neighbour", value("n", INLINE));

      assertEquals(List.of(new IntegrityEvent(cache.getName(), key, Reason.BAD_SIGNATURE, true)),
          events(attacker, cache), backend.name());
      assertEquals(value("n", INLINE), cache.get("neighbour"));
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Backend.class)
  void aNulInATextColumn_isRefusedByPostgresqlItself_soTheAttackerCannotPlantIt(Backend backend) throws Exception {
    SharedStoreAttacker attacker = ATTACKERS.of(backend);
    Cache<String, String> cache = attacker.newCache(ReplayDetection.PROCESS);
    cache.put("k", value("k", INLINE));
    String key = attacker.lastWritten(cache.getName());

    assertThrows(SQLException.class, () -> attacker.update(cache.getName(), key, "object_type = ?", "a\0b"));

    assertEquals(value("k", INLINE), cache.get("k"));
    assertEquals(List.of(), events(attacker, cache));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Backend.class)
  void aRowDeletedBySql_isAPlainMiss_andTheOtherEntriesStay(Backend backend) throws Exception {
    SharedStoreAttacker attacker = ATTACKERS.of(backend);
    Cache<String, String> cache = attacker.newCache(ReplayDetection.PROCESS);
    cache.put("k", value("k", LARGE));
    String key = attacker.lastWritten(cache.getName());
    cache.put("neighbour", value("n", INLINE));

    assertEquals(1, attacker.execute("DELETE FROM entries WHERE namespace = ? AND cache_key = ?", cache.getName(),
        key));

    assertNull(cache.get("k"));
    assertEquals(value("n", INLINE), cache.get("neighbour"));
    assertEquals(List.of(), events(attacker, cache), "a deletion is no forgery: the entry is simply gone");
  }

  static List<IntegrityEvent> events(SharedStoreAttacker attacker, Cache<?, ?> cache) {
    return attacker.events.stream().filter(event -> event.cacheName().equals(cache.getName())).toList();
  }

  private static void flipInlineByte(Target t) throws SQLException {
    byte[] value = (byte[]) t.column(t.key, "inline_value");
    value[value.length - 1] ^= 1;
    t.update("inline_value = ?", (Object) value);
  }

  private static void swapBlobIds(Target t) throws SQLException {
    Object mine = t.column(t.key, "blob_id");
    t.update("blob_id = ?", t.column(t.other, "blob_id"));
    t.attacker.update(t.cache, t.other, "blob_id = ?", mine);
  }

  /** Puts the same key's signed row of another cache in place of this cache's, copied or moved. */
  private static void fromOtherCache(Target t, boolean move) throws SQLException {
    Cache<String, String> elsewhere = t.attacker.newCache(ReplayDetection.PROCESS);
    elsewhere.put("k", value("elsewhere", INLINE));
    Map<String, Object> row = t.attacker.row(elsewhere.getName(), t.key);
    if (move) {
      t.attacker.execute("DELETE FROM entries WHERE namespace = ? AND cache_key = ?", elsewhere.getName(), t.key);
    }
    row.put("namespace", t.cache);
    t.attacker.putRow(row);
  }

  private static void fromOtherKey(Target t) throws SQLException {
    Map<String, Object> row = t.attacker.row(t.cache, t.other);
    row.put("cache_key", t.key);
    t.attacker.putRow(row);
  }
}
