package io.cachet.sealed;

import static io.cachet.sealed.StoreFixture.bigString;
import static io.cachet.sealed.StoreFixture.blobOf;
import static io.cachet.sealed.StoreFixture.execute;
import static io.cachet.sealed.StoreFixture.open;
import static io.cachet.sealed.StoreFixture.query;
import static io.cachet.sealed.StoreFixture.rowCount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each test changes real bytes on disk with plain JDBC or NIO, as an attacker with file access would, and
 * proves the read is a miss and the entry is gone (DESIGN §10).
 */
class TamperingTest {
  private static final String NS = "com.example.Book";

  @TempDir Path root;
  private SealedStore store;
  private SealedNamespace books;
  private StoredKey key;

  @BeforeEach
  void openStore() {
    store = open(root);
    books = store.attach(NS, NamespaceOptions.defaults());
    key = books.key("k");
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private void writeInline() {
    books.write(key, "the value", 1000, 900_000);
  }

  private Path writeBlob() throws Exception {
    books.write(key, bigString(5000), 1000, 900_000);
    return blobOf(root, NS, key.hash());
  }

  private int update(String assignment, Object... parameters) throws Exception {
    Object[] all = new Object[parameters.length + 2];
    System.arraycopy(parameters, 0, all, 0, parameters.length);
    all[parameters.length] = NS;
    all[parameters.length + 1] = key.hash();
    return execute(root, "UPDATE entries SET " + assignment + " WHERE namespace = ? AND cache_key = ?", all);
  }

  private void assertRefusedAndGone() throws Exception {
    assertNull(books.read(key));
    assertEquals(null, query(root, "SELECT cache_key FROM entries WHERE namespace = ? AND cache_key = ?", NS,
        key.hash()));
  }

  @Test
  void read_returnsNull_andDeletesRow_whenInlineValueByteFlipped() throws Exception {
    writeInline();
    byte[] value = (byte[]) query(root, "SELECT inline_value FROM entries");
    value[value.length - 1] ^= 1;
    assertEquals(1, update("inline_value = ?", (Object) value));

    assertRefusedAndGone();
  }

  @Test
  void read_returnsNull_andDeletesRow_whenFileSizeEdited() throws Exception {
    writeInline();
    update("file_size = file_size + 1");

    assertRefusedAndGone();
  }

  @Test
  void read_returnsNull_andDeletesRowAndBlob_whenFileSizeOfBlobEntryEdited() throws Exception {
    Path blob = writeBlob();
    update("file_size = file_size - 1");

    assertRefusedAndGone();
    assertFalse(Files.exists(blob));
  }

  @Test
  void read_returnsNull_andDeletesRow_whenFileHashReplaced() throws Exception {
    writeInline();
    update("file_hash = ?", "0".repeat(64));

    assertRefusedAndGone();
  }

  @Test
  void read_returnsNull_andDeletesRow_whenExpiresAtEdited() throws Exception {
    writeInline();
    update("expires_at = NULL");

    assertRefusedAndGone();
  }

  @Test
  void read_returnsNull_andDeletesRow_whenCreatedAtEdited() throws Exception {
    writeInline();
    update("created_at = created_at + 1");

    assertRefusedAndGone();
  }

  @Test
  void read_returnsNull_andDeletesRow_whenObjectTypeChanged() throws Exception {
    writeInline();
    update("object_type = ?", "java.lang.Integer");

    assertRefusedAndGone();
  }

  @Test
  void read_returnsNull_andDeletesRow_whenKeyBytesReplaced() throws Exception {
    writeInline();
    update("key_bytes = ?", (Object) books.key("other").bytes());

    assertRefusedAndGone();
  }

  @Test
  void read_returnsNull_andDeletesRowAndBlob_whenBlobByteFlipped() throws Exception {
    Path blob = writeBlob();
    byte[] bytes = Files.readAllBytes(blob);
    bytes[100] ^= 1;
    Files.write(blob, bytes);

    assertRefusedAndGone();
    assertFalse(Files.exists(blob));
  }

  @Test
  void read_returnsNull_andDeletesRowAndBlob_whenBlobTruncated() throws Exception {
    Path blob = writeBlob();
    try (var channel = Files.newByteChannel(blob, StandardOpenOption.WRITE)) {
      channel.truncate(100);
    }

    assertRefusedAndGone();
    assertFalse(Files.exists(blob));
  }

  @Test
  void read_returnsNull_andDeletesRowAndBlob_whenBlobExtended() throws Exception {
    Path blob = writeBlob();
    Files.write(blob, new byte[] {1}, StandardOpenOption.APPEND);

    assertRefusedAndGone();
    assertFalse(Files.exists(blob));
  }

  @Test
  void read_returnsNull_andDeletesRow_whenBlobDeleted() throws Exception {
    Files.delete(writeBlob());

    assertRefusedAndGone();
  }

  @Test
  void read_returnsNull_andDeletesRow_whenRowCopiedIntoAnotherNamespace() throws Exception {
    writeInline();
    SealedNamespace authors = store.attach("com.example.Author", NamespaceOptions.defaults());
    execute(root, "INSERT INTO entries SELECT 'com.example.Author', cache_key, key_bytes, data_type, prefix, "
        + "file_size, file_hash, object_type, storage_format, serializer, compression_codec, created_at, "
        + "expires_at, entry_signature, inline_value, blob_id, accessed_at FROM entries WHERE namespace = ?", NS);

    assertNull(authors.read(authors.key("k")));
    assertEquals(0, rowCount(root, "com.example.Author"));
    assertEquals("the value", books.read(key).value());
  }

  @Test
  void read_returnsNull_andDeletesRow_whenSignatureSetToNull() throws Exception {
    writeInline();
    update("entry_signature = NULL");

    assertRefusedAndGone();
  }

  @Test
  void read_returnsNull_andDeletesRow_whenSignatureIsGarbage() throws Exception {
    writeInline();
    update("entry_signature = ?", "v3:not-hex");

    assertRefusedAndGone();
  }

  @Test
  void read_returnsNull_andDeletesRow_whenSignatureClaimsOlderVersion() throws Exception {
    writeInline();
    String signature = (String) query(root, "SELECT entry_signature FROM entries");
    update("entry_signature = ?", "v2:" + signature.substring(3));

    assertRefusedAndGone();
  }

  @Test
  void read_returnsNull_andDeletesRow_whenSignatureOfAnotherEntryIsSwappedIn() throws Exception {
    writeInline();
    StoredKey otherKey = books.key("other");
    books.write(otherKey, "the value", 1000, 900_000);
    String otherSignature = (String) query(root, "SELECT entry_signature FROM entries WHERE cache_key = ?",
        otherKey.hash());
    update("entry_signature = ?", otherSignature);

    assertRefusedAndGone();
    assertEquals("the value", books.read(otherKey).value());
  }

  @Test
  void read_neverTouchesFilesOutsideTheRoot_whenBlobIdIsAPathTraversal() throws Exception {
    Path outside = root.getParent().resolve("outside-" + System.nanoTime());
    Files.writeString(outside, "secret");
    try {
      writeBlob();
      update("blob_id = ?", "../../../" + outside.getFileName());

      assertRefusedAndGone();
      assertEquals("secret", Files.readString(outside));
    } finally {
      Files.deleteIfExists(outside);
    }
  }

  @Test
  void read_returnsNull_whenBlobFileIsReplacedBySymlink() throws Exception {
    Path blob = writeBlob();
    Path outside = root.getParent().resolve("outside-" + System.nanoTime());
    Files.write(outside, Files.readAllBytes(blob));
    try {
      Files.delete(blob);
      Files.createSymbolicLink(blob, outside);

      assertRefusedAndGone();
      assertTrue(Files.exists(outside));
    } finally {
      Files.deleteIfExists(outside);
    }
  }

  @Test
  void refusingATamperedRow_keepsTheBlobOfTheEntryItPointsTo() throws Exception {
    Path blob = writeBlob();
    StoredKey victimKey = books.key("victim");
    books.write(victimKey, bigString(6000), 1, 900_000);
    String victimBlob = (String) query(root, "SELECT blob_id FROM entries WHERE cache_key = ?", victimKey.hash());
    update("blob_id = ?", victimBlob);

    assertRefusedAndGone();
    assertEquals(bigString(6000), books.read(victimKey).value());
    assertTrue(Files.exists(blob), "the tampered row's original blob is an orphan, left for the sweep");
  }

  @Test
  void keys_skipsAndDeletes_rowsThatFailVerification() throws Exception {
    writeInline();
    books.write(books.key("good"), "g", 1, 900_000);
    update("entry_signature = NULL");

    List<StoredKey> keys = books.keys();

    assertEquals(1, keys.size());
    assertEquals("good", keys.get(0).key());
    assertEquals(1, rowCount(root, NS));
  }

  @Test
  void updateExpiry_refusesAndDeletes_aTamperedRow_insteadOfResigningIt() throws Exception {
    writeInline();
    update("created_at = 5");

    assertFalse(books.updateExpiry(key, 123));
    assertEquals(0, rowCount(root, NS));
  }

  @Test
  void updateExpiry_keepsPayloadCheck_soATamperedPayloadIsNotLaundered() throws Exception {
    writeInline();
    byte[] value = (byte[]) query(root, "SELECT inline_value FROM entries");
    value[value.length - 1] ^= 1;
    update("inline_value = ?", (Object) value);

    assertTrue(books.updateExpiry(key, 123));
    assertRefusedAndGone();
  }

  @Test
  void read_returnsNull_andDeletesRow_whenValueClassIsGoneFromTheClassLoader() throws Exception {
    ClassLoader withWidget = GoneClass.loader(root.getParent().resolve("classes-" + System.nanoTime()));
    SealedStore before = SealedStores.openEmbedded(new SealedStoreSettings(root, withWidget,
        StoreFixture.THRESHOLD, SealedStoreSettings.Durability.NORMAL));
    try {
      SealedNamespace oldBooks = before.attach(NS, NamespaceOptions.defaults());
      Object widget = withWidget.loadClass(GoneClass.NAME).getConstructor().newInstance();
      oldBooks.write(oldBooks.key("k"), widget, 1000, 900_000);
      assertEquals(GoneClass.NAME, oldBooks.read(oldBooks.key("k")).value().getClass().getName());
    } finally {
      before.close();
    }

    assertRefusedAndGone();
  }
}
