package io.cachet.sealed;

import static io.cachet.sealed.Options.options;
import static io.cachet.sealed.StoreFixture.bigString;
import static io.cachet.sealed.StoreFixture.blobOf;
import static io.cachet.sealed.StoreFixture.execute;
import static io.cachet.sealed.StoreFixture.open;
import static io.cachet.sealed.StoreFixture.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.CachetOptions;
import io.cachet.IntegrityEvent.Reason;
import io.cachet.seal.EntryFields;
import io.cachet.seal.HmacEntrySigner;
import io.cachet.seal.OlderSignatures;
import io.cachet.seal.SigningKeyFile;
import io.cachet.sealed.TestValues.Counted;
import io.cachet.sealed.TestValues.Event;
import io.cachet.sealed.TestValues.Events;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Signature version 5: an encrypted payload is named by its AES-GCM nonce and tag and checked by decrypting it,
 * not hashed; a plaintext one keeps its SHA-256. Tampering with either is a miss that never deserializes, rows
 * of version 4 still read, and a version-5 row relabelled as version 4 is refused.
 */
class CipherTagContentTest {
  private static final String NS = "books";
  private static final HexFormat HEX = HexFormat.of();

  @TempDir Path root;
  private SealedStore store;
  private SealedNamespace books;
  private final Events events = new Events();
  private StoredKey key;
  private StoredKey other;

  /** A change to an encrypted entry's stored bytes, and the reason its read must report. */
  enum Tampering {
    INLINE_CIPHERTEXT_BYTE_FLIPPED(false, Reason.HASH_MISMATCH),
    INLINE_NONCE_BYTE_FLIPPED(false, Reason.HASH_MISMATCH),
    INLINE_TAG_BYTE_FLIPPED(false, Reason.HASH_MISMATCH),
    INLINE_VALUE_TRUNCATED(false, Reason.SIZE_MISMATCH),
    INLINE_VALUE_SWAPPED_WITH_ANOTHER_ENTRYS(false, Reason.HASH_MISMATCH),
    BLOB_BYTE_FLIPPED(true, Reason.HASH_MISMATCH),
    BLOB_TRUNCATED(true, Reason.SIZE_MISMATCH),
    BLOB_CONTENTS_SWAPPED_WITH_ANOTHER_ENTRYS(true, Reason.HASH_MISMATCH),
    BLOB_ID_SWAPPED_WITH_ANOTHER_ENTRYS(true, Reason.HASH_MISMATCH),
    FILE_HASH_SWAPPED_WITH_ANOTHER_ENTRYS(false, Reason.BAD_SIGNATURE),
    FILE_HASH_REPLACED_BY_THE_PAYLOADS_SHA256(true, Reason.BAD_SIGNATURE),
    RELABELLED_AS_VERSION_4(false, Reason.BAD_SIGNATURE);

    final boolean blob;
    final Reason failure;

    Tampering(boolean blob, Reason failure) {
      this.blob = blob;
      this.failure = failure;
    }
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  private void openWith(boolean encrypt) {
    store = open(root);
    books = store.attach(NS, options().with(CachetOptions.ENCRYPT_AT_REST, encrypt).observer(events).build());
    key = books.key("k");
    other = books.key("other");
  }

  private static String text(boolean blob) {
    return blob ? bigString(5000) : "the value";
  }

  @ParameterizedTest(name = "blob={0}")
  @ValueSource(booleans = {false, true})
  void encryptedEntry_isSignedWithTheCurrentVersion_namingItsNonceAndTag_andReadsBack(boolean blob) throws Exception {
    openWith(true);
    books.write(key, text(blob), 1000, SealedEntry.ETERNAL);

    byte[] stored = payload(key);
    assertTrue(((String) column(key, "entry_signature")).startsWith("v6:"));
    assertEquals("gcm:" + HEX.formatHex(stored, 0, 12) + HEX.formatHex(stored, stored.length - 16, stored.length),
        column(key, "file_hash"));
    assertEquals(text(blob), books.read(key).value());
    assertEquals(List.of(), events.seen);
  }

  @Test
  void plaintextEntry_keepsTheSha256OfItsPayload() throws Exception {
    openWith(false);
    books.write(key, text(true), 1000, SealedEntry.ETERNAL);

    assertTrue(((String) column(key, "entry_signature")).startsWith("v6:"));
    assertEquals(Digests.sha256Hex(payload(key)), column(key, "file_hash"));
    assertEquals(text(true), books.read(key).value());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Tampering.class)
  void tamperedEncryptedEntry_isAMiss_neverDeserialized_reportedWithItsReason(Tampering tampering)
      throws Exception {
    openWith(true);
    books.write(key, new Counted(text(tampering.blob)), 1000, SealedEntry.ETERNAL);
    books.write(other, new Counted(text(tampering.blob).replace('x', 'y').replace('v', 'w')), 1000,
        SealedEntry.ETERNAL);
    tamper(tampering);
    int instances = Counted.INSTANCES.get();

    assertNull(books.read(key));

    assertEquals(instances, Counted.INSTANCES.get(), "the deserializer must not run");
    assertEquals(List.of(new Event(NS, key.hash(), tampering.failure, true)), events.seen);
  }

  @ParameterizedTest(name = "encrypted={0}")
  @ValueSource(booleans = {false, true})
  void version4Rows_asTheirWriterStoredThem_stillRead(boolean encrypt) throws Exception {
    openWith(encrypt);
    books.write(key, text(false), 1000, 900_000);
    books.write(other, text(true), 1000, SealedEntry.ETERNAL);
    asVersion4(key);
    asVersion4(other);

    assertEquals(text(false), books.read(key).value());
    assertEquals(text(true), books.read(other).value());
    assertEquals(List.of(), events.seen);
    assertTrue(((String) column(other, "entry_signature")).startsWith("v4:"));
  }

