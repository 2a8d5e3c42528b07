package io.cachet.sealed;

import io.cachet.CachetOptions;
import io.cachet.IntegrityEvent.Reason;
import static io.cachet.sealed.Options.options;
import static io.cachet.sealed.StoreFixture.execute;
import static io.cachet.sealed.StoreFixture.open;
import static io.cachet.sealed.StoreFixture.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cachet.sealed.TestValues.Counted;
import io.cachet.sealed.TestValues.Event;
import io.cachet.sealed.TestValues.Events;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Encryption at rest: AES-256-GCM payloads, sealed like any other, decrypted only after verification. */
class EncryptionTest {
  private static final String MARKER = "PLAINTEXT-MARKER-4711";

  @TempDir Path root;

  /** Whether the marker's bytes appear in any file under the root (database, WAL, blobs). */
  private boolean markerOnDisk() throws Exception {
    byte[] marker = MARKER.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        if (indexOf(Files.readAllBytes(file), marker) >= 0) {
          return true;
        }
      }
    }
    return false;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @ParameterizedTest(name = "encryptAtRest={0}")
  @ValueSource(booleans = {true, false})
  void plaintextBytes_reachTheDisk_onlyWithoutEncryption(boolean encrypt) throws Exception {
    try (SealedStore store = open(root)) {
      SealedNamespace books = store.attach("books", (encrypt ? options().with(CachetOptions.ENCRYPT_AT_REST, true) : options()).build());
      books.write(books.key("inline"), MARKER, 1, SealedEntry.ETERNAL);
      books.write(books.key("blob"), MARKER.repeat(200), 1, SealedEntry.ETERNAL);

      assertEquals(MARKER, books.read(books.key("inline")).value());
      assertEquals(MARKER.repeat(200), books.read(books.key("blob")).value());
      assertEquals(1, StoreFixture.blobFiles(root).size());
      assertEquals(encrypt ? "aes-256-gcm" : "none",
          query(root, "SELECT DISTINCT encryption FROM entries"));
    }
    assertEquals(!encrypt, markerOnDisk());
  }

  @Test
  void encryptedEntries_surviveARestart_andStayReadableWhenEncryptionIsSwitchedOff() throws Exception {
    try (SealedStore store = open(root)) {
      SealedNamespace books = store.attach("books", options().with(CachetOptions.ENCRYPT_AT_REST, true).build());
      books.write(books.key("k"), "secret", 1, SealedEntry.ETERNAL);
    }
    try (SealedStore store = open(root)) {
      SealedNamespace books = store.attach("books", options().build());
      assertEquals("secret", books.read(books.key("k")).value());
    }
  }

  @Test
  void fileSizeAndHash_coverTheStoredCiphertext_soAFlippedByteIsAHashMismatch_neverDecrypted() throws Exception {
    Events events = new Events();
    try (SealedStore store = open(root)) {
      SealedNamespace books = store.attach("books", options().with(CachetOptions.ENCRYPT_AT_REST, true).observer(events).build());
      StoredKey key = books.key("k");
      books.write(key, new Counted("secret"), 1, SealedEntry.ETERNAL);
      byte[] stored = (byte[]) query(root, "SELECT inline_value FROM entries");
      assertEquals(((Number) query(root, "SELECT file_size FROM entries")).intValue(), stored.length);
      stored[stored.length - 1] ^= 1;
      execute(root, "UPDATE entries SET inline_value = ?", (Object) stored);
      int instances = Counted.INSTANCES.get();

      assertNull(books.read(key));

      assertEquals(instances, Counted.INSTANCES.get());
      assertEquals(List.of(new Event("books", key.hash(), Reason.HASH_MISMATCH, true)), events.seen);
    }
  }

  @Test
  void encryptedRowMarkedPlaintext_isABadSignature() throws Exception {
    Events events = new Events();
    try (SealedStore store = open(root)) {
      SealedNamespace books = store.attach("books", options().with(CachetOptions.ENCRYPT_AT_REST, true).observer(events).build());
      StoredKey key = books.key("k");
      books.write(key, "secret", 1, SealedEntry.ETERNAL);
      execute(root, "UPDATE entries SET encryption = 'none'");

      assertNull(books.read(key));

      assertEquals(Reason.BAD_SIGNATURE, events.seen.get(0).failure());
    }
  }
}
