package io.cachet.sealed;

import io.cachet.IntegrityEvent.Reason;
import static io.cachet.sealed.StoreFixture.bigString;
import static io.cachet.sealed.StoreFixture.execute;
import static io.cachet.sealed.StoreFixture.blobFiles;
import static io.cachet.sealed.StoreFixture.open;
import static io.cachet.sealed.StoreFixture.query;
import static io.cachet.sealed.StoreFixture.rowCount;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.sealed.TestValues.Book;
import io.cachet.sealed.TestValues.CachedHashKey;
import io.cachet.sealed.TestValues.Event;
import io.cachet.sealed.TestValues.Events;
import io.cachet.sealed.TestValues.Holder;
import io.cachet.sealed.TestValues.Opaque;
import io.cachet.sealed.TestValues.RecordKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealedNamespaceTest {
  @TempDir Path root;
  private SealedStore store;
  private SealedNamespace books;

  @BeforeEach
  void openStore() {
    store = open(root);
    books = store.attach("com.example.Book", Options.defaults());
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void read_returnsEqualValue_whenWrittenInline() throws Exception {
    StoredKey key = books.key("k1");
    books.write(key, "hello", 1000, SealedEntry.ETERNAL);

    SealedEntry entry = books.read(books.key("k1"));

    assertEquals("hello", entry.value());
    assertEquals(1000, entry.createdAt());
    assertEquals(SealedEntry.ETERNAL, entry.expiresAt());
    assertEquals("inline", query(root, "SELECT storage_format FROM entries"));
    assertTrue(blobFiles(root).isEmpty());
  }

  @Test
  void read_returnsEqualValue_whenWrittenAsBlobAboveThreshold() throws Exception {
    String big = bigString(20 * 1024);
    books.write(books.key("big"), big, 1000, 5000);

    SealedEntry entry = books.read(books.key("big"));

    assertEquals(big, entry.value());
    assertEquals(5000, entry.expiresAt());
    assertEquals("blob", query(root, "SELECT storage_format FROM entries"));
    assertNull(query(root, "SELECT inline_value FROM entries"));
    assertEquals(1, blobFiles(root).size());
  }

  @Test
  void read_inNewStoreInstance_findsEntriesWrittenBefore() {
    books.write(books.key("small"), "v", 1, SealedEntry.ETERNAL);
    books.write(books.key("big"), bigString(5000), 1, SealedEntry.ETERNAL);
    store.close();

    store = open(root);
    assertTrue(store.exists("com.example.Book"));
    SealedNamespace reopened = store.attach("com.example.Book", Options.defaults());

    assertEquals("v", reopened.read(reopened.key("small")).value());
    assertEquals(bigString(5000), reopened.read(reopened.key("big")).value());
  }

  @Test
  void read_returnsFreshCopy_unaffectedByLaterMutationOfTheWrittenObject() {
    List<String> list = new ArrayList<>(List.of("a"));
    books.write(books.key("list"), list, 1, SealedEntry.ETERNAL);
    list.add("b");

    Object first = books.read(books.key("list")).value();
    Object second = books.read(books.key("list")).value();

    assertEquals(List.of("a"), first);
    assertNotSame(first, second);
  }

  @Test
  void read_returnsNull_whenAbsent() {
    assertNull(books.read(books.key("nothing")));
  }

  @Test
  void write_replacesValue_andDeletesSupersededBlob() throws Exception {
    StoredKey key = books.key("k");
    books.write(key, bigString(4000), 1, SealedEntry.ETERNAL);
    Path firstBlob = blobFiles(root).get(0);
    books.write(key, bigString(5000), 2, SealedEntry.ETERNAL);

    assertEquals(bigString(5000), books.read(key).value());
    assertEquals(1, blobFiles(root).size());
    assertFalse(blobFiles(root).contains(firstBlob));

    books.write(key, "small now", 3, SealedEntry.ETERNAL);
    assertEquals("small now", books.read(key).value());
    assertTrue(blobFiles(root).isEmpty());
  }

  @Test
  void write_storesValueWithoutNoArgConstructor() {
    Book book = new Book("Dune", UUID.randomUUID());
    books.write(books.key(1L), book, 1, SealedEntry.ETERNAL);

    assertEquals(book, books.read(books.key(1L)).value());
  }

  @Test
  void read_rebuildsTransientCachedHashCode_throughReadObject() {
    CachedHashKey original = new CachedHashKey("Book", 42);
    StoredKey key = books.key(original);
    books.write(key, original, 1, SealedEntry.ETERNAL);

    CachedHashKey copy = (CachedHashKey) books.read(key).value();
    CachedHashKey keyCopy = (CachedHashKey) books.keys().get(0).key();

    assertEquals(original.hashCode(), copy.cachedHashCode());
    assertEquals(original.hashCode(), keyCopy.hashCode());
    assertEquals(original, keyCopy);
  }

  @Test
  void read_returnsJdkCollectionsAndMaps_thatKryoCannotReflectInto() {
    Map<String, Object> values = new HashMap<>();
    values.put("unmodifiable", Collections.unmodifiableList(new ArrayList<>(List.of(1, 2))));
    values.put("asList", Arrays.asList("a", "b"));
    values.put("listOf", List.of("x", "y"));
    values.put("setOf", Set.of(1));
    values.put("mapOf", Map.of("k", "v"));
    values.put("hashSet", new HashSet<>(List.of("s")));
    values.put("uuid", UUID.randomUUID());
    values.put("date", new Date(123));
    values.put("array", new int[] {1, 2, 3});

    values.forEach((name, value) -> books.write(books.key(name), value, 1, SealedEntry.ETERNAL));

    values.forEach((name, value) -> {
      Object read = books.read(books.key(name)).value();
      if (value instanceof int[] ints) {
        assertArrayEquals(ints, (int[]) read, name);
      } else {
        assertEquals(value, read, name);
      }
    });
  }

  @Test
  void write_throwsNamingTheClass_andKeepsPreviousValue_whenValueIsNotSerializable() {
    StoredKey key = books.key("k");
    books.write(key, "previous", 1, SealedEntry.ETERNAL);

    SealedStoreException failure = assertThrows(SealedStoreException.class,
        () -> books.write(key, new Opaque(), 2, SealedEntry.ETERNAL));

    assertEquals("Cannot store value of class " + Opaque.class.getName()
        + ": it does not implement java.io.Serializable", failure.getMessage());
    assertEquals("previous", books.read(key).value());
  }

  @Test
  void write_throwsNamingTheNestedClass_whenAFieldIsNotSerializable() {
    SealedStoreException failure = assertThrows(SealedStoreException.class,
        () -> books.write(books.key("k"), new Holder(new Opaque()), 2, SealedEntry.ETERNAL));

    assertTrue(failure.getMessage().contains(Opaque.class.getName()), failure.getMessage());
    assertNull(books.read(books.key("k")));
  }

  @Test
  void key_throwsNamingTheClass_whenKeyIsNotSerializable() {
    SealedStoreException failure = assertThrows(SealedStoreException.class, () -> books.key(new Opaque()));

    assertTrue(failure.getMessage().startsWith("Cannot store key of class " + Opaque.class.getName()));
  }

  @Test
  void key_hashesEqualKeysAlike_forStringLongDateRecordUuidAndHookedClass() {
    UUID uuid = UUID.randomUUID();
    List<Object[]> pairs = List.of(
        new Object[] {"key", new String("key")},
        new Object[] {123456789L, Long.valueOf(123456789L)},
        new Object[] {new Date(1_700_000_000_000L), new Date(1_700_000_000_000L)},
        new Object[] {new RecordKey("r", 7), new RecordKey("r", 7)},
        new Object[] {uuid, new UUID(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits())},
        new Object[] {new CachedHashKey("Book", 1), new CachedHashKey("Book", 1)});
    SealedStore other = open(root);
    try {
      SealedNamespace otherBooks = other.attach("com.example.Book", Options.defaults());
      for (Object[] pair : pairs) {
        assertEquals(books.key(pair[0]).hash(), books.key(pair[1]).hash(), pair[0].toString());
        assertEquals(books.key(pair[0]).hash(), otherBooks.key(pair[1]).hash(), pair[0].toString());
      }
    } finally {
      other.close();
    }
    assertFalse(books.key(1L).hash().equals(books.key(1).hash()));
    assertTrue(books.key("key").hash().matches("[0-9a-f]{64}"));
  }

  @Test
  void updateExpiry_resignsRow_andReadSeesNewExpiry() {
    StoredKey key = books.key("k");
    books.write(key, "v", 1, 100);

    assertTrue(books.updateExpiry(books.read(key), 900));

    SealedEntry entry = books.read(key);
    assertEquals(900, entry.expiresAt());
    assertEquals("v", entry.value());
    assertTrue(books.updateExpiry(entry, SealedEntry.ETERNAL));
    assertEquals(SealedEntry.ETERNAL, books.read(key).expiresAt());
  }

  @Test
  void updateExpiry_returnsFalse_whenTheEntryWasDeleted() {
    StoredKey key = books.key("k");
    books.write(key, "v", 1, 100);
    SealedEntry read = books.read(key);
    books.delete(key);

    assertFalse(books.updateExpiry(read, 5));
  }

  @Test
  void updateExpiry_leavesAnEntryWrittenSinceTheRead_asWritten() {
    StoredKey key = books.key("k");
    books.write(key, "old", 1, 100);
    SealedEntry read = books.read(key);
    books.write(key, "new", 2, 200);

    assertFalse(books.updateExpiry(read, 900));

    assertEquals(200, books.read(key).expiresAt());
  }

  @Test
  void deleteIfUnchanged_deletesTheEntryRead_butNotOneWrittenSince() {
    StoredKey key = books.key("k");
    books.write(key, "old", 1, 100);
    SealedEntry old = books.read(key);
    books.write(key, "new", 2, 100);

    assertFalse(books.deleteIfUnchanged(old));
    assertEquals("new", books.read(key).value());

    assertTrue(books.deleteIfUnchanged(books.read(key)));
    assertNull(books.read(key));
  }

  @Test
  void delete_removesRowAndBlob_andReportsWhetherARowExisted() throws Exception {
    StoredKey key = books.key("k");
    books.write(key, bigString(3000), 1, SealedEntry.ETERNAL);

    assertTrue(books.delete(key));
    assertFalse(books.delete(key));

    assertNull(books.read(key));
    assertEquals(0, rowCount(root, "com.example.Book"));
    assertTrue(blobFiles(root).isEmpty());
  }

  @Test
  void clear_removesRowsAndBlobs_ofThatNamespaceOnly() throws Exception {
    SealedNamespace authors = store.attach("com.example.Author", Options.defaults());
    books.write(books.key("a"), "1", 1, SealedEntry.ETERNAL);
    books.write(books.key("b"), bigString(3000), 1, SealedEntry.ETERNAL);
    authors.write(authors.key("a"), bigString(3000), 1, SealedEntry.ETERNAL);

    books.clear();

    assertNull(books.read(books.key("a")));
    assertEquals(0, rowCount(root, "com.example.Book"));
    assertEquals(1, blobFiles(root).size());
    assertEquals(bigString(3000), authors.read(authors.key("a")).value());
    assertTrue(store.exists("com.example.Book"));
  }

  @Test
  void keys_returnsEveryStoredKey_asFreshObjects() {
    books.write(books.key("a"), "1", 1, SealedEntry.ETERNAL);
    books.write(books.key(new RecordKey("r", 2)), "2", 1, SealedEntry.ETERNAL);

    Set<Object> keys = new HashSet<>();
    books.keys().forEach(k -> keys.add(k.key()));

    assertEquals(Set.of("a", new RecordKey("r", 2)), keys);
  }

  @Test
  void destroy_removesRowsBlobDirectoryAndRecord() throws Exception {
    books.write(books.key("big"), bigString(3000), 1, SealedEntry.ETERNAL);
    Path namespaceDir = root.resolve("blobs").resolve(Digests.namespaceId("com.example.Book"));
    assertTrue(namespaceDir.toFile().isDirectory());

    store.destroy("com.example.Book");

    assertFalse(store.exists("com.example.Book"));
    assertFalse(store.names().contains("com.example.Book"));
    assertEquals(0, rowCount(root, "com.example.Book"));
    assertFalse(namespaceDir.toFile().exists());
    store.destroy("com.example.Book");
  }

  @Test
  void names_listsAttachedNamespaces_andExistsIsFalseForUnknownNames() {
    store.attach("default-update-timestamps-region", Options.defaults());

    assertEquals(Set.of("com.example.Book", "default-update-timestamps-region"), store.names());
    assertFalse(store.exists("never"));
  }

  @Test
  void blobFileNames_neverContainTheNamespaceName() throws Exception {
    SealedNamespace odd = store.attach("../../evil/Name", Options.defaults());
    odd.write(odd.key("k"), bigString(3000), 1, SealedEntry.ETERNAL);
    books.write(books.key("k"), bigString(3000), 1, SealedEntry.ETERNAL);

    List<Path> files = blobFiles(root);
    assertEquals(2, files.size());
    for (Path file : files) {
      Path relative = root.relativize(file);
      assertFalse(relative.toString().contains("Book"), relative.toString());
      assertFalse(relative.toString().contains("evil"), relative.toString());
      assertTrue(relative.toString().matches("blobs/[0-9a-f]{32}/[0-9a-f]{2}/[0-9a-f]{32}"), relative.toString());
    }
  }

  @Test
  void twoStoresOnOneRoot_withDifferentClassLoaders_seeEachOthersWrites() throws Exception {
    ClassLoader otherLoader = new ClassLoader(getClass().getClassLoader()) {};
    SealedStore other = SealedStores.openEmbedded(
        new SealedStoreSettings(root, otherLoader, StoreFixture.THRESHOLD, SealedStoreSettings.Durability.NORMAL));
    try {
      SealedNamespace otherBooks = other.attach("com.example.Book", Options.defaults());
      otherBooks.write(otherBooks.key("from-other"), "o", 1, SealedEntry.ETERNAL);
      books.write(books.key("from-first"), "f", 1, SealedEntry.ETERNAL);

      assertEquals("o", books.read(books.key("from-other")).value());
      assertEquals("f", otherBooks.read(otherBooks.key("from-first")).value());
    } finally {
      other.close();
    }
    assertNotNull(books.read(books.key("from-other")));
  }

  @Test
  void close_isIdempotent_andLaterCallsFailWithSealedStoreException() {
    store.close();
    store.close();

    assertInstanceOf(SealedStoreException.class,
        assertThrows(RuntimeException.class, () -> books.read(books.key("k"))));
  }

  @Test
  void writeAll_asksTheExpiryRuleAboutEachLiveReplacedEntry_andWritesWhatItChooses() throws Exception {
    books.write(books.key("live"), "old", 1000, 9000);
    books.write(books.key("expired"), "old", 1000, 1500);
    books.write(books.key("kept"), "old", 1000, SealedEntry.ETERNAL);
    Map<StoredKey, Object> values = new LinkedHashMap<>();
    for (String key : List.of("live", "expired", "kept", "new")) {
      values.put(books.key(key), bigString(2000) + key);
    }
    Map<String, SealedEntry> seen = new HashMap<>();

    SealedNamespace.Written written = books.writeAll(values, 2000, replaced -> {
      String key = (String) values.keySet().stream().skip(seen.size()).findFirst().orElseThrow().key();
      seen.put(key, replaced);
      return key.equals("kept") ? SealedNamespace.DO_NOT_WRITE : 7000;
    });

    assertEquals(new SealedNamespace.Written(3, 0), written);
    assertEquals(List.of(1000L, 9000L), List.of(seen.get("live").createdAt(), seen.get("live").expiresAt()));
    assertNull(seen.get("live").value());
    assertNull(seen.get("expired"), "an expired entry is no entry");
    assertNull(seen.get("new"));
    assertEquals(SealedEntry.ETERNAL, seen.get("kept").expiresAt());
    assertEquals("old", books.read(books.key("kept")).value());
    for (String key : List.of("live", "expired", "new")) {
      SealedEntry entry = books.read(books.key(key));
      assertEquals(List.of(bigString(2000) + key, 2000L, 7000L), List.of(entry.value(), entry.createdAt(),
          entry.expiresAt()));
    }
    assertEquals(3, blobFiles(root).size(), "one blob per written entry, none for the one not written");
  }

  @Test
  void writeAll_thatFailsOnOneValue_writesNothing_andLeavesNoNewBlob() throws Exception {
    books.write(books.key("k"), bigString(3000), 1000, SealedEntry.ETERNAL);
    Map<StoredKey, Object> values = new LinkedHashMap<>();
    values.put(books.key("k"), bigString(4000));
    values.put(books.key("other"), bigString(5000));
    values.put(books.key("bad"), new Thread());

    assertThrows(SealedStoreException.class, () -> books.writeAll(values, 2000, replaced -> 9000));

    assertEquals(bigString(3000), books.read(books.key("k")).value());
    assertNull(books.read(books.key("other")));
    assertEquals(1, blobFiles(root).size());
  }

  @Test
  void readAll_returnsEachVerifiedEntry_leavesOutAbsentAndRefusedOnes_andReportsTheRefused() throws Exception {
    Events events = new Events();
    SealedNamespace authors = store.attach("authors", Options.options().observer(events).build());
    authors.write(authors.key("inline"), "small", 1000, SealedEntry.ETERNAL);
    authors.write(authors.key("blob"), bigString(5000), 1000, 9000);
    authors.write(authors.key("tampered"), "bad", 1000, SealedEntry.ETERNAL);
    execute(root, "UPDATE entries SET created_at = 1 WHERE cache_key = ?", authors.key("tampered").hash());
    List<StoredKey> keys = List.of(authors.key("inline"), authors.key("blob"), authors.key("tampered"),
        authors.key("absent"));

    Map<StoredKey, SealedEntry> read = authors.readAll(keys);

    assertEquals(Set.of(authors.key("inline"), authors.key("blob")), read.keySet());
    assertEquals("small", read.get(authors.key("inline")).value());
    assertEquals(bigString(5000), read.get(authors.key("blob")).value());
    assertEquals(9000, read.get(authors.key("blob")).expiresAt());
    assertEquals(List.of(new Event("authors", authors.key("tampered").hash(), Reason.BAD_SIGNATURE,
        true)), events.seen);
    assertEquals(2L, rowCount(root, "authors"));
  }
}