  @Test
  void version4EncryptedRow_withAFlippedCiphertextByte_isStillAHashMismatch() throws Exception {
    openWith(true);
    books.write(key, new Counted(text(true)), 1000, SealedEntry.ETERNAL);
    asVersion4(key);
    StoreFixture.flipMiddleByte(blobOf(root, NS, key.hash()));
    int instances = Counted.INSTANCES.get();

    assertNull(books.read(key));

    assertEquals(instances, Counted.INSTANCES.get());
    assertEquals(List.of(new Event(NS, key.hash(), Reason.HASH_MISMATCH, true)), events.seen);
  }

  @Test
  void expiryUpdate_ofAVersion4EncryptedRow_resignsItWithTheCurrentVersion_keepingItsSha256() throws Exception {
    openWith(true);
    books.write(key, text(true), 1000, 900_000);
    asVersion4(key);
    String sha256 = (String) column(key, "file_hash");

    assertTrue(books.updateExpiry(books.read(key), 950_000));

    assertTrue(((String) column(key, "entry_signature")).startsWith("v6:"));
    assertEquals(sha256, column(key, "file_hash"));
    assertEquals(text(true), books.read(key).value());
    assertFalse(events.seen.stream().anyMatch(event -> event.failure() != null));
  }

  private void tamper(Tampering tampering) throws Exception {
    switch (tampering) {
      case INLINE_CIPHERTEXT_BYTE_FLIPPED -> setInline(key, flipped(payload(key), 20));
      case INLINE_NONCE_BYTE_FLIPPED -> setInline(key, flipped(payload(key), 3));
      case INLINE_TAG_BYTE_FLIPPED -> setInline(key, flipped(payload(key), payload(key).length - 2));
      case INLINE_VALUE_TRUNCATED -> {
        byte[] stored = payload(key);
        setInline(key, java.util.Arrays.copyOf(stored, stored.length - 1));
      }
      case INLINE_VALUE_SWAPPED_WITH_ANOTHER_ENTRYS -> setInline(key, payload(other));
      case BLOB_BYTE_FLIPPED -> StoreFixture.flipMiddleByte(blobOf(root, NS, key.hash()));
      case BLOB_TRUNCATED -> {
        try (FileChannel channel = FileChannel.open(blobOf(root, NS, key.hash()), StandardOpenOption.WRITE)) {
          channel.truncate(channel.size() - 1);
        }
      }
      case BLOB_CONTENTS_SWAPPED_WITH_ANOTHER_ENTRYS ->
          Files.write(blobOf(root, NS, key.hash()), Files.readAllBytes(blobOf(root, NS, other.hash())));
      case BLOB_ID_SWAPPED_WITH_ANOTHER_ENTRYS -> update(key, "blob_id", column(other, "blob_id"));
      case FILE_HASH_SWAPPED_WITH_ANOTHER_ENTRYS -> update(key, "file_hash", column(other, "file_hash"));
      case FILE_HASH_REPLACED_BY_THE_PAYLOADS_SHA256 -> update(key, "file_hash", Digests.sha256Hex(payload(key)));
      case RELABELLED_AS_VERSION_4 -> execute(root,
          "UPDATE entries SET entry_signature = 'v4:' || substr(entry_signature, 4) WHERE cache_key = ?",
          key.hash());
    }
  }

  /** Rewrites the key's row as the version-4 writer stored it: the payload's SHA-256, signed with version 4. */
  private void asVersion4(StoredKey entry) throws Exception {
    String sha256 = Digests.sha256Hex(payload(entry));
    HmacEntrySigner signer = new HmacEntrySigner(
        SigningKeyFile.loadOrCreate(root, SigningKeyFile.DEFAULT_NAME, () -> true), 1);
    Object expiresAt = column(entry, "expires_at");
    EntryFields fields = new EntryFields(NS, entry.hash(), (String) column(entry, "data_type"),
        (String) column(entry, "prefix"), ((Number) column(entry, "file_size")).longValue(), sha256,
        (String) column(entry, "object_type"), (String) column(entry, "storage_format"),
        (String) column(entry, "serializer"), (String) column(entry, "compression_codec"),
        (String) column(entry, "encryption"), ((Number) column(entry, "created_at")).longValue(),
        expiresAt == null ? null : ((Number) expiresAt).longValue(), ((Number) column(entry, "generation")).longValue(),
        null);
    execute(root, "UPDATE entries SET file_hash = ?, entry_signature = ? WHERE cache_key = ?", sha256,
        OlderSignatures.sign(signer, fields, 4), entry.hash());
  }

  /** The stored payload: the inline value, or the blob file's bytes. */
  private byte[] payload(StoredKey entry) throws Exception {
    byte[] inline = (byte[]) column(entry, "inline_value");
    return inline != null ? inline : Files.readAllBytes(blobOf(root, NS, entry.hash()));
  }

  private Object column(StoredKey entry, String name) throws Exception {
    return query(root, "SELECT " + name + " FROM entries WHERE cache_key = ?", entry.hash());
  }

  private void update(StoredKey entry, String name, Object value) throws Exception {
    execute(root, "UPDATE entries SET " + name + " = ? WHERE cache_key = ?", value, entry.hash());
  }

  private void setInline(StoredKey entry, byte[] value) throws Exception {
    update(entry, "inline_value", value);
  }

  private static byte[] flipped(byte[] bytes, int index) {
    byte[] copy = bytes.clone();
    copy[index] ^= 0x40;
    return copy;
  }
}
