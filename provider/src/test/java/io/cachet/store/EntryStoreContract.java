package io.cachet.store;

import static io.cachet.store.TestRow.row;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.testing.ChildJvm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link EntryStore} promises about rows and namespace records: a store passes by subclassing this
 * suite with its factory. Ledger keeping is {@link LedgerContract}'s.
 */
public abstract class EntryStoreContract {
  @TempDir protected Path location;
  protected EntryStore store;
  private final List<EntryStore> opened = new ArrayList<>();

  /**
   * Opens the store at this location: a fresh empty directory the first time. Opening the same location again,
   * also in another process ({@link ContractChild}), opens the same store; a store not kept in files derives
   * its place from the path (a schema or key prefix named after it).
   */
  protected abstract EntryStore open(Path location);

  @BeforeEach
  final void openStore() {
    store = another();
  }

  @AfterEach
  final void closeStores() {
    opened.forEach(EntryStore::close);
  }

  /** Another store on the same location, closed after the test. */
  protected final EntryStore another() {
    EntryStore opened = open(location);
    this.opened.add(opened);
    return opened;
  }

  /** Closes the store and opens it again. */
  protected final void reopen() {
    store.close();
    store = another();
  }

  /** Adds one to the generation of the key's row (a counter), in one read-modify-write. */
  static void increment(EntryStore store, String namespace, String key) {
    store.upsert(namespace, key, current -> TestRow.of(namespace, key)
        .generation(current == null ? 1L : current.generation() + 1).build(), true);
  }

