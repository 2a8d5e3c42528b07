package io.cachet.sealed;

import io.cachet.CachetOptions;
import io.cachet.IntegrityEvent.Reason;
import static io.cachet.sealed.Options.options;
import static io.cachet.sealed.StoreFixture.execute;
import static io.cachet.sealed.StoreFixture.open;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cachet.sealed.TestValues.Event;
import io.cachet.sealed.TestValues.Events;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The root directory and the signing keys: per-namespace key files created private, loaded once, never
 * replaced, failing closed when damaged or unsafe; in-memory keys never written; rotation by renaming.
 */
class KeyFileAndRootTest {
  private static final String DEFAULT_KEY = NamespaceOptions.DEFAULT_SIGNING_KEY_FILE;

  @TempDir Path parent;

  private Path root() {
    return parent.resolve("root");
  }

  private Path keyFile(String name) {
    return root().resolve(name);
  }

  /** Writes one entry into "books" with these options and closes the store. */
  private void writeOneEntry(Options options) {
    try (SealedStore store = open(root())) {
      SealedNamespace books = store.attach("books", options.build());
      books.write(books.key("k"), "v", 1, SealedEntry.ETERNAL);
    }
  }

  private SealedStoreException attachFails(Options options) {
    try (SealedStore store = open(root())) {
      return assertThrows(SealedStoreException.class, () -> store.attach("books", options.build()));
    }
  }

