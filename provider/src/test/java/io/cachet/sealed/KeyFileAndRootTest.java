package io.cachet.sealed;

import static io.cachet.sealed.StoreFixture.open;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.seal.SigningKeyFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The root directory and the signing key file: created private, never replaced, failing closed. */
class KeyFileAndRootTest {
  @TempDir Path parent;

  private Path root() {
    return parent.resolve("root");
  }

  private Path keyFile() {
    return root().resolve(SigningKeyFile.DEFAULT_NAME);
  }

  @Test
  void open_createsRootWithMode0700_andKeyFileWithMode0600_of32Bytes() throws Exception {
    open(root()).close();

    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root())));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile())));
    assertEquals(32, Files.size(keyFile()));
  }

  @Test
  void open_reusesExistingKeyFile_neverRewritingIt() throws Exception {
    open(root()).close();
    byte[] key = Files.readAllBytes(keyFile());

    open(root()).close();

    assertArrayEquals(key, Files.readAllBytes(keyFile()));
  }

  @Test
  void open_failsNamingTheFile_whenKeyFileIsASymlink() throws Exception {
    Files.createDirectories(root());
    Path target = parent.resolve("elsewhere.bin");
    Files.write(target, new byte[32]);
    Files.createSymbolicLink(keyFile(), target);

    SealedStoreException failure = assertThrows(SealedStoreException.class, () -> open(root()));

    assertTrue(failure.getMessage().contains(keyFile().toString()), failure.getMessage());
    assertTrue(failure.getMessage().contains("symbolic link"), failure.getMessage());
  }

  @Test
  void open_failsNamingTheFile_whenKeyFileHasWrongLength() throws Exception {
    Files.createDirectories(root());
    Files.write(keyFile(), new byte[31]);

    SealedStoreException failure = assertThrows(SealedStoreException.class, () -> open(root()));

    assertTrue(failure.getMessage().contains(keyFile().toString()), failure.getMessage());
    assertTrue(failure.getMessage().contains("31 bytes"), failure.getMessage());
  }

  @Test
  void open_failsClosed_whenKeyFileDeletedWhileSignedEntriesExist() throws Exception {
    SealedStore store = open(root());
    SealedNamespace books = store.attach("books", NamespaceOptions.defaults());
    books.write(books.key("k"), "v", 1, SealedEntry.ETERNAL);
    store.close();
    Files.delete(keyFile());

    SealedStoreException failure = assertThrows(SealedStoreException.class, () -> open(root()));

    assertTrue(failure.getMessage().contains(keyFile().toString()), failure.getMessage());
    assertTrue(failure.getMessage().contains("missing"), failure.getMessage());
    assertFalse(Files.exists(keyFile()), "no new key may be generated");
  }

  @Test
  void open_failsClosed_whenKeyFileReplacedByAnotherKey_entriesBecomeMisses() throws Exception {
    SealedStore store = open(root());
    SealedNamespace books = store.attach("books", NamespaceOptions.defaults());
    books.write(books.key("k"), "v", 1, SealedEntry.ETERNAL);
    store.close();
    Files.write(keyFile(), new byte[32]);

    store = open(root());
    try {
      SealedNamespace reopened = store.attach("books", NamespaceOptions.defaults());
      assertEquals(null, reopened.read(reopened.key("k")));
    } finally {
      store.close();
    }
  }

  @Test
  void open_createsMissingParentsOfTheRoot() throws Exception {
    Path deep = parent.resolve("a/b/root");

    open(deep).close();

    assertTrue(Files.isDirectory(deep));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(deep)));
  }
}