  private static List<String> keys(List<StoredRow> rows) {
    return rows.stream().map(StoredRow::cacheKey).toList();
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
  void get_returnsEveryComponentAsWritten_andSoDoesAStoreReopenedOnTheLocation() {
    StoredRow written = TestRow.of("ns", "k").keyBytes(new byte[] {5, 6, 7}).objectType("java.lang.Long")
        .fileSize(9).fileHash("abc").createdAt(123).expiresAt(456L).generation(77L).entrySignature("v3:sig")
        .inlineValue(new byte[] {1, 1, 2, 3, 5, 8, 13, 21, 34}).accessedAt(124).build();
    StoredRow inBlob = TestRow.inBlob(TestRow.of("ns", "b"), "blob-id").build();
    store.upsert(written, true);
    store.upsert(inBlob, false);

    assertSameRow(written, store.get("ns", "k"));
    reopen();
    assertSameRow(written, store.get("ns", "k"));
    assertSameRow(inBlob, store.get("ns", "b"));
  }

  /** Every component, the access time apart (a store may record the write's own time), and arrays by content. */
  private static void assertSameRow(StoredRow expected, StoredRow actual) {
    assertEquals(List.of(expected.namespace(), expected.cacheKey(), expected.dataType(), expected.prefix(),
        expected.fileSize(), expected.fileHash(), expected.objectType(), expected.storageFormat(),
        expected.serializer(), expected.compressionCodec(), expected.encryption(), expected.createdAt()),
        List.of(actual.namespace(), actual.cacheKey(), actual.dataType(), actual.prefix(), actual.fileSize(),
            actual.fileHash(), actual.objectType(), actual.storageFormat(), actual.serializer(),
            actual.compressionCodec(), actual.encryption(), actual.createdAt()));
    assertEquals(expected.expiresAt(), actual.expiresAt());
    assertEquals(expected.generation(), actual.generation());
    assertEquals(expected.entrySignature(), actual.entrySignature());
    assertEquals(expected.blobId(), actual.blobId());
    assertArrayEquals(expected.keyBytes(), actual.keyBytes());
    assertArrayEquals(expected.inlineValue(), actual.inlineValue());
    assertEquals(expected.version(), actual.version());
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
    StoredRow replacement = TestRow.inBlob(TestRow.of("ns", "k0"), "b2").keyBytes(new byte[] {4}).fileSize(1)
        .fileHash("h2").objectType("java.lang.Long").createdAt(20).expiresAt(30L).entrySignature("s2").accessedAt(50)
        .build();

    assertEquals(new Displaced(true, null), store.upsert(replacement, false));

    StoredRow read = store.get("ns", "k0");
    assertEquals(List.of("java.lang.Long", StoredRow.BLOB, "b2", "s2", 20L, 30L, 1L),
        List.of(read.objectType(), read.storageFormat(), read.blobId(), read.entrySignature(), read.createdAt(),
            read.expiresAt(), read.fileSize()));
    assertNull(read.inlineValue());
    assertEquals(10, read.accessedAt(), "the access time of the replaced row");
    assertEquals(List.of(new Evicted("k0", "b2")), store.evict("ns", 2, 0, "k2"),
        "the replaced row is still the oldest");
  }

  @Test
  void upsert_recordingAccess_makesTheReplacedRowTheNewest() {
    for (String key : List.of("k0", "k1", "k2")) {
      store.upsert(row("ns", key, "s", null, null), true);
    }

    store.upsert(row("ns", "k0", "s2", null, null), true);

    store.evict("ns", 2, 0, "k2");
    assertEquals(Set.of("k0", "k2"), Set.copyOf(keys(store.scan("ns"))), "k1 is now the least recently written");
  }

  @Test
  void upsertAll_givesEachReplacementTheRowUnderItsKeyWithoutPayload_andReportsTheRowsThatWereThere() {
    store.upsert(row("ns", "a", "sa", null, null), true);
    store.upsert(row("ns", "b", "sb", "blob-b", null), true);
    Map<String, StoredRow> seen = new HashMap<>();
    Map<String, UnaryOperator<StoredRow>> replacements = new LinkedHashMap<>();
    replacements.put("a", current -> {
      seen.put("a", current);
      return row("ns", "a", "sa2", null, null);
    });
    replacements.put("b", current -> {
      seen.put("b", current);
      return null;
    });
    replacements.put("c", current -> {
      seen.put("c", current);
      return row("ns", "c", "sc", null, null);
    });

    Map<String, StoredRow> replaced = store.upsertAll("ns", replacements, true);

    assertEquals(Set.of("a", "b"), replaced.keySet(), "a key with no row before is absent");
    assertEquals(List.of("sa", "sb", "blob-b"), List.of(replaced.get("a").entrySignature(),
        replaced.get("b").entrySignature(), replaced.get("b").blobId()), "also the row a replacement kept");
    assertNull(replaced.get("a").inlineValue());
    assertEquals("sa", seen.get("a").entrySignature());
    assertNull(seen.get("a").inlineValue(), "replacements never see payloads");
    assertEquals("blob-b", seen.get("b").blobId());
    assertNull(seen.get("c"));
    assertEquals(List.of("sa2", "sb", "sc"), List.of(store.get("ns", "a").entrySignature(),
        store.get("ns", "b").entrySignature(), store.get("ns", "c").entrySignature()), "null writes nothing");
  }

  @Test
  void upsertAll_writesNothing_whenOneReplacementThrows_andItsExceptionPropagatesUnchanged() {
    store.upsert(row("ns", "a", "sa", null, null), true);
    IllegalStateException failure = new IllegalStateException("the expiry rule failed");
    Map<String, UnaryOperator<StoredRow>> replacements = new LinkedHashMap<>();
    replacements.put("a", current -> row("ns", "a", "sa2", null, null));
    replacements.put("new", current -> row("ns", "new", "sn", null, null));
    replacements.put("failing", current -> {
      throw failure;
    });
    replacements.put("after", current -> row("ns", "after", "sf", null, null));

    assertSame(failure, assertThrows(IllegalStateException.class, () -> store.upsertAll("ns", replacements, true)));

    assertEquals("sa", store.get("ns", "a").entrySignature());
    assertEquals(List.of("a"), keys(store.scan("ns")));
    reopen();
    assertEquals(List.of("a"), keys(store.scan("ns")), "nothing of it was committed");
  }

  @Test
  void summarize_countsRowsBytesExpiredAndSignatureVersionsAndKeys_ofTheNamespaceOnly() {
    store.upsert(TestRow.of("ns", "a").fileSize(100).entrySignature("v5:" + "0".repeat(64)).createdAt(20).build(),
        true);
    store.upsert(TestRow.inBlob(TestRow.of("ns", "b"), "blob-b").fileSize(5000).entrySignature("v4:" + "1".repeat(64))
        .createdAt(30).expiresAt(50L).build(), true);
    store.upsert(TestRow.of("ns", "c").fileSize(7).entrySignature("ab".repeat(32)).createdAt(25).expiresAt(500L)
        .build(), true);
    store.upsert(TestRow.of("ns", "d").fileSize(1).createdAt(5).build(), true);
    for (String key : List.of("e", "f", "g")) {
      store.upsert(TestRow.of("ns", key).fileSize(0).entrySignature("v6:" + (key.equals("g") ? "b" : "a").repeat(16)
          + ":" + "2".repeat(64)).createdAt(1).build(), true);
    }
    store.upsert(TestRow.of("other", "x").fileSize(999_999).createdAt(99).build(), true);

    NamespaceSummary summary = store.summarize("ns", 100);

    assertEquals(new NamespaceSummary(7, 108, 1, 5000, 1, Map.of("v6:" + "a".repeat(16), 2L, "v6:" + "b".repeat(16),
        1L, "v5", 1L, "v4", 1L, "v1", 1L, NamespaceSummary.UNSIGNED, 1L), 30L), summary);
    assertEquals(new NamespaceSummary(0, 0, 0, 0, 0, Map.of(), null), store.summarize("empty", 100));
  }

  @Test
  void rowNamespaces_namesNamespacesWithRows_evenWithoutARecord() {
    store.insertNamespace(new NamespaceRecord("recorded", "0123456789abcdef0123456789abcdef", 1L, null, null, null,
        false));
    store.upsert(row("recorded", "a", "s", null, null), true);
    store.upsert(row("recorded", "b", "s", null, null), true);
    store.upsert(row("unrecorded", "a", "s", null, null), true);
    store.insertNamespace(new NamespaceRecord("recordOnly", "fedcba9876543210fedcba9876543210", 1L, null, null, null,
        false));
    store.upsert(row("cleared", "a", "s", null, null), true);
    store.deleteAll("cleared");

    assertEquals(Set.of("recorded", "unrecorded"), store.rowNamespaces());
    assertEquals(Set.of("recorded", "unrecorded"), another().rowNamespaces());
  }

  @Test
  void checkIntegrity_isEmpty_forAnIntactDatabase() {
    assertEquals(List.of(), store.checkIntegrity(), "an empty database");
    for (int i = 0; i < 50; i++) {
      store.upsert(row("ns", "k" + i, "s", null, i % 2 == 0 ? null : (long) i), true);
    }
    store.deleteIfVersion("ns", "k0", store.get("ns", "k0").version());

    assertEquals(List.of(), store.checkIntegrity());
  }

  @Test
  void compact_keepsEveryRow() {
    for (int i = 0; i < 50; i++) {
      store.upsert(row("ns", "k" + i, "s" + i, null, null), true);
    }
    for (int i = 0; i < 50; i += 2) {
      store.delete("ns", "k" + i);
    }
    EntryStore reader = another();
    assertEquals(25, reader.scan("ns").size());

    store.compact();
    store.compact();

    assertEquals(25, store.scan("ns").size());
    assertEquals(25, reader.scan("ns").size());
    assertEquals("s1", store.get("ns", "k1").entrySignature());
    store.upsert(row("ns", "after", "s", null, null), true);
    reopen();
    assertEquals(26, store.scan("ns").size(), "writes go on after it, and all of it stays");
    assertEquals(List.of(), store.checkIntegrity());
  }

  @Test
  void upsertAll_refusesAReplacementUnderAnotherKeyOrNamespace_andWritesNothing() {
    store.upsert(row("ns", "a", "sa", null, null), true);
    Map<String, UnaryOperator<StoredRow>> otherKey = new LinkedHashMap<>();
    otherKey.put("a", current -> row("ns", "a", "sa2", null, null));
    otherKey.put("b", current -> row("ns", "not-b", "sb", null, null));

    assertThrows(IllegalArgumentException.class, () -> store.upsertAll("ns", otherKey, true));
    assertThrows(IllegalArgumentException.class,
        () -> store.upsert("ns", "a", current -> row("other", "a", "so", null, null), true));

    assertEquals("sa", store.get("ns", "a").entrySignature());
    assertEquals(List.of("a"), keys(store.scan("ns")));
    assertEquals(List.of(), store.scan("other"));
  }

  @Test
  void upsert_isOneReadModifyWrite_againstEveryThreadAndAnotherStoreOnTheLocation() throws Exception {
    EntryStore second = another();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> increments = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        EntryStore target = t % 2 == 0 ? store : second;
        increments.add(pool.submit(() -> {
          for (int i = 0; i < 50; i++) {
            increment(target, "ns", "counter");
          }
        }));
      }
      for (Future<?> increment : increments) {
        increment.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertEquals(200L, store.get("ns", "counter").generation(), "no increment lost");
  }

  @Test
  void upsert_isOneReadModifyWrite_againstAnotherProcess(@TempDir Path logs) throws Exception {
    try (ChildJvm child = ChildJvm.start("incrementer", logs, ChildJvm.java(ContractChild.class,
        getClass().getName(), location.toString(), "increment", "ns", "counter", "150"))) {
      for (int i = 0; i < 150; i++) {
        increment(store, "ns", "counter");
      }
      child.assertExitCode(0);
    }

    assertEquals(300L, store.get("ns", "counter").generation(), "no increment lost");
  }

  @Test
  void twoStoresOnOneLocation_seeEachOthersCommits_andWriteConcurrently() throws Exception {
    EntryStore second = another();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        EntryStore target = t % 2 == 0 ? store : second;
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
    }
  }

