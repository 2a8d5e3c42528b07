package io.cachet.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.store.Displaced;
import io.cachet.store.NamespaceRecord;
import io.cachet.store.RowVersion;
import io.cachet.store.StorageException;
import io.cachet.store.StoredRow;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SqliteEntryStoreTest {
  @TempDir Path directory;
  private Path file;
  private SqliteEntryStore store;

  @BeforeEach
  void open() {
    file = directory.resolve("cachet.db");
    store = SqliteEntryStore.open(file, false);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static StoredRow row(String namespace, String key, String signature, String blobId, Long expiresAt) {
    return StoredRow.builder(namespace, key).keyBytes(new byte[] {1, 2}).dataType("object").prefix(namespace)
        .fileSize(3).fileHash("h").objectType("java.lang.String")
        .storageFormat(blobId == null ? StoredRow.INLINE : StoredRow.BLOB).serializer("kryo5")
        .compressionCodec("none").encryption("none").createdAt(10).expiresAt(expiresAt).entrySignature(signature)
        .inlineValue(blobId == null ? new byte[] {7, 8, 9} : null).blobId(blobId).accessedAt(10).build();
  }

  @Test
  void open_createsEntriesTable_withTheDesignColumnNames_inWalMode() throws Exception {
    try (var connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      List<String> columns = new ArrayList<>();
      try (ResultSet rs = connection.createStatement().executeQuery("PRAGMA table_info(entries)")) {
        while (rs.next()) {
          columns.add(rs.getString("name"));
        }
      }
      assertEquals(List.of("namespace", "cache_key", "key_bytes", "data_type", "prefix", "file_size", "file_hash",
          "object_type", "storage_format", "serializer", "compression_codec", "encryption", "created_at", "expires_at",
          "entry_signature", "blob_id", "accessed_at", "generation", "inline_value"), columns);
      try (ResultSet rs = connection.createStatement().executeQuery("PRAGMA journal_mode")) {
        assertEquals("wal", rs.getString(1));
      }
    }
  }

  @Test
  void upsert_thenGet_returnsAllColumns() {
    store.upsert(row("ns", "k", "v3:s", null, 99L), true);

    StoredRow read = store.get("ns", "k");

    assertEquals("v3:s", read.entrySignature());
    assertEquals(99L, read.expiresAt());
    assertArrayEquals(new byte[] {7, 8, 9}, read.inlineValue());
    assertArrayEquals(new byte[] {1, 2}, read.keyBytes());
    assertEquals(3, read.fileSize());
    assertNull(store.get("ns", "other"));
    assertNull(store.get("other", "k"));
  }

  @Test
  void get_readsNullExpiry_asNull() {
    store.upsert(row("ns", "k", "s", null, null), true);

    assertNull(store.get("ns", "k").expiresAt());
  }

  @Test
  void getAll_returnsTheRowsThatExist_byCacheKey() {
    store.upsert(row("ns", "a", "sa", null, null), true);
    store.upsert(row("ns", "b", "sb", "blob", 5L), true);
    store.upsert(row("other", "a", "so", null, null), true);

    Map<String, StoredRow> rows = store.getAll("ns", List.of("a", "b", "missing"));

    assertEquals(Set.of("a", "b"), rows.keySet());
    assertEquals("sa", rows.get("a").entrySignature());
    assertArrayEquals(new byte[] {7, 8, 9}, rows.get("a").inlineValue());
    assertEquals(List.of("sb", "blob", 5L), List.of(rows.get("b").entrySignature(), rows.get("b").blobId(),
        rows.get("b").expiresAt()));
    assertEquals(Map.of(), store.getAll("ns", List.of()));
  }

  @Test
  void upsert_reportsTheReplacedRowsBlob() {
    assertEquals(Displaced.NOTHING, store.upsert(row("ns", "k", "s1", "b1", null), true));

    assertEquals(new Displaced(true, "b1"), store.upsert(row("ns", "k", "s2", null, null), true));
    assertEquals(new Displaced(true, null), store.upsert(row("ns", "k", "s3", null, null), true));
  }

  @Test
  void upsert_withoutRecordingAccess_replacesEveryColumnButKeepsTheEvictionOrder() {
    for (String key : List.of("k0", "k1", "k2")) {
      store.upsert(row("ns", key, "s", null, null), true);
    }
    StoredRow replacement = StoredRow.builder("ns", "k0").keyBytes(new byte[] {4}).dataType("object").prefix("ns")
        .fileSize(1).fileHash("h2").objectType("java.lang.Long").storageFormat(StoredRow.BLOB).serializer("kryo5")
        .compressionCodec("none").encryption("none").createdAt(20).expiresAt(30L).entrySignature("s2")
        .blobId("b2").accessedAt(50).build();

    assertEquals(new Displaced(true, null), store.upsert(replacement, false));

    StoredRow read = store.get("ns", "k0");
    assertEquals(List.of("java.lang.Long", StoredRow.BLOB, "b2", "s2", 20L, 30L, 1L),
        List.of(read.objectType(), read.storageFormat(), read.blobId(), read.entrySignature(), read.createdAt(),
            read.expiresAt(), read.fileSize()));
    assertNull(read.inlineValue());
    assertEquals(10, read.accessedAt(), "the access time of the replaced row");
    assertEquals(List.of(new Displaced(true, "b2")), store.evict("ns", 2, 0, "k2"),
        "the replaced row is still the oldest");
  }

  @Test
  void upsert_recordingAccess_makesTheReplacedRowTheNewest() {
    for (String key : List.of("k0", "k1", "k2")) {
      store.upsert(row("ns", key, "s", null, null), true);
    }

    store.upsert(row("ns", "k0", "s2", null, null), true);

    store.evict("ns", 2, 0, "k2");
    assertEquals(Set.of("k0", "k2"), Set.copyOf(store.scan("ns").stream().map(StoredRow::cacheKey).toList()),
        "k1 is now the least recently written");
  }

  @Test
  void delete_reportsWhatItDeleted() {
    store.upsert(row("ns", "k", "s", "b", null), true);

    assertEquals(new Displaced(true, "b"), store.delete("ns", "k"));
    assertEquals(Displaced.NOTHING, store.delete("ns", "k"));
  }

  @Test
  void deleteIfVersion_deletesOnlyTheRowItWasAskedAbout() {
    StoredRow current = row("ns", "k", "new", null, null);
    store.upsert(current, true);

    assertFalse(store.deleteIfVersion("ns", "k", row("ns", "k", "old", null, null).version()).existed());
    assertFalse(store.deleteIfVersion("ns", "k", row("ns", "k", null, null, null).version()).existed());
    assertTrue(store.deleteIfVersion("ns", "k", current.version()).existed());
  }

  @Test
  void deleteIfVersion_tellsUnsignedRowsApart_byCreationTimeHashAndExpiry() {
    StoredRow unsigned = row("ns", "u", null, null, 50L);
    store.upsert(unsigned, true);

    RowVersion v = unsigned.version();
    assertFalse(store.deleteIfVersion("ns", "u", new RowVersion(null, 11, v.fileHash(), 50L)).existed());
    assertFalse(store.deleteIfVersion("ns", "u", new RowVersion(null, 10, "other", 50L)).existed());
    assertFalse(store.deleteIfVersion("ns", "u", new RowVersion(null, 10, v.fileHash(), null)).existed());
    assertTrue(store.deleteIfVersion("ns", "u", v).existed());
  }

  @Test
  void updateExpiryIfVersion_isACompareAndSet() {
    StoredRow current = row("ns", "k", "s1", null, 5L);
    store.upsert(current, true);

    assertFalse(store.updateExpiryIfVersion("ns", "k", row("ns", "k", "other", null, 5L).version(), 6L,
        stored -> stored.withSignature("s2")));
    assertTrue(store.updateExpiryIfVersion("ns", "k", current.version(), null,
        stored -> stored.withGeneration(9L).withSignature("s2")));

    StoredRow read = store.get("ns", "k");
    assertNull(read.expiresAt());
    assertEquals(9L, read.generation());
    assertEquals("s2", read.entrySignature());
  }

  @Test
  void deleteAll_andScan_workPerNamespace() {
    store.upsert(row("a", "1", "s", "b1", null), true);
    store.upsert(row("a", "2", "s", null, null), true);
    store.upsert(row("b", "1", "s", "b2", null), true);

    List<StoredRow> scanned = store.scan("a");
    assertEquals(2, scanned.size());
    scanned.forEach(r -> assertNull(r.inlineValue()));
    assertTrue(store.blobReferenced("a", "b1"));
    assertFalse(store.blobReferenced("a", "b2"));

    assertEquals(List.of("b1"), store.deleteAll("a"));
    assertTrue(store.scan("a").isEmpty());
    assertEquals(1, store.scan("b").size());
  }

  @Test
  void namespaceRecords_insertOnce_replace_list_andDeleteWithTheirRows() {
    assertTrue(store.insertNamespace(new NamespaceRecord("a", "id-a", 1, "k.bin", "kid", "sig")));
    assertFalse(store.insertNamespace(new NamespaceRecord("a", "id-x", 2, "k.bin", "kid", "sig")));
    assertEquals("id-a", store.namespace("a").id());

    store.replaceNamespace(new NamespaceRecord("a", "id-b", 3, null, "kid2", "sig2"));
    store.insertNamespace(new NamespaceRecord("b", "id-c", 3, null, null, null));
    store.upsert(row("a", "k", "s", "blob", null), true);

    assertEquals(new NamespaceRecord("a", "id-b", 3, null, "kid2", "sig2"), store.namespace("a"));
    assertEquals(Set.of("a", "b"), Set.copyOf(store.namespaces().stream().map(NamespaceRecord::name).toList()));
    assertEquals(List.of("blob"), store.deleteNamespace("a"));
    assertNull(store.namespace("a"));
    assertNull(store.get("a", "k"));
  }

  @Test
  void keyFileSigns_onlyWhenANamespaceRecordedWithThatFileHoldsSignedRows() {
    store.insertNamespace(new NamespaceRecord("a", "id-a", 1, "k.bin", "kid", "sig"));
    store.insertNamespace(new NamespaceRecord("b", "id-b", 1, "other.bin", "kid", "sig"));
    store.upsert(row("a", "unsigned", null, null, null), true);
    store.upsert(row("b", "signed", "v3:x", null, null), true);
    assertFalse(store.keyFileSigns("k.bin"));

    store.upsert(row("a", "signed", "v3:x", null, null), true);
    assertTrue(store.keyFileSigns("k.bin"));
  }

  @Test
  void evict_deletesLeastRecentlyAccessedRowsUntilWithinLimits_neverTheKeptOne() {
    for (int i = 0; i < 5; i++) {
      store.upsert(row("ns", "k" + i, "s", i == 1 ? "blob1" : null, null), true);
    }
    store.touch("ns", "k0", 99);

    List<Displaced> evicted = store.evict("ns", 3, 0, "k2");

    assertEquals(List.of(new Displaced(true, "blob1"), new Displaced(true, null)), evicted);
    assertEquals(Set.of("k0", "k2", "k4"),
        Set.copyOf(store.scan("ns").stream().map(StoredRow::cacheKey).toList()));
    assertEquals(List.of(), store.evict("ns", 3, 9, "k2"), "3 rows of 3 bytes are within both limits");
    assertEquals(2, store.evict("ns", 0, 3, "k2").size(), "a byte limit alone evicts too");
    assertEquals(List.of("k2"), store.scan("ns").stream().map(StoredRow::cacheKey).toList());
    assertEquals(List.of(), store.evict("ns", 0, 1, "k2"), "the kept row stays even when over the limit");
  }

  @Test
  void open_addsColumnsMissingFromAnOlderSchema() throws Exception {
    store.close();
    Path old = file.resolveSibling("old.db");
    try (var connection = DriverManager.getConnection("jdbc:sqlite:" + old)) {
      connection.createStatement().executeUpdate("CREATE TABLE namespaces (name TEXT NOT NULL PRIMARY KEY, "
          + "id TEXT NOT NULL, created_at INTEGER NOT NULL, signature TEXT)");
    }
    store = SqliteEntryStore.open(old, false);

    store.insertNamespace(new NamespaceRecord("a", "id-a", 1, "k.bin", "kid", "sig"));
    assertEquals("k.bin", store.namespace("a").keyFile());
  }

  @Test
  void twoStoresOnOneFile_seeEachOthersCommits_andWriteConcurrently() throws Exception {
    SqliteEntryStore second = SqliteEntryStore.open(file, false);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        SqliteEntryStore target = t % 2 == 0 ? store : second;
        int thread = t;
        writes.add(pool.submit(() -> {
          for (int i = 0; i < 100; i++) {
            target.upsert(row("ns", thread + "-" + i, "s", null, null), true);
            target.get("ns", thread + "-" + i);
          }
        }));
      }
      for (Future<?> write : writes) {
        write.get();
      }
      assertEquals(800, store.scan("ns").size());
      assertEquals(800, second.scan("ns").size());
    } finally {
      pool.shutdownNow();
      second.close();
    }
  }

  @Test
  void close_isIdempotent_andLaterCallsThrowStorageException() {
    store.close();
    store.close();

    assertThrows(StorageException.class, () -> store.get("ns", "k"));
    assertThrows(StorageException.class, () -> store.upsert(row("ns", "k", "s", null, null), true));
  }
  /** A value longer than any writer stores in the column, or (for an integer column) a blob. */
  static Stream<Arguments> oversizedColumns() {
    String text = "hex(zeroblob(" + (StoredRow.MAX_TEXT_BYTES / 2 + 1) + "))";
    return Stream.of(
        Arguments.of("inline_value", "zeroblob(" + (StoredRow.MAX_INLINE_BYTES + 1) + ")"),
        Arguments.of("key_bytes", "zeroblob(" + (StoredRow.MAX_KEY_BYTES + 1) + ")"),
        Arguments.of("data_type", text), Arguments.of("prefix", text), Arguments.of("file_hash", text),
        Arguments.of("object_type", text), Arguments.of("storage_format", text), Arguments.of("serializer", text),
        Arguments.of("compression_codec", text), Arguments.of("encryption", text),
        Arguments.of("entry_signature", text), Arguments.of("blob_id", text),
        Arguments.of("file_size", "zeroblob(100)"), Arguments.of("created_at", "zeroblob(100)"),
        Arguments.of("expires_at", "zeroblob(100)"), Arguments.of("accessed_at", "zeroblob(100)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oversizedColumns")
  void anOversizedColumn_readsAsNullOrZero_inEveryRead_andTheRowIsStillDeletableByItsVersion(String column,
      String oversized) throws Exception {
    store.upsert(row("ns", "k", "sig", null, 99L), true);
    try (var connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      assertEquals(1, connection.createStatement().executeUpdate("UPDATE entries SET " + column + " = "
          + oversized));
    }

    StoredRow read = store.get("ns", "k");
    List<StoredRow> reads = new ArrayList<>(List.of(read, store.getAll("ns", List.of("k")).get("k"),
        store.scan("ns").get(0)));
    if (!column.equals("expires_at")) {
      // A blob in expires_at is no expiry time: the row is eternal and not among the expired ones.
      reads.add(store.expired("ns", 100, 10).get(0));
    }
    for (StoredRow row : reads) {
      assertEquals(null, column(row, column), column);
    }
    assertTrue(store.deleteIfVersion("ns", "k", read.version()).existed(), "deleted by the version read");
    assertNull(store.get("ns", "k"));
  }

  /** A column of a row as read, with integers read as 0 from a non-integer value shown as null. */
  private static Object column(StoredRow row, String column) {
    return switch (column) {
      case "inline_value" -> row.inlineValue();
      case "key_bytes" -> row.keyBytes();
      case "data_type" -> row.dataType();
      case "prefix" -> row.prefix();
      case "file_hash" -> row.fileHash();
      case "object_type" -> row.objectType();
      case "storage_format" -> row.storageFormat();
      case "serializer" -> row.serializer();
      case "compression_codec" -> row.compressionCodec();
      case "encryption" -> row.encryption();
      case "entry_signature" -> row.entrySignature();
      case "blob_id" -> row.blobId();
      case "file_size" -> row.fileSize() == 0 ? null : row.fileSize();
      case "created_at" -> row.createdAt() == 0 ? null : row.createdAt();
      case "expires_at" -> row.expiresAt();
      case "accessed_at" -> row.accessedAt() == 0 ? null : row.accessedAt();
      default -> throw new IllegalArgumentException(column);
    };
  }
}