  @Test
  void attach_createsKeyFileWithMode0600_of32Bytes_inARootWithMode0700() throws Exception {
    try (SealedStore store = open(root())) {
      assertFalse(Files.exists(keyFile(DEFAULT_KEY)), "opening alone creates no key file");
      store.attach("books", Options.defaults());
    }

    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root())));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile(DEFAULT_KEY))));
    assertEquals(32, Files.size(keyFile(DEFAULT_KEY)));
  }

  @Test
  void attach_withInMemoryKey_neverWritesAKeyFile() throws Exception {
    writeOneEntry(options().with(CachetOptions.USE_IN_MEMORY_KEY, true));

    try (Stream<Path> files = Files.list(root())) {
      assertEquals(List.of(), files.filter(file -> file.getFileName().toString().endsWith(".bin")).toList());
    }
  }

  @Test
  void attach_reusesExistingKeyFile_neverRewritingIt() throws Exception {
    writeOneEntry(options());
    byte[] key = Files.readAllBytes(keyFile(DEFAULT_KEY));

    try (SealedStore store = open(root())) {
      SealedNamespace books = store.attach("books", Options.defaults());
      assertEquals("v", books.read(books.key("k")).value());
    }
    assertArrayEquals(key, Files.readAllBytes(keyFile(DEFAULT_KEY)));
  }

  @Test
  void namespacesNamingOneKeyFile_shareIt_andPerNamespaceFilesIsolateThem() throws Exception {
    Events events = new Events();
    try (SealedStore store = open(root())) {
      SealedNamespace alpha = store.attach("alpha", options().with(CachetOptions.SIGNING_KEY_FILE, "alpha.bin").build());
      SealedNamespace beta = store.attach("beta", options().with(CachetOptions.SIGNING_KEY_FILE, "beta.bin").observer(events).build());
      store.attach("gamma", options().with(CachetOptions.SIGNING_KEY_FILE, "alpha.bin").build());
      alpha.write(alpha.key("k"), "alpha's", 1, SealedEntry.ETERNAL);
      // A row of alpha copied into beta, even with its prefix rewritten, is not signed by beta's key.
      String columns = "key_bytes, data_type, file_size, file_hash, object_type, storage_format, serializer, "
          + "compression_codec, encryption, created_at, expires_at, entry_signature, inline_value, blob_id, accessed_at";
      execute(root(), "INSERT INTO entries (namespace, cache_key, prefix, " + columns + ") SELECT 'beta', cache_key, "
          + "'beta', " + columns + " FROM entries WHERE namespace = 'alpha'");

      assertNull(beta.read(beta.key("k")));
      assertEquals(Reason.UNKNOWN_KEY, events.seen.get(0).failure());
    }
    try (Stream<Path> files = Files.list(root())) {
      assertEquals(List.of("alpha.bin", "beta.bin"), files.map(file -> file.getFileName().toString())
          .filter(name -> name.endsWith(".bin")).sorted().toList());
    }
    assertFalse(Arrays.equals(Files.readAllBytes(keyFile("alpha.bin")), Files.readAllBytes(keyFile("beta.bin"))));
  }

  static Stream<Arguments> damagedKeyFiles() {
    return Stream.of(
        Arguments.of("a symbolic link", (KeyDamage) file -> {
          Path target = file.resolveSibling("../elsewhere.bin");
          Files.write(target, Files.readAllBytes(file));
          Files.delete(file);
          Files.createSymbolicLink(file, target);
        }, "symbolic link"),
        Arguments.of("truncated to 31 bytes", (KeyDamage) file -> Files.write(file,
            Arrays.copyOf(Files.readAllBytes(file), 31)), "31 bytes"),
        Arguments.of("extended to 33 bytes", (KeyDamage) file -> Files.write(file,
            Arrays.copyOf(Files.readAllBytes(file), 33)), "33 bytes"),
        Arguments.of("chmod 0644", (KeyDamage) file -> Files.setPosixFilePermissions(file,
            PosixFilePermissions.fromString("rw-r--r--")), "group or others"),
        Arguments.of("chmod 0620", (KeyDamage) file -> Files.setPosixFilePermissions(file,
            PosixFilePermissions.fromString("rw--w----")), "group or others"),
        Arguments.of("replaced by a directory", (KeyDamage) file -> {
          Files.delete(file);
          Files.createDirectory(file);
        }, "not a regular file"),
        Arguments.of("deleted while signed entries exist", (KeyDamage) Files::delete, "missing"));
  }

  /** Damages a key file in place. */
  @FunctionalInterface
  interface KeyDamage {
    void apply(Path keyFile) throws Exception;
  }

  @ParameterizedTest(name = "key file {0}")
  @MethodSource("damagedKeyFiles")
  void attach_failsClosed_namingTheFileAndTheProblem_neverMakingANewKey(String damage, KeyDamage change,
      String problem) throws Exception {
    writeOneEntry(options().with(CachetOptions.SIGNING_KEY_FILE, "books.bin"));
    change.apply(keyFile("books.bin"));
    boolean existedAfterDamage = Files.exists(keyFile("books.bin"), LinkOption.NOFOLLOW_LINKS);

    SealedStoreException failure = attachFails(options().with(CachetOptions.SIGNING_KEY_FILE, "books.bin"));

    assertTrue(failure.getMessage().contains(keyFile("books.bin").toString()), failure.getMessage());
    assertTrue(failure.getMessage().contains(problem), failure.getMessage());
    assertEquals(existedAfterDamage, Files.exists(keyFile("books.bin"), LinkOption.NOFOLLOW_LINKS),
        "no new key may be generated");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "..", "../key.bin", "/tmp/key.bin", "keys/key.bin", "keys\\key.bin",
      "C:key.bin", "a\0b.bin"})
  void attach_refusesKeyFileNamesThatAreNotPlain_withAClearError(String name) throws Exception {
    SealedStoreException failure = attachFails(options().with(CachetOptions.SIGNING_KEY_FILE, name));

    assertTrue(failure.getMessage().contains("is not allowed"), failure.getMessage());
    assertTrue(failure.getMessage().contains("plain file name") || failure.getMessage().contains("root"),
        failure.getMessage());
    try (Stream<Path> files = Files.list(parent)) {
      assertEquals(List.of("root"), files.map(file -> file.getFileName().toString()).toList());
    }
  }

  @Test
  void attach_createsANewKey_whenTheKeyFileIsMissingButNothingWasSignedWithIt() throws Exception {
    try (SealedStore store = open(root())) {
      store.attach("books", Options.defaults());
    }
    Files.delete(keyFile(DEFAULT_KEY));

    try (SealedStore store = open(root())) {
      SealedNamespace books = store.attach("books", Options.defaults());
      books.write(books.key("k"), "v", 1, SealedEntry.ETERNAL);
      assertEquals("v", books.read(books.key("k")).value());
    }
    assertEquals(32, Files.size(keyFile(DEFAULT_KEY)));
  }

  @Test
  void attach_failsClosed_whenAnotherNamespacesKeyFileIsMissing_andItHoldsSignedEntries() throws Exception {
    writeOneEntry(options());
    Files.delete(keyFile(DEFAULT_KEY));

    try (SealedStore store = open(root())) {
      assertThrows(SealedStoreException.class, () -> store.attach("authors", Options.defaults()));
    }
    assertFalse(Files.exists(keyFile(DEFAULT_KEY)));
  }

  @Test
  void rotation_byPointingAtANewKeyFile_refusesAndDeletesOldEntries_andSignsNewOnes() throws Exception {
    writeOneEntry(options());
    Events events = new Events();

    try (SealedStore store = open(root())) {
      SealedNamespace books = store.attach("books", options().with(CachetOptions.SIGNING_KEY_FILE, "rotated.bin").observer(events).build());
      StoredKey key = books.key("k");

      assertNull(books.read(key));
      assertEquals(List.of(new Event("books", key.hash(), Reason.UNKNOWN_KEY, true)), events.seen);
      assertEquals(0, StoreFixture.rowCount(root(), "books"));
      books.write(key, "new", 2, SealedEntry.ETERNAL);
      assertTrue(store.exists("books"), "the namespace record is re-signed with the new key");
    }
    try (SealedStore store = open(root())) {
      SealedNamespace books = store.attach("books", options().with(CachetOptions.SIGNING_KEY_FILE, "rotated.bin").build());
      assertEquals("new", books.read(books.key("k")).value());
    }
    assertTrue(Files.exists(keyFile(DEFAULT_KEY)), "the old key file is the operator's to remove");
  }

  @Test
  void rotation_underStorageMode_keepsOldEntries_asMisses() throws Exception {
    writeOneEntry(options());

    try (SealedStore store = open(root())) {
      SealedNamespace books = store.attach("books", options().with(CachetOptions.USE_IN_MEMORY_KEY, true).with(CachetOptions.STORAGE_MODE, true).build());
      assertNull(books.read(books.key("k")));
    }
    assertEquals(1, StoreFixture.rowCount(root(), "books"));
  }

  @Test
  void inMemoryKey_entriesDoNotSurviveARestart_andAreHandledByPolicy() throws Exception {
    writeOneEntry(options().with(CachetOptions.USE_IN_MEMORY_KEY, true));
    Events events = new Events();

    try (SealedStore store = open(root())) {
      SealedNamespace books = store.attach("books", options().with(CachetOptions.USE_IN_MEMORY_KEY, true).observer(events).build());
      assertNull(books.read(books.key("k")));
    }
    assertEquals(Reason.UNKNOWN_KEY, events.seen.get(0).failure());
    assertEquals(0, StoreFixture.rowCount(root(), "books"));
  }

  @Test
  void keyFileReplacedByAnotherValidKey_underSignedEntries_failsClosedNamingTheFile() throws Exception {
    writeOneEntry(options());
    Files.write(keyFile(DEFAULT_KEY), new byte[32]);

    try (SealedStore store = open(root())) {
      SealedStoreException failure =
          assertThrows(SealedStoreException.class, () -> store.attach("books", Options.defaults()));
      assertTrue(failure.getMessage().contains(DEFAULT_KEY), failure.getMessage());
      assertTrue(failure.getMessage().contains("replaced"), failure.getMessage());
    }
    assertEquals(1, StoreFixture.rowCount(root(), "books"));
  }

  @Test
  void open_createsMissingParentsOfTheRoot() throws Exception {
    Path deep = parent.resolve("a/b/root");

    open(deep).close();

    assertTrue(Files.isDirectory(deep));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(deep)));
  }
}