  @Test
  void delete_reportsWhatItDeleted() {
    store.upsert(row("ns", "k", "s", "b", null), true);

    assertEquals(new Displaced(true, "b"), store.delete("ns", "k"));
    assertEquals(Displaced.NOTHING, store.delete("ns", "k"));
  }

  @Test
  void delete_andDeleteIfVersion_reportTheDeletedRowsGeneration() {
    StoredRow versioned = TestRow.of("ns", "v").generation(7L).entrySignature("s").build();
    store.upsert(TestRow.inBlob(TestRow.of("ns", "k"), "b").generation(5L).build(), true);
    store.upsert(versioned, true);

    assertEquals(new Displaced(true, "b", 5L), store.delete("ns", "k"));
    assertEquals(new Displaced(true, null, 7L), store.deleteIfVersion("ns", "v", versioned.version()));
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
  void deleteIfVersion_refusingAStaleVersion_leavesTheRowAsItIs() {
    StoredRow first = row("ns", "k", "s1", "b1", 5L);
    store.upsert(first, true);
    store.upsert(row("ns", "k", "s2", "b2", 5L), true);

    assertEquals(Displaced.NOTHING, store.deleteIfVersion("ns", "k", first.version()));
    assertEquals(Displaced.NOTHING, store.deleteIfVersion("ns", "missing", first.version()));

    assertEquals(List.of("s2", "b2"), List.of(store.get("ns", "k").entrySignature(), store.get("ns", "k").blobId()));
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
  void updateExpiryIfVersion_reseals_theRowAsStoredWithTheNewExpiry_andChangesNothingElse() {
    StoredRow current = TestRow.inBlob(TestRow.of("ns", "k"), "b").entrySignature("s1").expiresAt(5L)
        .generation(3L).build();
    store.upsert(current, true);
    List<StoredRow> given = new ArrayList<>();

    assertTrue(store.updateExpiryIfVersion("ns", "k", current.version(), 60L, stored -> {
      given.add(stored);
      return stored.withGeneration(4L).withSignature("s2");
    }));

    assertEquals(List.of(60L, 3L, "b"), List.of(given.get(0).expiresAt(), given.get(0).generation(),
        given.get(0).blobId()));
    assertNull(given.get(0).inlineValue());
    StoredRow read = store.get("ns", "k");
    assertEquals(List.of(60L, 4L, "s2", "b", 10L, "h"), List.of(read.expiresAt(), read.generation(),
        read.entrySignature(), read.blobId(), read.createdAt(), read.fileHash()));
  }

  @Test
  void updateExpiryIfVersion_leavesTheRow_whenStaleMissingOrNotResealed() {
    StoredRow first = row("ns", "k", "s1", null, 5L);
    store.upsert(first, true);
    StoredRow second = row("ns", "k", "s2", null, 5L);
    store.upsert(second, true);
    List<StoredRow> resealed = new ArrayList<>();

    assertFalse(store.updateExpiryIfVersion("ns", "k", first.version(), 6L, stored -> {
      resealed.add(stored);
      return stored.withSignature("stale");
    }));
    assertFalse(store.updateExpiryIfVersion("ns", "missing", first.version(), 6L, stored -> {
      resealed.add(stored);
      return stored.withSignature("missing");
    }));
    assertFalse(store.updateExpiryIfVersion("ns", "k", second.version(), 6L, stored -> null));

    assertEquals(List.of(), resealed, "a stale or missing row is never resealed");
    assertEquals(List.of("s2", 5L), List.of(store.get("ns", "k").entrySignature(), store.get("ns", "k").expiresAt()));
    assertNull(store.get("ns", "missing"));
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
  void expired_returnsUpToLimitRowsDueAtOrBeforeNow_withoutPayloads_neverEternalOnesOrOtherNamespaces() {
    store.upsert(row("ns", "past", "s", null, 5L), true);
    store.upsert(row("ns", "now", "s", null, 10L), true);
    store.upsert(row("ns", "later", "s", null, 11L), true);
    store.upsert(row("ns", "eternal", "s", null, null), true);
    store.upsert(row("other", "past", "s", null, 5L), true);

    List<StoredRow> due = store.expired("ns", 10, 10);

    assertEquals(Set.of("past", "now"), Set.copyOf(keys(due)));
    due.forEach(r -> assertNull(r.inlineValue()));
    assertEquals("ns", due.get(0).namespace());
    assertEquals(1, store.expired("ns", 10, 1).size());
    assertEquals(List.of(), store.expired("ns", 4, 10));
    assertEquals(Set.of("past", "now", "later"), Set.copyOf(keys(store.expired("ns", Long.MAX_VALUE, 10))));
  }

  @Test
  void aRotatedNamespaceRecord_keepsItsPreviousKeysAndHandovers_asWritten() {
    NamespaceRecord rotated = new NamespaceRecord("a", "id-a", 1, "k=3.bin", "kid3", "v3:sig3", true,
        List.of(new NamespaceRecord.KeyRef("k2.bin", "kid2")),
        List.of(new NamespaceRecord.Handover(new NamespaceRecord.KeyRef("k2.bin", "kid2"), "v3:by2"),
            new NamespaceRecord.Handover(new NamespaceRecord.KeyRef("k=1.bin", "kid1"), "v3:by1")));
    store.insertNamespace(rotated);

    assertEquals(rotated, store.namespace("a"));
    NamespaceRecord retired = new NamespaceRecord("a", "id-a", 1, "k=3.bin", "kid3", "v3:sig4", true, List.of(),
        List.of(new NamespaceRecord.Handover(new NamespaceRecord.KeyRef("k2.bin", "kid2"), "v3:by2")));
    store.replaceNamespace(retired);
    assertEquals(retired, store.namespace("a"));
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
  void namespaceRecords_keepEveryComponent_acrossAReopen_andDeletingOneLeavesTheOthers() {
    NamespaceRecord ledgered = new NamespaceRecord("with ledger", "id-l", 42, "k.bin", "kid", "v3:sig", true);
    NamespaceRecord plain = new NamespaceRecord("plain", "id-p", 43, null, null, null);
    store.insertNamespace(ledgered);
    store.insertNamespace(plain);
    store.upsert(row("plain", "k", "s", "kept-blob", null), true);

    reopen();

    assertEquals(ledgered, store.namespace("with ledger"));
    assertEquals(plain, store.namespace("plain"));
    assertEquals(List.of(), store.deleteNamespace("with ledger"));
    assertEquals(List.of(plain), store.namespaces());
    assertEquals("kept-blob", store.get("plain", "k").blobId());
    assertNull(store.namespace("never recorded"));
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
  void keyFileSigns_countsSignedRowsOfANamespaceWithNoRecord() {
    store.upsert(row("unrecorded", "unsigned", null, null, null), true);
    assertFalse(store.keyFileSigns("k.bin"));

    store.upsert(row("unrecorded", "signed", "v3:x", null, null), true);
    assertTrue(store.keyFileSigns("k.bin"), "its record may have been deleted with the key file");
  }

  @Test
  void evict_deletesLeastRecentlyAccessedRowsUntilWithinLimits_neverTheKeptOne() {
    for (int i = 0; i < 5; i++) {
      store.upsert(row("ns", "k" + i, "s", i == 1 ? "blob1" : null, null), true);
    }
    store.touch("ns", "k0", 99);

    List<Evicted> evicted = store.evict("ns", 3, 0, "k2");

    assertEquals(List.of(new Evicted("k1", "blob1"), new Evicted("k3", null)), evicted);
    assertEquals(Set.of("k0", "k2", "k4"), Set.copyOf(keys(store.scan("ns"))));
    assertEquals(List.of(), store.evict("ns", 3, 9, "k2"), "3 rows of 3 bytes are within both limits");
    assertEquals(2, store.evict("ns", 0, 3, "k2").size(), "a byte limit alone evicts too");
    assertEquals(List.of("k2"), keys(store.scan("ns")));
    assertEquals(List.of(), store.evict("ns", 0, 1, "k2"), "the kept row stays even when over the limit");
  }

  @Test
  void evict_takesRowsByAccessTimeThenWriteOrder_fromItsNamespaceOnly() {
    for (String key : List.of("w0", "w1", "w2", "w3")) {
      store.upsert(row("ns", key, "s", "blob-" + key, null), true);
    }
    store.upsert(row("other", "o", "s", null, null), true);
    store.touch("ns", "w0", 30);
    store.touch("ns", "w1", 20);
    store.touch("ns", "missing", 5);

    assertEquals(List.of(new Evicted("w2", "blob-w2"), new Evicted("w3", "blob-w3"),
        new Evicted("w1", "blob-w1")), store.evict("ns", 1, 0, "none"));

    assertEquals(List.of("w0"), keys(store.scan("ns")));
    assertEquals(List.of("o"), keys(store.scan("other")));
    assertNull(store.get("ns", "missing"), "touching a missing row writes none");
  }

  @Test
  void close_isIdempotent_andLaterCallsThrowStorageException() {
    store.close();
    store.close();

    assertThrows(StorageException.class, () -> store.get("ns", "k"));
    assertThrows(StorageException.class, () -> store.upsert(row("ns", "k", "s", null, null), true));
    assertThrows(StorageException.class, () -> store.scan("ns"));
    assertThrows(StorageException.class, () -> store.delete("ns", "k"));
    assertThrows(StorageException.class, () -> store.namespaces());
  }
}
